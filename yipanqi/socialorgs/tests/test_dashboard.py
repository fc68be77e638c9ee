"""Dashboard figures against counts written independently from the records the actions made."""

import datetime

import pytest
from django.utils import timezone

from yipanqi.socialorgs import dashboard
from yipanqi.socialorgs.choices import AppStatus
from yipanqi.socialorgs.models import Application, SocialOrganisation, Tranche

pytestmark = pytest.mark.django_db


def _year(y: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(y, 1, 1), datetime.date(y, 12, 31)


def test_venture_figures_follow_the_records(world):
    from yipanqi.socialorgs import actions

    # A project of another theme that never got funded, and one funded and signed.
    other = world.apply("b", theme="elderly", fen=765_433)
    actions.application_screen(
        application=other, eligible=False, reason="不符合", actor=world.funder
    )
    governance = world.app_in(AppStatus.SIGNED, fen=1_234_567, theme="governance")
    paid = Tranche.objects.get(application=governance, number=1)
    actions.tranche_pay(tranche=paid, actor=world.funder)
    year = timezone.localdate().year

    figures = dashboard.figures(
        path=world.d.district.scope_path, start=_year(year)[0], end=_year(year)[1]
    )

    funded = [a for a in Application.objects.all() if a.events.filter(kind="approved").exists()]
    assert figures["venture_projects"] == len(funded) == 1
    assert figures["venture_funding_fen"] == sum(a.granted_fen for a in funded) == 1_234_567
    assert figures["venture_funding_yuan"] == 12_345.67
    assert figures["venture_governance_share"] == 1.0
    assert figures["venture_paid_fen"] == paid.amount_fen == 740_740
    town_b = dashboard.figures(
        path=world.d.towns[1].scope_path, start=_year(year)[0], end=_year(year)[1]
    )
    assert town_b["venture_projects"] == 0
    assert dashboard.figures(path=world.d.district.scope_path, start=_year(year - 1)[0],
                             end=_year(year - 1)[1])["venture_projects"] == 0  # fmt: skip


def test_registry_and_matching_figures(world):
    from yipanqi.socialorgs import actions

    actions.need_accept(need=world.needs["a1"], offer=world.offers["a"], actor=world.funder)
    year = timezone.localdate().year
    figures = dashboard.figures(
        path=world.d.district.scope_path, start=_year(year)[0], end=_year(year)[1]
    )

    forms = {}
    for org in SocialOrganisation.objects.all():
        forms[org.legal_form] = forms.get(org.legal_form, 0) + 1
    assert {k: v for k, v in figures["social_organisations_by_form"].items() if v} == forms
    assert figures["social_organisations"] == 4
    assert figures["needs_matched"] == 1 and figures["engagements"] == 1
    assert figures["purchased_services"] == 0
    assert dashboard.share(8, 13) == 0.62
