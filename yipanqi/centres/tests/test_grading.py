"""The grade from scores and weights equals an independent computation (issue 10)."""

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from yipanqi.centres import actions, grading
from yipanqi.centres.models import Dimension, GradeThreshold, Indicator
from yipanqi.centres.tests.factories import TEST, reviewed

pytestmark = pytest.mark.django_db


def independent_total(scheme, scores: dict[int, Decimal]) -> Decimal:
    """Weighted mean of the dimensions' weighted percentages, written out without grading.py."""
    numerator = denominator = 0.0
    for dimension in Dimension.objects.filter(scheme=scheme):
        rows = Indicator.objects.filter(dimension=dimension)
        got = sum(float(i.weight) * float(scores[i.pk]) / float(i.max_score) for i in rows)
        percent = 100 * got / sum(float(i.weight) for i in rows)
        numerator += float(dimension.weight) * percent
        denominator += float(dimension.weight)
    return Decimal(str(round(numerator / denominator, 6))).quantize(Decimal("0.01"), ROUND_HALF_UP)


def independent_grade(scheme, total: Decimal) -> str:
    for threshold in GradeThreshold.objects.filter(scheme=scheme).order_by("-min_score"):
        if total >= threshold.min_score:
            return threshold.grade
    return ""


def test_published_grade_equals_an_independent_computation(world):
    scheme = world.scheme
    # Uneven weights, so a plain mean would differ.
    Dimension.objects.filter(scheme=scheme, position=0).update(weight=Decimal(35))
    Indicator.objects.filter(dimension__scheme=scheme, position=2).update(weight=Decimal(3))
    rng = random.Random(10)
    given = {}
    for centre in [*world.towns, *world.grassroots]:
        scores = {i.pk: Decimal(rng.randint(4, 10)) for i in world.indicators()}
        given[centre.pk] = scores
        reviewed(world, centre, scores)
    actions.round_publish(round_=world.round, actor=TEST)
    for centre in [*world.towns, *world.grassroots]:
        assessment = world.assessment(centre)
        total = independent_total(scheme, given[centre.pk])
        assert assessment.total == total
        assert assessment.grade == independent_grade(scheme, total)
        centre.refresh_from_db()
        assert (centre.grade, centre.score) == (assessment.grade, total)


def test_missing_scores_count_zero_and_below_every_threshold_is_no_grade():
    ind = [grading.IndicatorWeight(1, 10, Decimal(10), Decimal(1))]
    result = grading.compute(
        dimensions={10: Decimal(1)},
        indicators=ind,
        thresholds=[("5A", Decimal(90))],
        scores={},
    )
    assert (result.total, result.grade) == (Decimal("0.00"), "")


def test_the_highest_level_counts_whatever_the_order():
    entries = [(1, "self", Decimal(9)), (1, "district", Decimal(5)), (1, "street", Decimal(7))]
    assert grading.effective_scores(entries) == {1: Decimal(5)}
