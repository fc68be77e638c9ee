"""The figure catalogue: every key the apps' figures() return has a definition, and vice versa."""

import datetime

import pytest

from yipanqi.reports import periods
from yipanqi.reports.figures import HEADER_KEYS, SOURCES, catalogue, node_figures

pytestmark = pytest.mark.django_db


def _keys(figures: dict) -> set[str]:
    return set(figures) - set(HEADER_KEYS)


def test_every_figure_has_a_definition_and_every_definition_a_figure(district):
    start, end = datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)
    figures = node_figures(area=district.district, start=start, end=end)
    assert _keys(figures) == set(catalogue())


def test_each_definition_names_its_owning_app_labels_and_unit():
    owners = {m.split(".")[1] for m in SOURCES}
    for key, d in catalogue().items():
        assert d.app in owners, key
        assert d.zh and d.en and d.unit and d.definition, key
        assert d.key == key


def test_part_time_committee_members_counts_town_big_committee_seats(district):
    from yipanqi.organisations.choices import AreaKind, BodyKind, MemberRole
    from yipanqi.organisations.models import BodyMembership

    seats = BodyMembership.objects.filter(
        role=MemberRole.PART_TIME_MEMBER,
        body__kind=BodyKind.BIG_COMMITTEE,
        body__area__kind=AreaKind.TOWN,
    )
    figures = node_figures(
        area=district.district, start=datetime.date(2000, 1, 1), end=datetime.date(2100, 1, 1)
    )
    assert figures["part_time_committee_members"] == seats.count()


@pytest.mark.parametrize(
    ("period", "label", "previous"),
    [
        (periods.year(2021), "2021年", (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))),
        (
            periods.quarter(2021, 1),
            "2021年第1季度",
            (datetime.date(2020, 10, 1), datetime.date(2020, 12, 31)),
        ),
        (
            periods.month(2021, 3),
            "2021年3月",
            (datetime.date(2021, 2, 1), datetime.date(2021, 2, 28)),
        ),
        (
            periods.custom(datetime.date(2021, 3, 11), datetime.date(2021, 3, 20)),
            "2021-03-11 至 2021-03-20",
            (datetime.date(2021, 3, 1), datetime.date(2021, 3, 10)),
        ),
    ],
)
def test_periods_and_the_period_before(period, label, previous):
    assert period.label == label
    assert (period.previous().start, period.previous().end) == previous
    assert period.previous().kind == period.kind


@pytest.mark.parametrize(
    "kwargs",
    [
        {"year_": 2021, "month_": 13},
        {"year_": 2021, "quarter_": 5},
        {"year_": 2021, "quarter_": 1, "month_": 1},
        {"start": datetime.date(2021, 2, 1), "end": datetime.date(2021, 1, 1)},
        {"start": datetime.date(2021, 2, 1)},
        {},
    ],
)
def test_impossible_periods_are_refused(kwargs):
    with pytest.raises(periods.PeriodError):
        periods.build(**kwargs)
