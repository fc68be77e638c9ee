import datetime

import pytest
from django.utils import timezone

from yipanqi.deliberation import actions
from yipanqi.deliberation.dashboard import figures

pytestmark = pytest.mark.django_db


def test_figures_count_records_under_a_node(loop):
    year = timezone.localdate().year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    resident = loop.personas["resident_a1"]
    actions.rating_submit(resolution=loop.loops["a1"].published, score=4, actor=resident)
    a1 = figures(path=loop.district.communities[0].scope_path, start=start, end=end)
    whole = figures(path=loop.district.district.scope_path, start=start, end=end)
    assert a1["topics_raised"] == 3 and a1["topics_accepted"] == 2
    assert a1["deliberation_meetings_by_kind"] == {"deliberation": 2}
    assert a1["resolutions_passed"] == 1 and a1["orders_from_follow_ups"] == 1
    assert a1["follow_ups_open"] == 1 and a1["follow_ups_done"] == 0
    assert a1["deliberation_satisfaction"] == 4
    assert whole["resolutions_passed"] == 2 and whole["topics_raised"] == 6
