"""Reads of the funding app, each from `Model.objects.for_user(user, action)`: out of scope is
"does not exist". Sums are taken in the database, one query per table on a page."""

from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from yipanqi.duties import selectors as duties_selectors
from yipanqi.duties.models import AccessRequest
from yipanqi.funding import permissions as perms
from yipanqi.funding.choices import ExpenseStatus, Fund, RunStatus
from yipanqi.funding.models import (
    AllocationLine,
    AllocationRun,
    BudgetLine,
    DutyMoney,
    Evidence,
    Expense,
    FundingRule,
    Income,
    Project,
)
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area


def default_year(*, user: Any) -> int:
    """The latest year with a budget line the user sees, else this year."""
    latest = BudgetLine.objects.for_user(user).aggregate(m=Max("year"))["m"]
    return latest or timezone.localdate().year


def rule_list(*, user: Any) -> QuerySet[FundingRule]:
    return (
        FundingRule.objects.for_user(user).select_related("made_by").order_by("-year", "-version")
    )


def run_list(*, user: Any, year: int | None = None) -> QuerySet[AllocationRun]:
    rows = AllocationRun.objects.for_user(user).select_related(
        "area", "rule", "computed_by", "approved_by"
    )
    return (rows.filter(year=year) if year else rows).order_by("-year", "-id")


def run_get(*, user: Any, run_id: int) -> AllocationRun:
    rows = AllocationRun.objects.for_user(user).select_related(
        "area", "rule", "corrects", "computed_by", "approved_by"
    )
    return rows.get(pk=run_id)


def run_lines(*, user: Any, run: AllocationRun) -> QuerySet[AllocationLine]:
    rows = AllocationLine.objects.for_user(user).filter(run=run).select_related("community")
    return rows.order_by("scope_path", "id")


def run_districts(*, user: Any) -> list[Area]:
    """The districts the user may compute runs for."""
    rows = Area.objects.for_user(user).filter(kind=AreaKind.DISTRICT).order_by("path")
    return [a for a in rows if perms.can_compute_run(user, a)]


def communities(*, user: Any) -> QuerySet[Area]:
    return Area.objects.for_user(user).filter(kind=AreaKind.COMMUNITY).order_by("path")


def community_get(*, user: Any, community_id: int) -> Area:
    """A community whose funds the user keeps or oversees (its administrators and those above);
    anyone else — a resident who reads the structure — gets "does not exist"."""
    community = communities(user=user).get(pk=community_id)
    if not perms.can_keep_books(user, community):
        raise Area.DoesNotExist
    return community


def town_get(*, user: Any, town_id: int) -> Area:
    """A town whose overview the user may see (its administrators and the district's); a
    community's administrator, or another town's, gets "does not exist"."""
    town = Area.objects.for_user(user).filter(kind=AreaKind.TOWN).get(pk=town_id)
    if not perms.can_oversee_town(user, town):
        raise Area.DoesNotExist
    return town


def own_town(*, user: Any) -> Area | None:
    """The town a town administrator's overview opens on (None for anyone else)."""
    path = perms.own_town_path(user)
    return Area.objects.for_user(user).filter(path=path).first() if path else None


def overview(*, user: Any, year: int, town: Area | None = None) -> list[dict[str, Any]]:
    """Per community the user sees with a budget in `year` (in `town`, if given): received,
    spent, balance per fund, from the budget lines (one grouped query), with the town for the
    subtotals."""
    lines = BudgetLine.objects.for_user(user).filter(year=year)
    if town is not None:
        lines = lines.filter(scope_path__startswith=town.path)
    rows = (
        lines.values("community_id", "community__name", "community__path", "fund")
        .annotate(amount=Sum("amount_fen"), spent=Sum("spent_fen"))
        .order_by("community__path", "fund")
    )
    found: dict[int, dict[str, Any]] = {}
    for r in rows:
        row = found.setdefault(
            r["community_id"],
            {"id": r["community_id"], "name": r["community__name"], "path": r["community__path"],
             "funds": {}, "amount": 0, "spent": 0},
        )  # fmt: skip
        row["funds"][r["fund"]] = {"amount": r["amount"], "spent": r["spent"]}
        row["amount"] += r["amount"]
        row["spent"] += r["spent"]
    return list(found.values())


