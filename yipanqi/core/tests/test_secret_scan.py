"""The secret scan of `make lint` (scripts/secret_scan.py, R-PI-5) fails on a secret the audited
baseline does not list, and passes the ones it lists wherever their lines move."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location("secret_scan", ROOT / "scripts" / "secret_scan.py")
secret_scan = importlib.util.module_from_spec(spec)
spec.loader.exec_module(secret_scan)

PLANTED = 'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7ABCDEFG"\n'


def test_a_secret_outside_the_baseline_is_reported(tmp_path):
    leaked = tmp_path / "settings_local.py"
    leaked.write_text(PLANTED)
    report = secret_scan.scan(leaked.name, cwd=tmp_path)
    baseline = json.loads(secret_scan.BASELINE.read_text())
    assert secret_scan.new_findings(report, baseline) != []


def test_a_listed_secret_passes_whatever_line_it_moves_to(tmp_path):
    leaked = tmp_path / "settings_local.py"
    leaked.write_text(PLANTED)
    listed = secret_scan.scan(leaked.name, cwd=tmp_path)
    leaked.write_text("# a comment added above it\n\n" + PLANTED)
    moved = secret_scan.scan(leaked.name, cwd=tmp_path)
    assert moved["results"] and secret_scan.new_findings(moved, listed) == []
