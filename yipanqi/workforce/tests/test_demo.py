"""The workforce part of the full Fenghua demo (the root conftest's session `fenghua_demo`): the
seed's figures for 2020 printed by `yipanqi report`, each checked against the records."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Avg, F

from yipanqi.workforce.choices import RunStatus
from yipanqi.workforce.models import CareerMove, PayLine, PayRun, Worker

pytestmark = pytest.mark.django_db
SEED = {"avg_pay_head": 122_000, "avg_pay_deputy": 99_000, "avg_pay_other": 84_000}


def _report(year: int) -> dict:
    out = io.StringIO()
    call_command("report", year=year, format="json", stdout=out)
    return json.loads(out.getvalue())


def test_the_2020_report_reproduces_the_seed_from_records(fenghua_demo):
    figures = _report(2020)
    for key, seed in SEED.items():
        assert abs(figures[key] - seed) <= 500, (key, figures[key])
        post = key.removeprefix("avg_pay_")
        lines = PayLine.objects.filter(run__year=2020, run__status=RunStatus.APPROVED, post=post)
        mean = Decimal(str(lines.aggregate(m=Avg("total"))["m"])).quantize(Decimal(1))
        assert figures[key] == int(mean)
    assert figures["training_days_min"] >= 7
    assert figures["moved_to_civil_service"] == 8
    assert CareerMove.objects.filter(moved_on__year__lte=2020).count() == 8
    # every town's 2020 run is approved, computed by one person and approved by another
    runs = PayRun.objects.filter(year=2020)
    assert runs.count() == 12 and set(runs.values_list("status", flat=True)) == {"approved"}
    assert not runs.filter(computed_by__isnull=False, computed_by=F("approved_by")).exists()


def test_2021_shows_growth_and_the_shortfall_flag(fenghua_demo):
    figures = _report(2021)
    assert figures["avg_pay_head"] > _report(2020)["avg_pay_head"]
    assert figures["training_short"] >= 1
    assert figures["moved_to_civil_service"] == 10
    assert Worker.objects.filter(person__user__username="jp_fengzhong_admin").exists()
