"""`make scan`: a dynamic scan (R-SC-3) of a demo served on loopback, by wapiti3.

Run by hand before a release, never in CI (it takes minutes and its own packages). wapiti3 pins
its own versions of shared libraries, so it lives in its own virtualenv (var/scan/venv). The scan
signs in as the demo's community admin, is bounded in time, and the command fails when the report
holds a finding of level High or Critical. The report stays in var/scan/ (outside git).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yipanqi.core.testing import demo_env, start_server, yipanqi_bin  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "scan"
VENV = OUT / "venv"
HIGH = 3  # wapiti's levels: 1 low, 2 medium, 3 high, 4 critical
SCAN_SECONDS = int(os.environ.get("SCAN_SECONDS", "600"))
# The attack modules that apply to this app; those needing the internet (ssrf and friends use
# wapiti's own DNS server) are left out, since the scan talks to 127.0.0.1 only.
MODULES = ("xss", "permanentxss", "sql", "timesql", "exec", "file", "crlf", "redirect", "csrf",
           "http_headers", "cookieflags", "methods")  # fmt: skip
DEMO_PASSWORD = os.environ.get("YIPANQI_DEMO_PASSWORD", "Fenghua#2021demo")


def wapiti() -> Path:
    binary = VENV / "bin" / "wapiti"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = [str(VENV / "bin" / "pip"), "install", "--quiet", "wapiti3==3.2.3"]
        subprocess.run(pip, check=True, timeout=1200)
    return binary


def serve_demo():
    db = OUT / "demo.sqlite3"
    if not db.exists():
        build = [yipanqi_bin(), "demo", "--no-serve", "--db", str(db)]
        subprocess.run(build, check=True, env=demo_env(db), timeout=900)
    return start_server(demo_env(db))


def scan(url: str) -> Path:
    report = OUT / "report.json"
    per_module = max(30, SCAN_SECONDS // len(MODULES))
    command = [
        str(wapiti()),
        *("-u", url + "/", "--scope", "folder", "-f", "json", "-o", str(report)),
        *("--form-url", url + "/accounts/login/"),
        *("--form-user", "jp_fengzhong_admin", "--form-password", DEMO_PASSWORD),
        *("-x", url + "/accounts/logout/", "-m", ",".join(MODULES)),
        # wapiti stops between modules: bound each attack and the crawl too
        *("--max-scan-time", str(SCAN_SECONDS), "--max-attack-time", str(per_module)),
        *("-d", "4", "--max-links-per-page", "30", "--max-files-per-dir", "30"),
        *("--flush-session", "--no-bugreport", "-v", "1"),
    ]
    subprocess.run(command, check=True, timeout=SCAN_SECONDS * 3 + 600)
    return report


def high_findings(report: Path) -> list[tuple[str, str]]:
    found = json.loads(report.read_text())["vulnerabilities"]
    return [
        (category, item.get("path", ""))
        for category, items in found.items()
        for item in items
        if item.get("level", 0) >= HIGH
    ]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    url, server = serve_demo()
    try:
        report = scan(url)
    finally:
        server.terminate()
        server.wait(timeout=10)
    findings = high_findings(report)
    for category, path in findings:
        sys.stdout.write(f"HIGH: {category} at {path}\n")
    sys.stdout.write(f"scan: {len(findings)} High or Critical findings; report {report}\n")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
