"""Logs carry no full ID numbers or phones (R-AU-7); every response names its request id."""

import io
import logging
import re
import sys

import pytest

from yipanqi.core.log_scan import LeakScanner
from yipanqi.core.logging import RedactPersonalData, redact
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.tests.factories import PASSWORD

REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id 330283199001011234 found", "id [id-number] found"),
        ("id 33028319900101123X found", "id [id-number] found"),
        ("id 33028319900101123x", "id [id-number]"),
        ("call 13812345678.", "call [mobile]."),
        ("call 138 1234 5678", "call [mobile]"),
        ("call 138-1234-5678", "call [mobile]"),
        ("call +86 13812345678", "call [mobile]"),
        ("call +8613812345678", "call [mobile]"),
        (
            "/people/?phone=13812345678&id=330283199001011234",
            "/people/?phone=[mobile]&id=[id-number]",
        ),
    ],
)
def test_redact_blanks_id_numbers_and_mobiles(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "order 20211381234567890 ready",  # a longer number is not an ID number
        "12812345678",  # not a mobile prefix
        "1381234567",  # ten digits
        "timestamp 1712345678901",
        "area 330283001002",
    ],
)
def test_redact_leaves_other_numbers_alone(text):
    assert redact(text) == text


def _record(msg, *args, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("yipanqi.test", logging.WARNING, __file__, 1, msg, args, exc_info)


def test_filter_redacts_message_arguments():
    record = _record("person %s phone %s", "330283199001011234", "13812345678")

    assert RedactPersonalData().filter(record) is True
    assert record.getMessage() == "person [id-number] phone [mobile]"


def test_filter_redacts_the_traceback_text():
    try:
        raise ValueError("bad id 330283199001011234")
    except ValueError:
        record = _record("import failed", exc_info=sys.exc_info())

    RedactPersonalData().filter(record)

    assert "[id-number]" in record.exc_text
    assert "330283199001011234" not in logging.Formatter().format(record)


def test_filter_lets_malformed_records_through():
    record = _record("two %s %s", "one")

    assert RedactPersonalData().filter(record) is True


def _redacting_handlers(logger: logging.Logger) -> list[logging.Handler]:
    """The configured handlers (not the test run's own log scan, core.log_scan)."""
    return [
        h
        for h in logger.handlers
        if any(isinstance(f, RedactPersonalData) for f in h.filters)
        and not isinstance(h, LeakScanner)
    ]


@pytest.mark.parametrize("name", ["yipanqi.people", "django.request", "django.server"])
def test_configured_logging_redacts_every_route(name):
    # given: the configured handler writes to a buffer
    logger = logging.getLogger(name)
    target = logger if not logger.propagate else logging.getLogger()
    (handler,) = _redacting_handlers(target)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        # when
        logger.error("lookup phone=%s", "13812345678")
    finally:
        handler.setStream(previous)

    # then
    assert "lookup phone=[mobile]" in buffer.getvalue()
    assert "13812345678" not in buffer.getvalue()


def test_django_loggers_have_no_unfiltered_handlers():
    for name in ("django", "django.request", "django.security", "django.server"):
        logger = logging.getLogger(name)
        ours = [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]
        assert ours == _redacting_handlers(logger), name


def test_every_response_carries_a_fresh_request_id(client, db):
    first = client.get("/accounts/login/")
    second = client.get("/accounts/login/")

    assert REQUEST_ID.match(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_api_and_error_responses_carry_a_request_id(client, db):
    assert REQUEST_ID.match(client.get("/api/v1/auth/me/")["X-Request-ID"])
    assert REQUEST_ID.match(client.get("/no-such-page/")["X-Request-ID"])


def test_audit_events_keep_the_request_id_and_ip(client, personas):
    response = client.post(
        "/accounts/login/",
        {"username": "grid_worker_a1", "password": PASSWORD},
        REMOTE_ADDR="10.9.8.7",
    )

    event = AuditEvent.objects.get(action="accounts.login.succeeded")
    assert event.request_id == response["X-Request-ID"]
    assert event.ip == "10.9.8.7"
