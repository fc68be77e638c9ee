"""The XLSX exports (导出 Excel) and the town overview: the file opens, its money is exact yuan
from the fen and its totals are the sums of the records, a payee that looks like a formula stays
text, each export is an audit event, and out of scope answers 404."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from yipanqi.core.exports import XLSX_TYPE
from yipanqi.core.models import AuditEvent
from yipanqi.funding import actions
from yipanqi.funding.choices import ExpenseStatus
from yipanqi.funding.models import BudgetLine, Expense
from yipanqi.funding.tests.factories import SPENT_ON, expense

pytestmark = pytest.mark.django_db
YEAR = 2021
FORMULA = '=HYPERLINK("http://evil.example/x","点击领取")'


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _fen(value) -> int:
    """A money cell back in fen, exactly (the cell holds the decimal text the export wrote)."""
    return int(Decimal(str(value)) * 100)


def _rows(content: bytes) -> list[tuple]:
    return list(_sheet(content).iter_rows(values_only=True))


def _row(rows: list[tuple], first) -> tuple:
    return next(r for r in rows if r and r[0] == first)


def _odd_expense(world) -> Expense:
    """A1: an approved expense in fen that is not whole yuan, so the exactness shows."""
    d = world.district
    row = expense(d, 0, "community_admin_a1", 1_234_57)
    return actions.expense_approve(expense=row, actor=d.personas["town_admin_a"])


def test_the_community_export_sums_exactly_to_the_records(world):
    d = world.district
    _odd_expense(world)
    a1 = d.communities[0]
    content = actions.community_funds_export(
        community=a1, year=YEAR, actor=d.personas["community_admin_a1"]
    )
    rows = _rows(content)
    lines = BudgetLine.objects.filter(community=a1, year=YEAR)
    assert rows[0][:4] == (_("Fund"), _("Received (yuan)"), _("Spent (yuan)"), _("Balance (yuan)"))
    total = _row(rows, _("Total"))
    received, spent = (sum(b.amount_fen for b in lines), sum(b.spent_fen for b in lines))
    assert [_fen(v) for v in total[1:4]] == [received, spent, received - spent]
    assert sum(_fen(r[1]) for r in rows[1 : 1 + lines.count()]) == received
    expenses = Expense.objects.filter(budget__community=a1, budget__year=YEAR)
    approved = sum(e.amount_fen for e in expenses if e.status == ExpenseStatus.APPROVED)
    assert _fen(_row(rows, _("Total approved"))[3]) == approved == 1_000_00 + 1_234_57
    header = rows.index(_row(rows, _("Date")))
    listed = rows[header + 1 : header + 1 + expenses.count()]
    assert sorted(_fen(r[3]) for r in listed) == sorted(e.amount_fen for e in expenses)
    assert {r[1] for r in listed} == {"奉化印务"}


def test_money_is_written_as_exact_decimal_text_not_floats(world):
    d = world.district
    _odd_expense(world)
    content = actions.community_funds_export(
        community=d.communities[0], year=YEAR, actor=d.personas["community_admin_a1"]
    )
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>1234.57</v>" in xml and "<v>200000.00</v>" in xml


def test_a_payee_that_looks_like_a_formula_is_written_as_text(world):
    d = world.district
    actions.expense_record(
        community=d.communities[0], fund="service", spent_on=SPENT_ON, payee=FORMULA,
        purpose="@SUM(A1:A2)", amount_fen=5_00, actor=d.personas["community_admin_a1"],
    )  # fmt: skip
    content = actions.community_funds_export(
        community=d.communities[0], year=YEAR, actor=d.personas["community_admin_a1"]
    )
    cell = next(
        c for row in _sheet(content).iter_rows() for c in row if "HYPERLINK" in str(c.value)
    )
    assert cell.data_type == "s" and cell.value == "'" + FORMULA
    purpose = next(c for row in _sheet(content).iter_rows() for c in row if "SUM" in str(c.value))
    assert purpose.data_type == "s" and purpose.value == "'@SUM(A1:A2)"
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


def test_each_export_is_an_audit_event(world):
    d = world.district
    a1, town_a = d.communities[0], d.towns[0]
    actions.community_funds_export(community=a1, year=YEAR, actor=d.personas["community_admin_a1"])
    event = AuditEvent.objects.get(action="funding.community_funds.exported")
    assert (event.target_id, event.scope_path) == (str(a1.pk), a1.path)
    assert event.data == {"year": YEAR, "lines": 3, "expenses": 2}
    actions.overview_export(year=YEAR, town=town_a, actor=d.personas["town_admin_a"])
    actions.overview_export(year=YEAR, actor=d.personas["district_admin"])
    town_event, district_event = AuditEvent.objects.filter(
        action="funding.overview.exported"
    ).order_by("id")
    assert (town_event.target_id, town_event.scope_path) == (str(town_a.pk), town_a.path)
    assert town_event.data == {"year": YEAR, "communities": 2}
    assert district_event.scope_path == d.district.path and district_event.data["communities"] == 4


def test_the_overview_export_has_each_town_and_community_and_sums_exactly(world):
    d = world.district
    _odd_expense(world)
    rows = _rows(actions.overview_export(year=YEAR, actor=d.personas["district_admin"]))
    lines = BudgetLine.objects.filter(year=YEAR)
    for community in d.communities:
        mine = [b for b in lines if b.community_id == community.pk]
        row = next(r for r in rows if r[1] == community.name)
        assert [_fen(v) for v in row[2:5]] == [
            sum(b.amount_fen for b in mine), sum(b.spent_fen for b in mine),
            sum(b.balance_fen for b in mine),
        ]  # fmt: skip
    for town in d.towns[:2]:
        mine = [b for b in lines if b.scope_path.startswith(town.path)]
        subtotal = next(r for r in rows if r[0] == town.name and r[1] == _("Subtotal"))
        assert _fen(subtotal[2]) == sum(b.amount_fen for b in mine)
    total = _row(rows, _("Total"))
    assert _fen(total[2]) == sum(b.amount_fen for b in lines)
    assert _fen(total[3]) == sum(b.spent_fen for b in lines)
    assert _fen(total[4]) == sum(b.amount_fen - b.spent_fen for b in lines)


def test_a_towns_export_holds_only_its_communities(world):
    d = world.district
    rows = _rows(
        actions.overview_export(year=YEAR, town=d.towns[0], actor=d.personas["town_admin_a"])
    )
    names = {r[1] for r in rows[1:]} - {_("Subtotal"), "", None}
    assert names == {d.communities[0].name, d.communities[1].name}


def test_the_downloads_and_the_town_page(world, client):
    d = world.district
    client.force_login(d.personas["town_admin_a"])
    page = client.get(reverse("funding:overview"), {"year": YEAR})
    assert page.context["town"] == d.towns[0]  # a town administrator's overview is the town's
    assert not page.context["back"] and "导出 Excel" in page.content.decode()
    assert reverse("funding:overview_export") in page.content.decode()
    url = reverse("funding:community_export", args=[d.communities[0].pk])
    response = client.get(url, {"year": YEAR})
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    _sheet(response.content)
    response = client.get(reverse("funding:overview_export"), {"year": YEAR, "town": d.towns[0].pk})
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    client.force_login(d.personas["district_admin"])
    page = client.get(reverse("funding:overview"), {"year": YEAR})
    town_url = reverse("funding:town_overview", args=[d.towns[0].pk])
    assert page.context["town"] is None and town_url in page.content.decode()
    page = client.get(town_url, {"year": YEAR})
    assert page.context["back"] and f"社区经费 · {d.towns[0].name}" in page.content.decode()
    assert {r["id"] for r in page.context["rows"]} == {c.pk for c in d.communities[:2]}


@pytest.mark.parametrize(
    ("persona", "town_index"),
    [("town_admin_a", 1), ("community_admin_a1", 0), ("community_admin_b1", 0), ("resident_a1", 0)],
)
def test_another_towns_page_and_exports_answer_404_and_record_nothing(
    world, client, persona, town_index
):
    d = world.district
    client.force_login(d.personas[persona])
    town = d.towns[town_index]
    theirs = next(c for c in d.communities if c.path.startswith(town.path))  # in the other town
    urls = [
        (reverse("funding:town_overview", args=[town.pk]), {}),
        (reverse("funding:overview_export"), {"town": town.pk}),
    ]
    if persona == "town_admin_a":
        urls.append((reverse("funding:community_export", args=[theirs.pk]), {}))
    for url, params in urls:
        assert client.get(url, {"year": YEAR, **params}).status_code == 404, url
    assert not AuditEvent.objects.filter(action__endswith=".exported").exists()


def test_without_a_funding_grant_the_overview_export_answers_404(world, client):
    client.force_login(world.district.personas["resident_a1"])
    assert client.get(reverse("funding:overview_export"), {"year": YEAR}).status_code == 404


def test_a_community_administrators_overview_export_names_the_town(world):
    d = world.district
    rows = _rows(actions.overview_export(year=YEAR, actor=d.personas["community_admin_b1"]))
    assert rows[1][:2] == (d.towns[1].name, d.communities[2].name)
    assert [r[1] for r in rows[1:]] == [d.communities[2].name, _("Subtotal"), None]
