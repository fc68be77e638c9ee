"""公民身份号码 and mobile numbers: the vectors of domain-rules Appendix B, plus the cross-checks."""

import datetime

import pytest

from yipanqi.core.errors import Invalid
from yipanqi.people.actions import sealed_id_number
from yipanqi.people.validators import check_character, normalise_phone, parse_id_number


@pytest.mark.parametrize(
    ("number", "birth", "sex"),
    [
        ("11010519491231002X", datetime.date(1949, 12, 31), "female"),
        ("440524188001010014", datetime.date(1880, 1, 1), "male"),
        ("360426199101010071", datetime.date(1991, 1, 1), "male"),
    ],
)
def test_appendix_b_valid_numbers(number, birth, sex):
    facts = parse_id_number(number)

    assert (facts.number, facts.birth_date, facts.sex) == (number, birth, sex)
    assert facts.county_code == number[:6]


def test_appendix_b_wrong_check_character_is_rejected():
    with pytest.raises(Invalid) as error:
        parse_id_number("360426199101010072")

    assert error.value.code == "bad_id_number"


def test_lower_case_x_is_accepted_and_normalised():
    assert parse_id_number("11010519491231002x").number == "11010519491231002X"


def test_retired_area_code_330283_is_accepted():
    body = "33028319800101001"
    number = body + check_character(body)

    facts = parse_id_number(number)

    assert facts.county_code == "330283"  # 奉化市, retired in 2016: history, never rejected


@pytest.mark.parametrize(
    "number",
    [
        "",
        "11010519491231002",  # 17 characters
        "1101051949123100211",  # 19 characters
        "11010519491231002Y",  # not a digit or X
    ],
)
def test_malformed_numbers_are_rejected(number):
    with pytest.raises(Invalid):
        parse_id_number(number)


@pytest.mark.parametrize(
    "body",
    [
        "11010519490230001",  # 30 February
        "11010520991231001",  # born in the future
        "11010518700101001",  # before 1880
    ],
)
def test_impossible_birth_dates_are_rejected_even_with_a_correct_check_character(body):
    with pytest.raises(Invalid) as error:
        parse_id_number(body + check_character(body))

    assert error.value.code == "bad_id_number"  # the check character is right: the date is not


def test_birth_date_in_the_future_relative_to_today_is_rejected():
    with pytest.raises(Invalid):
        parse_id_number("360426199101010071", today=datetime.date(1990, 12, 31))


def test_sealing_cross_checks_birth_date():
    with pytest.raises(Invalid) as error:
        sealed_id_number("360426199101010071", birth_date=datetime.date(1991, 1, 2))

    assert error.value.code == "id_birth_mismatch"


def test_sealing_cross_checks_sex():
    with pytest.raises(Invalid) as error:
        sealed_id_number("11010519491231002X", sex="male")

    assert error.value.code == "id_sex_mismatch"


def test_sealing_derives_birth_date_and_sex_and_masks():
    sealed = sealed_id_number("11010519491231002X")

    assert sealed["birth_date"] == datetime.date(1949, 12, 31)
    assert sealed["sex"] == "female"
    assert sealed["id_number_masked"] == "1101**********002X"
    assert b"11010519491231002X" not in sealed["id_number_cipher"]


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobile_numbers_are_normalised(raw, normal):
    assert normalise_phone(raw) == normal


@pytest.mark.parametrize(
    "raw", ["12812345678", "1381234567", "138123456789", "0574-88888888", "abc"]
)
def test_bad_mobile_numbers_are_rejected(raw):
    with pytest.raises(Invalid) as error:
        normalise_phone(raw)

    assert error.value.code == "bad_phone"
