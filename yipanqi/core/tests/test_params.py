"""The one parameter parser (core.params), the API's IdField and its JSON parser (core.api.parsers)."""

import datetime
import io
import json

import pytest
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.test import override_settings
from rest_framework import serializers

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.parsers import MAX_DEPTH, InvalidJson, JSONParser, depth
from yipanqi.core.errors import DomainError, TooLarge
from yipanqi.core.params import (
    MAX_ID,
    InvalidParameter,
    bool_param,
    choice_param,
    date_param,
    id_list_param,
    id_param,
    int_param,
)

BAD_IDS = [
    "0",
    "-1",
    str(MAX_ID + 1),
    str(2**70),
    "9" * 5000,  # far beyond the digits int() converts by default (4300)
    "abc",
    "1.5",
    "1e3",
    "0x10",
    "1 2",
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() takes them, the parser does not
]


def q(query: str) -> QueryDict:
    return QueryDict(query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", None),
        ("grid=", None),
        ("grid=%20", None),
        ("grid=42", 42),
        ("grid=%2042%20", 42),
        ("grid=007", 7),
        ("grid=%2B5", 5),
        (f"grid={MAX_ID}", MAX_ID),
    ],
)
def test_id_param_reads_ids_and_treats_empty_as_absent(query, expected):
    assert id_param(q(query), "grid") == expected


def test_id_param_default_when_absent():
    assert id_param(q(""), "grid", default=0) == 0


@pytest.mark.parametrize("value", BAD_IDS)
def test_id_param_refuses_what_is_not_an_id(value):
    with pytest.raises(InvalidParameter) as caught:
        id_param({"grid": value}, "grid")

    error = caught.value
    assert (error.code, error.status, error.parameter) == ("invalid_parameter", 400, "grid")
    assert list(error.fields) == ["grid"]
    assert "grid" in str(error.message)


def test_invalid_parameter_is_a_domain_error_and_a_bad_request():
    """A DomainError for the API's handler (JSON), a BadRequest for Django's handler400 (pages)."""
    assert issubclass(InvalidParameter, DomainError)
    assert issubclass(InvalidParameter, BadRequest)


@pytest.mark.parametrize(
    ("value", "expected"), [("1", 1), ("2021", 2021), ("-3", None), ("10000", None)]
)
def test_int_param_bounds(value, expected):
    params = {"year": value}
    if expected is None:
        with pytest.raises(InvalidParameter):
            int_param(params, "year", min_value=1, max_value=9999)
    else:
        assert int_param(params, "year", min_value=1, max_value=9999) == expected


def test_int_param_never_exceeds_the_bigint_even_if_asked():
    assert int_param({"n": str(-MAX_ID)}, "n") == -MAX_ID
    with pytest.raises(InvalidParameter):
        int_param({"n": str(MAX_ID + 1)}, "n", max_value=2**80)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("TRUE", True), ("0", False), ("false", False), ("", None)],
)
def test_bool_param(value, expected):
    assert bool_param({"overdue": value}, "overdue") is expected


@pytest.mark.parametrize("value", ["yes", "2", "t", "on"])
def test_bool_param_refuses_other_words(value):
    with pytest.raises(InvalidParameter):
        bool_param({"overdue": value}, "overdue")


def test_date_param():
    assert date_param({"on": "2021-06-01"}, "on") == datetime.date(2021, 6, 1)
    assert date_param({}, "on") is None
    for bad in ["2021-02-30", "20210601", "2021-6-1", "yesterday", "9" * 100]:
        with pytest.raises(InvalidParameter):
            date_param({"on": bad}, "on")


def test_choice_param():
    assert choice_param({"status": "open"}, "status", ["open", "done"]) == "open"
    assert choice_param({"status": ""}, "status", ["open"], default="open") == "open"
    with pytest.raises(InvalidParameter) as caught:
        choice_param({"status": "bogus"}, "status", ["open", "done"])
    assert "open, done" in caught.value.fields["status"][0]


def test_id_list_param():
    assert id_list_param(q("present=3&present=&present=5"), "present") == [3, 5]
    with pytest.raises(InvalidParameter):
        id_list_param(q(f"present=3&present={2**70}"), "present")
    with pytest.raises(InvalidParameter):
        id_list_param(q("&".join(f"present={n}" for n in range(1, 203))), "present")


class _Ids(serializers.Serializer):
    grid_id = IdField()
    member_ids = serializers.ListField(child=IdField(), required=False)


@pytest.mark.parametrize("value", [0, -1, MAX_ID + 1, 2**70, "abc", "9" * 5000, 1.5])
def test_id_field_refuses_what_is_not_an_id(value):
    data = _Ids(data={"grid_id": value, "member_ids": [value]})

    assert not data.is_valid()
    assert set(data.errors) == {"grid_id", "member_ids"}


def test_id_field_takes_ids():
    data = _Ids(data={"grid_id": MAX_ID, "member_ids": [1, "2"]})

    assert data.is_valid(), data.errors
    assert data.validated_data == {"grid_id": MAX_ID, "member_ids": [1, 2]}


def _parse(body: bytes, charset: str = "utf-8"):
    return JSONParser().parse(io.BytesIO(body), "application/json", {"encoding": charset})


def _nested(levels: int) -> bytes:
    return ("[" * levels + "]" * levels).encode()


def test_json_parser_takes_ordinary_bodies():
    assert _parse(b'{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}
    assert _parse(_nested(MAX_DEPTH)) is not None


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 500, 10_000, 100_000])
def test_json_parser_refuses_deep_nesting(levels):
    with pytest.raises(InvalidJson) as caught:
        _parse(_nested(levels))
    assert caught.value.code == "invalid_json"


def test_json_parser_refuses_deep_objects_too():
    body = '{"a":' * 10_000 + "1" + "}" * 10_000
    with pytest.raises(InvalidJson):
        _parse(body.encode())


@pytest.mark.parametrize(
    ("body", "charset"),
    [(b"{", "utf-8"), (b"\xff\xfe", "utf-8"), (b"NaN", "utf-8"), (b"{}", "bz2_codec")],
)
def test_json_parser_refuses_what_is_not_json(body, charset):
    with pytest.raises(InvalidJson):
        _parse(body, charset)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_json_parser_reads_no_more_than_the_limit():
    stream = io.BytesIO(json.dumps(["x" * 2000]).encode())

    with pytest.raises(TooLarge) as caught:
        JSONParser().parse(stream, "application/json", {})

    assert (caught.value.code, caught.value.status) == ("request_too_large", 413)
    assert stream.tell() == 1001


def test_depth():
    assert [depth(1), depth([]), depth({"a": [1]}), depth([[[]], []])] == [0, 1, 2, 3]
