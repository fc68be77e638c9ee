"""The daily digest (R-AU-4): the newest rows removed together leave an intact but shorter chain,
which only a digest kept elsewhere gives away; a forged digest is refused."""

import json

import pytest
from django.core.management import CommandError, call_command

from yipanqi.core.models import AuditEvent
from yipanqi.core.tests.test_audit import _record, _triggers_disabled

pytestmark = pytest.mark.django_db


def _digest(tmp_path) -> str:
    out = tmp_path / "digests.jsonl"
    call_command("audit_digest", "--out", str(out))
    return str(out)


def test_digests_of_an_untouched_trail_hold(tmp_path, capsys):
    _record(3)
    digests = _digest(tmp_path)
    _record(2)  # a later day
    _digest(tmp_path)
    call_command("verify_audit", "--digest", digests)
    assert "2 digests hold" in capsys.readouterr().out


def test_the_newest_rows_removed_after_a_digest_are_found(tmp_path):
    _record(2)
    digests = _digest(tmp_path)
    head = json.loads(open(digests).readline())["through_id"]
    with _triggers_disabled():
        AuditEvent.objects.filter(id__gte=head - 1).delete()
    call_command("verify_audit")  # the shorter chain still links: the chain alone cannot tell
    with pytest.raises(CommandError, match=rf"digest line 1: event id {head}, the head on .* gone"):
        call_command("verify_audit", "--digest", digests)


def test_a_digest_not_signed_with_the_audit_key_is_refused(tmp_path):
    _record(1)
    digests = tmp_path / "digests.jsonl"
    made = json.loads(open(_digest(tmp_path)).readline())
    digests.write_text(json.dumps({**made, "rows": made["rows"] + 5}) + "\n")
    with pytest.raises(CommandError, match="signature does not hold"):
        call_command("verify_audit", "--digest", str(digests))
