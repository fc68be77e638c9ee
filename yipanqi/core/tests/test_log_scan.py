"""The log scan (R-AU-7) sees what the console would print: redacted numbers pass, secrets do
not."""

import logging

from yipanqi.core.log_scan import LeakScanner


def _scan(tmp_path, message: str, *args) -> str:
    scanner = LeakScanner(tmp_path / "leaks.txt")
    logger = logging.getLogger("yipanqi.test.logscan")
    logger.addHandler(scanner)
    logger.propagate = False  # the run's own scan must not see these deliberate leaks
    try:
        logger.warning(message, *args)
    finally:
        logger.removeHandler(scanner)
        logger.propagate = True
    path = tmp_path / "leaks.txt"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_numbers_the_filter_redacts_are_not_leaks(tmp_path):
    assert _scan(tmp_path, "lookup of %s by 13957001234", "330283197605120016") == ""


def test_secrets_are_leaks(tmp_path):
    assert "password" in _scan(tmp_path, "login with password=%s", "hunter2hunter2")
    assert "authorization header" in _scan(tmp_path, "headers: Authorization: Bearer x")
    leak = _scan(tmp_path, "token bearer %s", "A" * 43)
    assert "bearer token" in leak and "A" * 43 not in leak  # reported without the secret
