"""Input rules: unified social credit codes (GB 32100-2015) and division codes (统计用区划代码)."""

from types import SimpleNamespace

import pytest

from yipanqi.core.errors import Invalid
from yipanqi.organisations import validators
from yipanqi.organisations.choices import AreaKind

# --- unified social credit code (统一社会信用代码) ------------------------------------------


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110108551385082Q"])
def test_published_credit_codes_are_valid(code):
    assert validators.is_valid_credit_code(code)
    validators.validate_credit_code(code)  # does not raise


def test_credit_code_with_a_wrong_check_character_is_invalid():
    # A widely copied example whose check character should be 7 (domain-rules §10.3).
    assert not validators.is_valid_credit_code("91310115MA1H8R7C6D")
    assert validators.is_valid_credit_code("91310115MA1H8R7C67")


@pytest.mark.parametrize(
    "code",
    [
        "",
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19 characters
        "91350100M000100I43",  # I is not in the alphabet
        "91350100M000100O43",  # nor O
        "9135010OM000100Y43",  # the registering authority's division code must be digits
        "91350100m000100y43",  # lower case is not the code
    ],
)
def test_malformed_credit_codes_are_invalid(code):
    assert not validators.is_valid_credit_code(code)


def test_invalid_credit_code_names_the_field():
    with pytest.raises(Invalid) as exc:
        validators.validate_credit_code("91310115MA1H8R7C6D")

    assert exc.value.code == "bad_credit_code"
    assert "credit_code" in exc.value.fields


def test_every_single_character_change_is_caught():
    """The check character catches any one substituted character (a property of mod 31)."""
    valid = "91350100M000100Y43"
    for position in range(17):
        for char in validators.USCC_ALPHABET:
            if char == valid[position]:
                continue
            changed = valid[:position] + char + valid[position + 1 :]
            if position in range(2, 8) and not char.isdigit():
                continue  # already refused for its shape
            assert not validators.is_valid_credit_code(changed), changed


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "名" * 151])
def test_bad_names_are_refused(name):
    with pytest.raises(Invalid) as exc:
        validators.validate_name(name)
    assert exc.value.code == "bad_name"


# --- division codes ---------------------------------------------------------------------------

DISTRICT = SimpleNamespace(kind=AreaKind.DISTRICT, code="330213")
TOWN = SimpleNamespace(kind=AreaKind.TOWN, code="330213001000")
COMMUNITY = SimpleNamespace(kind=AreaKind.COMMUNITY, code="330213001001")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parent", "kind", "code"),
    [
        (None, AreaKind.DISTRICT, "330213"),
        (DISTRICT, AreaKind.TOWN, "330213001000"),  # 街道 001–099, village digits 000
        (DISTRICT, AreaKind.TOWN, "330213100000"),  # 镇 100–199
        (TOWN, AreaKind.COMMUNITY, "330213001001"),  # 居委会 001–199
        (TOWN, AreaKind.COMMUNITY, "330213001201"),  # 村委会 200–399
        (COMMUNITY, AreaKind.GRID, "330213001001001"),
    ],
)
def test_good_division_codes_pass(parent, kind, code):
    validators.validate_area(parent=parent, name="名称", code=code, kind=kind)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parent", "kind", "code", "error"),
    [
        (None, AreaKind.DISTRICT, "33021", "bad_code"),  # too short
        (DISTRICT, AreaKind.TOWN, "3302130010", "bad_code"),  # 10 digits
        (DISTRICT, AreaKind.TOWN, "33021300100A", "bad_code"),  # not digits
        (DISTRICT, AreaKind.TOWN, "330212001000", "bad_code"),  # another district's prefix
        (DISTRICT, AreaKind.TOWN, "330213001001", "bad_code"),  # a town's village digits are 000
        (DISTRICT, AreaKind.TOWN, "330213000000", "bad_code"),  # town digits 000 is the county
        (TOWN, AreaKind.COMMUNITY, "330213002001", "bad_code"),  # another town's prefix
        (TOWN, AreaKind.COMMUNITY, "330213001000", "bad_code"),  # that is the town's own code
        (TOWN, AreaKind.COMMUNITY, "330213001001001", "bad_code"),  # grid length
        (COMMUNITY, AreaKind.GRID, "330213001001", "bad_code"),  # community length
        (COMMUNITY, AreaKind.GRID, "330213001002001", "bad_code"),  # another community's prefix
        (COMMUNITY, AreaKind.GRID, "330213001001000", "bad_code"),  # grid number 000
        (DISTRICT, AreaKind.COMMUNITY, "330213001001", "bad_parent"),  # skips a level
        (TOWN, AreaKind.GRID, "330213001001001", "bad_parent"),
        (COMMUNITY, AreaKind.TOWN, "330213001000", "bad_parent"),
        (None, AreaKind.TOWN, "330213001000", "bad_parent"),  # only districts are roots
        (DISTRICT, "province", "330213001000", "bad_kind"),
    ],
)
def test_bad_division_codes_are_refused(parent, kind, code, error):
    with pytest.raises(Invalid) as exc:
        validators.validate_area(parent=parent, name="名称", code=code, kind=kind)
    assert exc.value.code == error


def test_a_used_division_code_is_refused(district):
    with pytest.raises(Invalid) as exc:
        validators.validate_area(
            parent=district.towns[0], name="名称", code="330213001001", kind=AreaKind.COMMUNITY
        )
    assert exc.value.code == "duplicate_code"
    assert "code" in exc.value.fields
