"""The demo reproduces the seed from its own records: 2019 — 13 venture projects funded with
nearly 200,000 yuan; 2020 — 62% of funded projects on community governance. The report figures
are compared with counts written independently of dashboard.py, and the command's JSON is read."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from yipanqi.socialorgs.choices import AppStatus, IncubationStage
from yipanqi.socialorgs.models import Application, Incubation, SocialOrganisation, Tranche

pytestmark = pytest.mark.django_db


def _report(year: int) -> dict:
    out = StringIO()
    call_command("report", "--year", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _funded(year: int) -> list[Application]:
    # Independent of dashboard.funded: every application the funder approved in the round of
    # that year, whatever became of it later (an approval event on its record).
    return [
        a
        for a in Application.objects.filter(round__year=year)
        if a.events.filter(kind="approved").exists()
    ]


def test_2019_reproduces_13_projects_and_nearly_200000_yuan(fenghua_demo):
    figures = _report(2019)
    funded = _funded(2019)

    assert figures["venture_projects"] == len(funded) == 13
    granted = sum(a.granted_fen for a in funded)
    assert figures["venture_funding_fen"] == granted
    assert 190_000 <= figures["venture_funding_yuan"] <= 200_000
    assert Decimal(granted) / 100 == Decimal(str(figures["venture_funding_yuan"]))


def test_2020_reproduces_the_62_percent_governance_share(fenghua_demo):
    figures = _report(2020)
    funded = _funded(2020)
    governance = [a for a in funded if a.theme == "governance"]

    assert figures["venture_projects"] == len(funded)
    assert figures["venture_governance_share"] == round(len(governance) / len(funded), 2) == 0.62


def test_the_demo_has_every_stage_for_the_pages(fenghua_demo):
    stages = set(Incubation.objects.values_list("status", flat=True))
    assert stages == set(IncubationStage.values)
    assert SocialOrganisation.objects.filter(is_hub=True).count() == 3
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {AppStatus.SUBMITTED, AppStatus.ELIGIBLE, AppStatus.PUBLICISED, AppStatus.STOPPED,
            AppStatus.CLOSED, AppStatus.INELIGIBLE, AppStatus.DECLINED} <= statuses  # fmt: skip
    assert Tranche.objects.filter(status="stopped").exists()
    assert fenghua_demo.parts["socialorgs"] < 15, fenghua_demo.parts
