"""`make lint`'s secret scan (R-PI-5): detect-secrets over the files git tracks, against the
audited baseline `.secrets.baseline` (the demo's published keys and passwords, test passwords).

Fails when a file holds a secret the baseline does not list, naming the file and line. A finding
is matched by file and hashed value, not by line, so editing around a listed one does not fail.
After checking that a new finding is not a real secret (a test password, a demo value), list it:
`.venv/bin/detect-secrets scan --baseline .secrets.baseline` and commit the baseline.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / ".secrets.baseline"
EXCLUDE = r"(/migrations/|\.mo$|^\.secrets\.baseline$)"


def findings(report: dict) -> set[tuple[str, str]]:
    return {(path, s["hashed_secret"]) for path, found in report["results"].items() for s in found}


def scan(*paths: str, cwd: Path = ROOT) -> dict:
    """detect-secrets' report of `paths` under `cwd` (by default: every file git tracks)."""
    command = [str(Path(sys.executable).parent / "detect-secrets"), "scan"]
    command += ["--exclude-files", EXCLUDE]
    command += ["--all-files", *paths] if paths else []  # named files, tracked or not
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def new_findings(report: dict, baseline: dict) -> list[str]:
    listed = findings(baseline)
    return sorted(
        f"{path}:{s['line_number']}: {s['type']}"
        for path, found in report["results"].items()
        for s in found
        if (path, s["hashed_secret"]) not in listed
    )


def main() -> int:
    new = new_findings(scan(), json.loads(BASELINE.read_text()))
    for line in new:
        sys.stdout.write(f"possible secret not in .secrets.baseline: {line}\n")
    if new:
        sys.stdout.write("A real secret must leave the repository; else list it (see above).\n")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
