"""The centres pages: a refused score loses nothing, evidence is served only in scope, and the
list pages cost the same number of queries for few or many centres."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yipanqi.centres import actions
from yipanqi.centres.choices import CentreLevel
from yipanqi.centres.tests.factories import PNG, TEST

pytestmark = pytest.mark.django_db


def test_a_refused_self_assessment_keeps_what_was_typed(world, client):
    client.force_login(world.personas["community_admin_a1"])
    assessment = world.assessment(world.grassroots[0])
    first, second = world.indicators()[:2]
    url = f"/centres/assessments/{assessment.pk}/self_assess/"
    response = client.post(url, {f"score_{first.pk}": "12", f"score_{second.pk}": "7.5"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="12"' in html and 'value="7.5"' in html
    assert f'id="score-{first.pk}-error"' in html
    assert not assessment.scores.exists()
    ok = client.post(url, {f"score_{first.pk}": "9", f"score_{second.pk}": "7.5"})
    assert ok.status_code == 302
    assert assessment.scores.count() == 2


def test_evidence_is_served_only_in_scope(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assessment = world.assessment(world.grassroots[0])
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    evidence = actions.evidence_attach(
        assessment=assessment, indicator=world.indicators()[0], upload=upload, actor=TEST
    )
    url = f"/centres/evidence/{evidence.pk}/"
    client.force_login(world.personas["community_admin_a1"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(world.personas["community_admin_b1"])
    assert client.get(url).status_code == 404
    client.force_login(world.personas["resident_a1"])
    assert client.get(url).status_code == 404


def _more_centres(world, n: int) -> None:
    town = world.towns[0]
    specs = [
        actions.CentreSpec(
            area=world.district.communities[0],
            level=CentreLevel.GRASSROOTS,
            name=f"奉中社区服务点{i}",
            parent=town,
            latitude=Decimal("29.6") + Decimal(i) / 1000,
            longitude=Decimal("121.4"),
            services=[],
        )
        for i in range(n)
    ]
    actions.centres_create_bulk(specs=specs, actor=TEST)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/centres/", "/centres/?view=map", "/centres/ranking/", "/centres/rounds/"]
)
def test_list_pages_cost_a_constant_number_of_queries(world, client, url):
    client.force_login(world.personas["district_admin"])
    few = _queries(client, url)
    _more_centres(world, 12)
    assert _queries(client, url) == few


def test_round_page_costs_a_constant_number_of_queries(world, client):
    client.force_login(world.personas["district_admin"])
    few = _queries(client, f"/centres/rounds/{world.round.pk}/")
    _more_centres(world, 6)
    bigger = actions.round_open(
        district=world.district.district, title="又一轮", year=2022, actor=TEST
    )
    assert bigger.assessments.count() > world.round.assessments.count()
    assert _queries(client, f"/centres/rounds/{bigger.pk}/") == few


def test_round_counts_are_of_the_assessments_one_sees(world, client):
    from yipanqi.centres.selectors import round_list

    def counted(persona: str) -> int:
        row = round_list(user=world.personas[persona]).get(pk=world.round.pk)
        return sum(getattr(row, f"n_{s}") for s in ("self", "submitted", "street_reviewed"))

    assert counted("district_admin") == 6  # 2 town centres + 4 grassroots
    assert counted("town_admin_a") == 3  # its town centre and its two communities'
    assert counted("community_admin_a1") == 1  # its own grassroots centre
