"""Claims under load (PostgreSQL): 50 liaisons of 50 units claim one single-claim need at once
over the API; exactly one claim is made and 49 answer a clean 409 `already_claimed`, no 5xx.
Each thread has its own API client and database connection; a barrier releases them together.
The need's row lock serialises the check, the partial unique constraint backs it."""

import datetime

import pytest
from rest_framework.test import APIClient

from yipanqi.accounts.actions import user_create
from yipanqi.cobuilding.models import Claim
from yipanqi.cobuilding.tests.factories import SYS
from yipanqi.core.testing import together
from yipanqi.organisations import actions as org
from yipanqi.organisations.choices import MemberRole, Role, UnitKind

pytestmark = pytest.mark.django_db(transaction=True)


def _claim(user, unit_id: int, url: str):
    def call():
        client = APIClient()
        client.force_authenticate(user)
        response = client.post(url, {"unit": unit_id}, format="json")
        return response.status_code, response.json().get("code")

    return call


def test_fifty_claims_of_a_single_claim_need_make_one(postgres, world):
    a1 = world.d.communities[0]
    calls = []
    for i in range(50):
        unit = org.unit_create(area=a1, name=f"并发单位{i}", kind=UnitKind.OTHER, actor=SYS)
        user = user_create(
            username=f"liaison_x{i}", password="Liaison#2021xy", actor=None, validate=False
        )
        org.role_grant_create(user=user, role=Role.UNIT_LIAISON, area=a1, actor=SYS)
        org.membership_add(
            body=world.councils[0], member_name=f"联络员{i}", role=MemberRole.MEMBER,
            term_start=datetime.date(2021, 1, 1), source_unit=unit, user=user, actor=SYS,
        )  # fmt: skip
        calls.append(_claim(user, unit.pk, f"/api/v1/cobuilding/needs/{world.need.pk}/claim/"))
    answers = together(calls)
    statuses = sorted(status for status, _code in answers)
    assert statuses == [201] + [409] * 49, answers
    assert {code for status, code in answers if status == 409} == {"already_claimed"}
    assert Claim.objects.filter(need=world.need).count() == 1
