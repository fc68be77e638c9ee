"""The demo's duties part: lists for the three levels, access requests at every stage with their
2021 times, admitted duties on every community's list, refusals; the report's figures equal
counts from the records."""

import pytest

from yipanqi.duties.choices import RequestStatus
from yipanqi.duties.models import AccessRequest, AdmittedDuty, DutyList, TaskRefusal
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations_demo(db):
    """Only the organisations' part of the demo (areas, party, accounts), then the duties'."""
    from yipanqi.core.demo_kit.fenghua import district_plan
    from yipanqi.core.demo_kit.state import Demo
    from yipanqi.demo.build import STEPS
    from yipanqi.duties.demo import build_duties

    demo = Demo(plan=district_plan())
    for step in STEPS:
        step(demo)
    build_duties(demo)
    return demo


def _check_demo() -> None:
    kinds = set(DutyList.objects.values_list("area__kind", flat=True))
    assert kinds == {AreaKind.DISTRICT, AreaKind.TOWN, AreaKind.COMMUNITY}
    assert DutyList.objects.count() == Area.objects.exclude(kind=AreaKind.GRID).count()
    statuses = set(AccessRequest.objects.values_list("status", flat=True))
    assert statuses == set(RequestStatus.values)
    communities = Area.objects.filter(kind=AreaKind.COMMUNITY).count()
    carried = AdmittedDuty.objects.filter(status="active", area__kind=AreaKind.COMMUNITY)
    assert carried.count() == 3 * communities  # three admitted duties to communities
    assert AccessRequest.objects.filter(status="approved", submitted_at__year=2021).count() == 4
    assert TaskRefusal.objects.filter(refused_on__year=2021).count() == 24


def test_the_duties_demo_on_the_organisations(organisations_demo):
    _check_demo()


def test_the_report_figures_come_from_the_records(fenghua_demo):
    from yipanqi.reports.figures import node_figures, year_bounds

    _check_demo()
    district = Area.objects.get(kind=AreaKind.DISTRICT)
    start, end = year_bounds(2021)
    got = node_figures(area=district, start=start, end=end)
    communities = Area.objects.filter(kind=AreaKind.COMMUNITY).count()
    towns = Area.objects.filter(kind=AreaKind.TOWN).count()
    assert got["duties_admitted"] == 3 * communities + towns
    assert got["duties_admitted_items"] == 4
    assert got["duties_requests_approved"] == 4 and got["duties_requests_retired"] == 1
    assert got["duties_refusals"] == TaskRefusal.objects.count() == 24