def town_totals(*, user: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The overview's rows summed per town (the community's parent), in tree order."""
    step = Area.steplen
    above = {row["path"][: len(row["path"]) - step] for row in rows}
    # The towns above rows already in scope: their names head the subtotals, also for a
    # community's administrator, who does not read the town's own record (no link for them).
    towns = {t.path: t for t in Area.objects.filter(kind=AreaKind.TOWN, path__in=above)}
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        path = row["path"][: len(row["path"]) - step]
        town = towns.get(path)
        total = totals.setdefault(path, {
            "id": town.pk if town and perms.can_oversee_town(user, town) else None,
            "name": town.name if town else "", "amount": 0, "spent": 0, "communities": 0,
            "rows": [],
        })  # fmt: skip
        total["rows"].append(row)
        total["amount"] += row["amount"]
        total["spent"] += row["spent"]
        total["communities"] += 1
    return [totals[p] for p in sorted(totals)]


def budget_lines(*, user: Any, community: Area | None = None, year: int | None = None) -> Any:
    rows = BudgetLine.objects.for_user(user).select_related("community")
    if community is not None:
        rows = rows.filter(community=community)
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "scope_path", "fund")


def expense_list(
    *, user: Any, community: Area | None = None, year: int | None = None, status: str = ""
) -> QuerySet[Expense]:
    rows = Expense.objects.for_user(user).select_related(
        "budget__community", "recorded_by", "approved_by"
    )
    if community is not None:
        rows = rows.filter(budget__community=community)
    if year:
        rows = rows.filter(budget__year=year)
    if status:
        rows = rows.filter(status=status)
    return rows.annotate(files=Count("evidence")).order_by("-spent_on", "-id")


def expense_get(*, user: Any, expense_id: int) -> Expense:
    rows = Expense.objects.for_user(user).select_related(
        "budget__community", "recorded_by", "approved_by"
    )
    return rows.get(pk=expense_id)


def expense_evidence(*, expense: Expense) -> QuerySet[Evidence]:
    return expense.evidence.order_by("id")


def evidence_get(*, user: Any, evidence_id: int) -> Evidence:
    visible = Expense.objects.for_user(user).values("pk")
    return Evidence.objects.select_related("expense").get(pk=evidence_id, expense__in=visible)


def income_list(*, user: Any, community: Area | None = None, year: int | None = None) -> Any:
    rows = Income.objects.for_user(user).select_related("budget")
    if community is not None:
        rows = rows.filter(budget__community=community)
    if year:
        rows = rows.filter(budget__year=year)
    return rows.order_by("-received_on", "-id")


def waiting_expenses(*, user: Any) -> QuerySet[Expense]:
    """Expenses waiting for a decision that the user may approve (not their own)."""
    rows = Expense.objects.for_user(user, "change").filter(status=ExpenseStatus.SUBMITTED)
    return rows.exclude(recorded_by=user) if getattr(user, "pk", None) else rows


def draft_runs(*, user: Any) -> QuerySet[AllocationRun]:
    return AllocationRun.objects.for_user(user, "change").filter(status=RunStatus.DRAFT)


def project_list(*, user: Any, year: int | None = None) -> QuerySet[Project]:
    rows = Project.objects.for_user(user).select_related("community", "venue")
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "scope_path", "id")


def project_get(*, user: Any, project_id: int) -> Project:
    rows = Project.objects.for_user(user).select_related("community", "rule", "venue")
    return rows.get(pk=project_id)


def project_totals(*, user: Any) -> dict[str, int]:
    rows = Project.objects.for_user(user)
    zero = Coalesce(Sum("district_fen"), 0)
    return rows.aggregate(
        district=zero,
        street=Coalesce(Sum("street_fen"), 0),
        budget=Coalesce(Sum("budget_fen"), 0),
        completed=Count("pk", filter=Q(status="completed")),
    )


def project_communities(*, user: Any) -> list[Area]:
    """Communities the user may plan a construction project in."""
    return [a for a in communities(user=user) if perms.can_plan_project(user, a)]


def funds() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Fund.choices]


# --- money that goes with admitted duties (费随事转) -----------------------------------------------


def duty_money_requests(*, user: Any) -> list[Any]:
    """The admitted access requests pushed down to communities (budget lines are communities')
    whose money the user may credit, newest first, each with the years already credited
    (`credited_years`)."""
    rows = [
        r
        for r in duties_selectors.request_list(user=user, status="approved")
        if r.level == "community" and perms.can_credit_duty_money(user, r.scope_path)
    ]
    done = (
        DutyMoney.objects.filter(request__in=[r.pk for r in rows])
        .values_list("request_id", "budget__year")
        .distinct()
    )
    years: dict[int, set[int]] = {}
    for request_id, year in done:
        years.setdefault(request_id, set()).add(year)
    for r in rows:
        r.credited_years = sorted(years.get(r.pk, ()))  # type: ignore[attr-defined]
    return rows


def duty_money_request(*, user: Any, request_id: int) -> Any:
    """One admitted request the user may credit; DoesNotExist (404) otherwise."""
    found = next((r for r in duty_money_requests(user=user) if r.pk == request_id), None)
    if found is None:
        raise AccessRequest.DoesNotExist
    return found


def duty_money_list(*, user: Any, year: int | None = None) -> QuerySet[DutyMoney]:
    rows = DutyMoney.objects.for_user(user).select_related("budget__community", "request")
    if year:
        rows = rows.filter(budget__year=year)
    return rows.order_by("-budget__year", "scope_path", "id")
