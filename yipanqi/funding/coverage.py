"""Which communities a funding rule covers, and their households on record (one grouped query
over the people registry): the inputs of an allocation run, read as the system reads them."""

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone

from yipanqi.funding.choices import Coverage
from yipanqi.funding.models import FundingRule
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people.models import Household


def is_residents_committee(code: str) -> bool:
    """居民委员会: the 10th–12th digits of the division code run 001–199 (GB/T 10114)."""
    return len(code) >= 12 and code[9:12].isdigit() and 1 <= int(code[9:12]) <= 199


def covered(district: Area, rule: FundingRule) -> list[Area]:
    """The communities the rule funds, in tree order (retired areas are left out)."""
    today = timezone.localdate()
    rows = Area.objects.filter(kind=AreaKind.COMMUNITY, path__startswith=district.path)
    rows = rows.exclude(valid_to__lt=today).order_by("path")
    if rule.coverage == Coverage.RESIDENTS:
        return [a for a in rows if is_residents_committee(a.code)]
    return list(rows)


def household_counts(district: Area, communities: list[Area]) -> dict[str, int]:
    """Households on record per community path, in one grouped query over the registry."""
    if not communities:
        return {}
    width = len(communities[0].path)  # every community sits at the same depth of the tree
    rows = (
        Household.objects.filter(scope_path__startswith=district.path)
        .annotate(community=Substr("scope_path", 1, width))
        .values("community")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["community"]: r["n"] for r in rows}
