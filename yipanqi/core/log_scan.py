"""pytest plugin (R-AU-7): what the logs would hold over the whole test run is scanned for
secrets and full personal data, and the run fails if any is found.

Every process of the run (pytest-xdist workers too) adds a handler beside the console handler,
with the same redaction filter, so it sees exactly what the console would print: full ID
numbers, mobile numbers, `password=`, an `Authorization:` header or a bearer token are leaks.
Offending lines are written, masked, to a folder shared by the run; the controlling process
reads them at the end, prints them and fails the run.
"""

import logging
import os
import re
import tempfile
from pathlib import Path

import pytest

from yipanqi.core.logging import RedactPersonalData
from yipanqi.core.pii import redact_free_text

FOLDER_VARIABLE = "YIPANQI_TEST_LOG_SCAN_DIR"
LEAKS = {
    "ID number": re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),
    "mobile number": re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    "password": re.compile(r"password\s*[=:]\s*\S", re.IGNORECASE),
    "authorization header": re.compile(r"authorization\s*:", re.IGNORECASE),
    "bearer token": re.compile(r"bearer\s+[A-Za-z0-9_\-]{20,}", re.IGNORECASE),
}


class LeakScanner(logging.Handler):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.addFilter(RedactPersonalData())

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage() + "\n" + (record.exc_text or "")
        except Exception:  # malformed args are the handler's own error, not a leak
            return
        found = [name for name, pattern in LEAKS.items() if pattern.search(text)]
        if found:
            shown = redact_free_text(text)
            for pattern in LEAKS.values():  # the report must not repeat the secret
                shown = pattern.sub("[…]", shown)
            line = f"{record.name}: {', '.join(found)}: {shown[:300]!r}\n"
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line)


def pytest_configure(config: pytest.Config) -> None:
    if FOLDER_VARIABLE not in os.environ:  # the controlling process; workers inherit it
        os.environ[FOLDER_VARIABLE] = tempfile.mkdtemp(prefix="yipanqi-logs-")
        config._yipanqi_log_scan = os.environ[FOLDER_VARIABLE]  # type: ignore[attr-defined]


def pytest_sessionstart(session: pytest.Session) -> None:
    # After Django's logging configuration (it would replace the root handlers).
    path = Path(os.environ[FOLDER_VARIABLE]) / f"leaks-{os.getpid()}.txt"
    logging.getLogger().addHandler(LeakScanner(path))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    folder = getattr(session.config, "_yipanqi_log_scan", None)
    if folder is None:
        return  # a worker: the controlling process reports for the whole run
    leaks = [line for f in sorted(Path(folder).glob("leaks-*.txt")) for line in f.open()]
    if leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_sep("=", f"R-AU-7: {len(leaks)} log records leak secrets or PI")
            for line in leaks[:50]:
                reporter.write_line(line.rstrip())
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = getattr(config, "_yipanqi_log_scan", None)
    if folder:
        for leak_file in Path(folder).glob("*"):
            leak_file.unlink()
        Path(folder).rmdir()
        del os.environ[FOLDER_VARIABLE]
