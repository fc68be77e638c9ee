"""费随事转: the money an admitted duty brings is credited for a year to the duty fund of every
community carrying it — by the district's finance only, once per duty, community and year, never
for a duty that is not admitted, that no community carries or before it starts — and the community
then spends it like any other fund (within its balance)."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.duties import actions as duties
from yipanqi.duties.tests.factories import request_fields
from yipanqi.funding import actions, selectors
from yipanqi.funding.models import BudgetLine, DutyMoney
from yipanqi.funding.tests.factories import TEST, png

pytestmark = pytest.mark.django_db
PAPER = datetime.datetime(2021, 1, 4, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
MONEY = 6_000_00  # fen a year per receiving community


def _admitted(world, level: str = "community", **change):
    """A district request entered from paper (filed and admitted in January 2021)."""
    d = world.district
    fields = request_fields(level=level, money_fen=MONEY, starts_on=datetime.date(2021, 6, 1))
    row = duties.request_file(area=d.district, actor=TEST, at=PAPER, **(fields | change))
    return duties.request_approve(request=row, actor=TEST, at=PAPER)


def _duty_lines(year: int) -> dict[int, int]:
    rows = BudgetLine.objects.filter(fund="duty", year=year)
    return dict(rows.values_list("community_id", "amount_fen"))


def test_the_money_reaches_every_carrying_community_once_a_year(world):
    d = world.district
    request = _admitted(world)
    admin = d.personas["district_admin"]
    rows = actions.duty_money_credit(request=request, year=2021, actor=admin)
    assert len(rows) == 4 and {r.amount_fen for r in rows} == {MONEY}
    assert _duty_lines(2021) == {c.pk: MONEY for c in d.communities}
    events = AuditEvent.objects.filter(action="funding.duty_money.credited")
    assert events.count() == 4 and {e.actor_id for e in events} == {admin.pk}
    with pytest.raises(Conflict) as again:
        actions.duty_money_credit(request=request, year=2021, actor=admin)
    assert again.value.code == "already_credited"
    assert _duty_lines(2021) == {c.pk: MONEY for c in d.communities}  # unchanged
    second = _admitted(world, title="第二项准入事项", money_fen=MONEY * 2)
    actions.duty_money_credit(request=second, year=2021, actor=admin)
    assert _duty_lines(2021) == {c.pk: MONEY * 3 for c in d.communities}  # one line, summed
    actions.duty_money_credit(request=request, year=2022, actor=admin)
    assert _duty_lines(2022) == {c.pk: MONEY for c in d.communities}


def test_what_cannot_be_credited_loses_nothing(world):
    d = world.district
    admin = d.personas["district_admin"]
    request = _admitted(world)
    cases = [
        (lambda: actions.duty_money_credit(request=request, year=2020, actor=admin),
         Invalid, "before_start"),
        (lambda: actions.duty_money_credit(request=_admitted(world, level="town"), year=2021,
                                           actor=admin), Conflict, "no_community_carriers"),
    ]  # fmt: skip
    filed = duties.request_file(
        area=d.district, actor=TEST, at=PAPER, **request_fields(starts_on=datetime.date(2021, 6, 1))
    )
    cases.append(
        (lambda: actions.duty_money_credit(request=filed, year=2021, actor=admin), Conflict,
         "not_admitted")
    )  # fmt: skip
    for call, error, code in cases:
        with pytest.raises(error) as refused:
            call()
        assert refused.value.code == code
    for who in ("town_admin_a", "community_admin_a1", "resident_a1"):
        with pytest.raises(Forbidden):
            actions.duty_money_credit(request=request, year=2021, actor=d.personas[who])
    duties.request_retire(request=request, reason="事项取消", actor=TEST)
    request.refresh_from_db()
    with pytest.raises(Conflict) as retired:
        actions.duty_money_credit(request=request, year=2021, actor=admin)
    assert retired.value.code == "not_admitted"
    assert not DutyMoney.objects.exists() and not BudgetLine.objects.filter(fund="duty").exists()


def test_the_community_spends_the_duty_money_within_its_balance(world):
    d = world.district
    actions.duty_money_credit(
        request=_admitted(world), year=2021, actor=d.personas["district_admin"]
    )
    keeper = d.personas["community_admin_a1"]
    args = {"community": d.communities[0], "fund": "duty", "spent_on": datetime.date(2021, 7, 1),
            "payee": "锦屏文明养犬协会", "purpose": "宣传督导物资", "actor": keeper}  # fmt: skip
    with pytest.raises(Invalid) as over:
        actions.expense_record(amount_fen=MONEY + 1, evidence=png(), **args)
    assert over.value.code == "over_balance"
    spent = actions.expense_record(amount_fen=MONEY, evidence=png(), **args)
    actions.expense_approve(expense=spent, actor=d.personas["town_admin_a"])
    line = BudgetLine.objects.get(community=d.communities[0], year=2021, fund="duty")
    assert (line.amount_fen, line.spent_fen, line.balance_fen) == (MONEY, MONEY, 0)


def test_the_page_and_the_api(world, client):
    d = world.district
    request = _admitted(world)
    client.force_login(d.personas["district_admin"])
    page = client.get(reverse("funding:duty_money"))
    assert page.status_code == 200 and [r.pk for r in page.context["requests"]] == [request.pk]
    posted = client.post(reverse("funding:duty_money"), {"request": request.pk, "year": 2021})
    assert posted.status_code == 302 and len(_duty_lines(2021)) == 4
    page = client.get(reverse("funding:duty_money"))
    assert page.context["requests"][0].credited_years == [2021]
    assert "6,000" in page.content.decode()
    again = client.post(reverse("funding:duty_money"), {"request": request.pk, "year": 2021},
                        follow=True)  # fmt: skip
    assert "alert-danger" in again.content.decode()
    api = APIClient()
    api.force_authenticate(d.personas["district_admin"])
    made = api.post("/api/v1/funding/duty-money/credit/", {"request_id": request.pk, "year": 2022},
                    format="json")  # fmt: skip
    assert made.status_code == 201 and {r["year"] for r in made.json()} == {2022}
    twice = api.post("/api/v1/funding/duty-money/credit/", {"request_id": request.pk, "year": 2022},
                     format="json")  # fmt: skip
    assert (twice.status_code, twice.json()["code"]) == (409, "already_credited")
    listed = api.get("/api/v1/funding/duty-money/", {"year": 2022}).json()
    assert listed["count"] == 4 and {r["community_id"] for r in listed["results"]} == {
        c.pk for c in d.communities
    }


@pytest.mark.parametrize(
    "persona",
    ["district_admin", "town_admin_a", "community_admin_a1", "community_admin_b1",
     "grid_worker_a1", "resident_a1", "auditor_a", "system_admin", "no_role"],
)  # fmt: skip
def test_scope_matrix(world, client, persona):
    """Only the district's finance credits (anyone else: 404 for the request); each administrator
    reads the credited lines of the communities under their grant, nobody else any."""
    d = world.district
    request = _admitted(world)
    actions.duty_money_credit(request=request, year=2021, actor=TEST)
    user = d.personas[persona]
    district = persona == "district_admin"
    client.force_login(user)
    page = client.get(reverse("funding:duty_money"))
    assert page.status_code == 200
    assert [r.pk for r in page.context["requests"]] == ([request.pk] if district else [])
    posted = client.post(reverse("funding:duty_money"), {"request": request.pk, "year": 2022})
    assert posted.status_code == (302 if district else 404)
    api = APIClient()
    api.force_authenticate(user)
    body = {"request_id": request.pk, "year": 2023}
    made = api.post("/api/v1/funding/duty-money/credit/", body, format="json")
    assert made.status_code == (201 if district else 404)
    root = {"district_admin": d.district, "town_admin_a": d.towns[0],
            "community_admin_a1": d.communities[0], "community_admin_b1": d.communities[2]}.get(
        persona)  # fmt: skip
    expected = {
        m.pk for m in DutyMoney.objects.all() if root and m.scope_path.startswith(root.path)
    }
    listed = api.get("/api/v1/funding/duty-money/", {"page_size": 100}).json()["results"]
    assert {r["id"] for r in listed} == expected
    assert {m.pk for m in selectors.duty_money_list(user=user)} == expected
