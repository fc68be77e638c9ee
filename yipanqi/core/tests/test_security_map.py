"""docs/security.md maps each row of security-requirements.md to the tests that prove it: every
test it names exists, every row is there once, and its counts are the table's own."""

import re
from collections import Counter
from pathlib import Path

from django.conf import settings

MAP = Path(settings.BASE_DIR) / "docs" / "security.md"
ROW = re.compile(r"^\| (R-[A-Z]+-\d+) \|")
REFERENCE = re.compile(r"`(yipanqi/[\w/]+\.py)?(?:::(\w+))?")
STATUS = re.compile(r"\| \*\*(proven|partly|deployer|not yet)\*\*")


def rows() -> dict[str, str]:
    found = {}
    for line in MAP.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            assert match.group(1) not in found, f"{match.group(1)} is mapped twice"
            found[match.group(1)] = line
    return found


def named_tests(line: str) -> list[tuple[str, str]]:
    """(file, test) pairs; a bare `::name` belongs to the file named last before it."""
    pairs, current = [], None
    for path, name in REFERENCE.findall(line):
        current = path or current
        if name and current and current.split("/")[-1].startswith("test_"):
            pairs.append((current, name))
    return pairs


def test_every_requirement_is_mapped_once():
    source = Path(settings.BASE_DIR).parent / "shared" / "reference" / "security-requirements.md"
    mapped = set(rows())
    if source.exists():  # beside the project on the team's machines
        wanted = set(re.findall(r"^\| (R-[A-Z]+-\d+) \|", source.read_text(), re.M))
        assert mapped == wanted
    assert len(mapped) == 49


def test_every_named_test_exists():
    missing, checked = [], 0
    for requirement, line in rows().items():
        for path, name in named_tests(line):
            text = (Path(settings.BASE_DIR) / path).read_text(encoding="utf-8")
            checked += 1
            if not re.search(rf"^(async )?def {name}\(", text, re.M):
                missing.append(f"{requirement}: {path}::{name}")
    assert not missing, "\n".join(missing)
    assert checked > 150


def test_the_counts_are_the_tables_own():
    statuses = Counter(STATUS.search(line).group(1) for line in rows().values())
    text = MAP.read_text(encoding="utf-8")
    for status in ("proven", "partly", "deployer"):
        assert f"**{statuses[status]} {status}**" in text, (status, statuses[status])
