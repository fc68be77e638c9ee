"""The quorum and majority rule as a table of cases, with district policy overrides."""

from fractions import Fraction

import pytest

from yipanqi.core.actions import policy_set
from yipanqi.deliberation import actions
from yipanqi.deliberation.rules import Count, Rule, decide
from yipanqi.deliberation.tests.factories import voted_resolution

DEFAULT = Rule(quorum=Fraction(2, 3), majority=Fraction(1, 2), strict=True, every_party=True)
LENIENT = Rule(quorum=Fraction(1, 2), majority=Fraction(1, 2), strict=False, every_party=False)
TWO_THIRDS = Rule(quorum=Fraction(2, 3), majority=Fraction(2, 3), strict=False, every_party=True)


@pytest.mark.parametrize(
    ("rule", "count", "reason"),
    [
        # seats, present, for, against, abstain, parties absent
        (DEFAULT, Count(9, 6, 4, 1, 1), "passed"),  # 6/9 is exactly 2/3: quorate
        (DEFAULT, Count(9, 5, 5, 0, 0), "no_quorum"),  # 5/9 < 2/3
        (DEFAULT, Count(6, 6, 3, 3, 0), "no_majority"),  # half is not more than half
        (DEFAULT, Count(6, 6, 4, 0, 2), "passed"),
        (DEFAULT, Count(5, 5, 2, 0, 3), "no_majority"),  # abstentions count as not for
        (DEFAULT, Count(5, 4, 3, 1, 0), "passed"),  # 3 of 4 present
        (DEFAULT, Count(5, 4, 2, 0, 0), "no_majority"),  # two present did not vote
        (DEFAULT, Count(5, 4, 4, 0, 0, ("property_company",)), "party_absent"),
        (DEFAULT, Count(0, 0, 0, 0, 0), "no_quorum"),  # a body without voting seats
        (LENIENT, Count(6, 3, 2, 1, 0), "passed"),
        (LENIENT, Count(6, 4, 2, 2, 0), "passed"),  # not strict: half is enough
        (LENIENT, Count(5, 4, 4, 0, 0, ("property_company",)), "passed"),
        (TWO_THIRDS, Count(6, 6, 4, 2, 0), "passed"),
        (TWO_THIRDS, Count(6, 6, 3, 3, 0), "no_majority"),
    ],
)
def test_decide(rule, count, reason):
    decision = decide(count, rule)
    assert decision.reason == reason
    assert decision.passed is (reason == "passed")
    assert decision.quorum_met is (reason not in {"no_quorum", "party_absent"})


@pytest.mark.django_db
def test_defaults_are_documented_policies():
    rule = Rule.of("330213")
    assert rule == DEFAULT


@pytest.mark.django_db
def test_district_override_changes_the_outcome(world, personas):
    """3 for, 2 against: passes with > 1/2, fails once the district asks for 2/3."""
    admin = personas["community_admin_a1"]
    policy_set(
        key="deliberation.majority",
        district_code="330213",
        value={"numerator": 2, "denominator": 3, "strict": False},
        actor=None,
    )
    resolution = voted_resolution(world, choices=("for", "for", "for", "against", "against"))
    resolution = actions.resolution_resolve(resolution=resolution, actor=admin)
    assert resolution.outcome == "rejected"
    assert resolution.tally["rule"]["majority"] == "2/3"


@pytest.mark.django_db
def test_every_party_rule_can_be_switched_off(world, personas):
    admin = personas["community_admin_a1"]
    policy_set(
        key="deliberation.every_party_present", district_code="330213", value=False, actor=None
    )
    from yipanqi.deliberation.tests.factories import open_meeting

    meeting = open_meeting(world)
    seats = world.halls["a1"].seats
    present = [s for s in seats if s.party != "property_company"]
    actions.attendance_set(meeting=meeting, present=[s.pk for s in present], actor=admin)
    resolution = actions.resolution_draft(topic=meeting.agenda.get(), text="决议", actor=admin)
    for seat in present:
        actions.vote_record(resolution=resolution, seat=seat, choice="for", actor=admin)
    resolution = actions.resolution_resolve(resolution=resolution, actor=admin)
    assert resolution.outcome == "passed"
    assert resolution.tally["by_party"]["property_company"] == {"absent": 1}
