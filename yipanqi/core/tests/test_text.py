"""Names show every character they hold (issue 23, item 9c): text-direction controls and
invisible characters are refused by one shared check (core.text) wherever a name is entered,
while ordinary Chinese names — 阿依古丽·买买提 with its middle dot included — pass."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from yipanqi.core.errors import Invalid
from yipanqi.core.text import hidden_characters, require_visible, validate_visible_text

BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)]
INVISIBLE = [chr(c) for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)]
OTHER_CF_CC = ["\u00ad", "\u180e", "\u2061", "\ufff9", "\U000e0041", "\t", "\n", "\x00", "\x7f"]
OTHER_HIDDEN = ["\u2028", "\u2029", "\u3164", "\u115f"]  # separators, Hangul filler

BAD_NAMES = [
    pytest.param(f"张{c}三", id=f"U+{ord(c):04X}")
    for c in [*BIDI, *INVISIBLE, *OTHER_CF_CC, *OTHER_HIDDEN]
]
GOOD_NAMES = [
    "张三",
    "欧阳明华",
    "阿依古丽·买买提",  # U+00B7 middle dot, as ID cards print it
    "买买提・艾力",  # U+30FB, the full-width dot some keyboards type
    "𠮷野",  # a CJK Extension B character (outside the BMP)
    "Anna-Lena O'Neil",
    "李 四",
    "锦屏街道（奉化区）第一网格",
]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_hidden_characters_are_refused(name):
    assert hidden_characters(name) == [name[1]]
    with pytest.raises(ValidationError) as field_error:
        validate_visible_text(name)
    assert field_error.value.code == "invisible_characters"
    with pytest.raises(Invalid) as domain_error:
        require_visible(name, field="name")
    assert domain_error.value.code == "invisible_characters"
    assert f"U+{ord(name[1]):04X}" in str(domain_error.value.message)
    assert list(domain_error.value.fields) == ["name"]


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_ordinary_names_pass(name):
    assert hidden_characters(name) == []
    validate_visible_text(name)
    assert require_visible(name, field="name") == name


def test_the_message_names_each_character_once():
    with pytest.raises(Invalid) as refused:
        require_visible("\u202e张\u200b三\u200b", field="name")
    message = str(refused.value.message)
    assert "U+202E, U+200B" in message and message.count("U+200B") == 1


# --- where names are entered -------------------------------------------------------------------

SPOOFED = ["张\u202e三", "王\u200b五", "\ufeff赵六", "钱\u2066七\u2069"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SPOOFED)
def test_person_create_refuses_a_spoofed_name(district, name):
    from yipanqi.people.actions import person_create
    from yipanqi.people.models import Person
    from yipanqi.people.tests.factories import make_id_number

    with pytest.raises(Invalid) as refused:
        person_create(
            area=district.grids[0],
            name=name,
            id_number=make_id_number(datetime.date(1980, 5, 1), 7),
            actor=district.personas["community_admin_a1"],
        )
    assert refused.value.code == "invisible_characters" and "name" in refused.value.fields
    assert not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["阿依古丽·买买提", "欧阳明华"])
def test_person_create_keeps_an_ordinary_name(district, name):
    from yipanqi.people.actions import person_create
    from yipanqi.people.tests.factories import make_id_number

    person = person_create(
        area=district.grids[0],
        name=name,
        id_number=make_id_number(datetime.date(1980, 5, 1), 7, female=True),
        actor=district.personas["community_admin_a1"],
    )
    assert person.name == name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "display_name", "field"),
    [
        ("zhang\u202esan", "", "username"),
        ("zhang\u200bsan", "", "username"),
        ("zhangsan", "张\u202e三", "display_name"),
        ("zhangsan", "\u2067张三", "display_name"),
    ],
)
def test_user_create_refuses_a_spoofed_name(username, display_name, field):
    from yipanqi.accounts.actions import user_create
    from yipanqi.accounts.models import User

    with pytest.raises(Invalid) as refused:
        user_create(
            username=username,
            display_name=display_name,
            password="Zq-8v!mT2#pa",
            actor=None,
        )
    assert refused.value.code == "invisible_characters" and field in refused.value.fields
    assert not User.objects.filter(username=username).exists()


@pytest.mark.django_db
def test_user_create_keeps_an_ordinary_name():
    from yipanqi.accounts.actions import user_create

    user = user_create(
        username="ayiguli", display_name="阿依古丽·买买提", password="Zq-8v!mT2#pa", actor=None
    )
    assert user.display_name == "阿依古丽·买买提"


@pytest.mark.django_db
@pytest.mark.parametrize("name", SPOOFED)
def test_unit_names_are_checked_too(district, name):
    from yipanqi.organisations import actions as org
    from yipanqi.organisations.choices import UnitKind

    admin = district.personas["community_admin_a1"]
    with pytest.raises(Invalid) as refused:
        org.unit_create(
            area=district.communities[0], name=name, kind=UnitKind.SOCIAL_ORGANISATION, actor=admin
        )
    assert refused.value.code == "invisible_characters"
