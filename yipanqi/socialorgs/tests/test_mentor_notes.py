"""A mentor's notes on an organisation's incubation are read by everyone who sees its page:
a phone number typed into them is shown masked."""

import datetime

import pytest

from yipanqi.core.actors import system
from yipanqi.socialorgs import actions, selectors
from yipanqi.socialorgs.tests.factories import build_socialorgs_world

pytestmark = pytest.mark.django_db


def test_numbers_in_mentor_notes_are_masked(district):
    w = build_socialorgs_world(district)
    org = w.orgs["a"]
    actions.incubation_enter(organisation=org, street=district.towns[0], centre="锦屏孵化园",
                             entered_on=datetime.date(2021, 3, 1), actor=system("test"),
                             notes="导师王老师 13957000001")  # fmt: skip
    notes = [i.mentor_notes for i in selectors.org_incubations(organisation=org)]
    assert notes and all("13957000001" not in n for n in notes)
    assert any("导师王老师" in n for n in notes)
