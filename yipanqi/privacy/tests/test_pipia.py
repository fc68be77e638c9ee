"""R-PI-10 (PIPL arts. 55-56): a personal-information impact assessment exists for sensitive
information, for public disclosure (公示) and for exports to other bodies, each dated within one
year. The check fails when a document is missing, undated, dated in the future or stale: review
it (docs/pipia/README.md) and move its date."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

PIPIA = Path(__file__).resolve().parents[3] / "docs" / "pipia"
REQUIRED = {
    "sensitive-pi.md": "sensitive personal information",
    "public-disclosure.md": "public disclosure (公示)",
    "exports.md": "exports to other bodies",
}
SECTIONS = ("## Scope", "## Risks", "## Measures", "## Residual risk")
DATE = re.compile(r"^Date: (\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)
REVIEW = re.compile(r"^Review by: (\d{4}-\d{2}-\d{2})", re.MULTILINE)
TEST_ID = re.compile(r"`(yipanqi/[\w/]+\.py)(?:::(\w+))?`")


def assessment_date(text: str) -> datetime.date | None:
    found = DATE.search(text)
    return datetime.date.fromisoformat(found.group(1)) if found else None


def problems(text: str, today: datetime.date) -> list[str]:
    """Why an assessment does not count as current on `today` (none: it does)."""
    try:
        dated = assessment_date(text)
    except ValueError:
        return ["the `Date:` line is not a real date"]
    if dated is None:
        return ["no `Date: YYYY-MM-DD` line"]
    found = []
    if dated > today:
        found.append(f"dated in the future ({dated})")
    if dated < _a_year_before(today):
        found.append(f"older than one year ({dated}); review it and move its date")
    found += [f"no {s!r} section" for s in SECTIONS if s not in text]
    if not REVIEW.search(text):
        found.append("no `Review by:` line")
    return found


def _a_year_before(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_each_required_assessment_exists_and_is_dated_within_a_year(name):
    path = PIPIA / name
    assert path.is_file(), f"missing PIPIA for {REQUIRED[name]}: {path}"
    text = path.read_text(encoding="utf-8")
    assert problems(text, timezone.localdate()) == [], name


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_the_measures_point_to_code_and_tests_that_exist(name):
    """An assessment's measures name real files and test functions; a renamed test makes it
    stale."""
    root = PIPIA.parents[1]
    text = (PIPIA / name).read_text(encoding="utf-8")
    named = TEST_ID.findall(text)
    assert named, name
    for file, function in named:
        path = root / file
        assert path.is_file(), f"{name}: {file}"
        if function and function.startswith("test_"):
            assert f"def {function}(" in path.read_text(encoding="utf-8"), f"{name}: {function}"


def test_the_check_fails_when_stale_undated_or_in_the_future():
    body = "".join(f"{s}\n" for s in SECTIONS) + "Review by: 2027-12-06\n"
    today = datetime.date(2026, 12, 6)
    assert problems("Date: 2026-12-06\n" + body, today) == []
    assert problems("Date: 2025-12-06\n" + body, today) == []  # exactly a year: still current
    assert problems("Date: 2025-12-05\n" + body, today)[0].startswith("older than one year")
    assert problems("Date: 2026-12-07\n" + body, today)[0].startswith("dated in the future")
    assert problems(body, today) == ["no `Date: YYYY-MM-DD` line"]
    assert "no '## Risks' section" in problems("Date: 2026-12-06\n## Scope\n", today)
