"""The 5A rating scheme is the district's data: edited in place while no round has used it, a new
edition once one has (opened rounds keep theirs); a scheme that cannot grade is refused with a
stable code; the edit page keeps what was typed when it refuses."""

from decimal import Decimal

import pytest

from yipanqi.centres import actions, selectors
from yipanqi.centres.grading import IndicatorWeight, compute
from yipanqi.centres.models import AssessmentRound, Indicator, RatingScheme
from yipanqi.centres.tests.factories import TEST, build_centres_world
from yipanqi.core.errors import Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.core.transition_guard import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def unused(district):
    return build_centres_world(district, open_round=False)


def _spec(scheme):
    return selectors.scheme_spec(scheme)


def test_an_unused_scheme_is_edited_in_place(unused):
    spec = _spec(unused.scheme)
    spec.dimensions[0].weight = Decimal(40)
    spec.dimensions[0].indicators.pop()  # drop one indicator
    spec.thresholds = [("5A", Decimal(92)), ("4A", Decimal(82))]
    now = actions.scheme_revise(scheme=unused.scheme, spec=spec, actor=TEST)
    assert now.pk == unused.scheme.pk and now.active
    stored = _spec(now)
    assert stored.dimensions[0].weight == Decimal(40)
    assert len(stored.dimensions[0].indicators) == 2
    assert stored.thresholds == [("5A", Decimal(92)), ("4A", Decimal(82))]
    event = AuditEvent.objects.get(action="centres.scheme.edited")
    before, after = event.changes["content"]
    assert before["dimensions"][0][1] == "20" and after["dimensions"][0][1] == "40"


def test_a_used_scheme_gets_a_new_edition_and_opened_rounds_keep_theirs(world):
    old, round_ = world.scheme, world.round
    spec = _spec(old)
    spec.name = "5A评定标准(2022修订)"
    spec.dimensions[1].weight = Decimal(60)
    edition = actions.scheme_revise(scheme=old, spec=spec, actor=TEST)
    old.refresh_from_db()
    round_.refresh_from_db()
    assert edition.pk != old.pk and edition.active and not old.active
    assert round_.scheme_id == old.pk
    assert Indicator.objects.filter(dimension__scheme=old).count() == 15  # untouched
    for pk in AssessmentRound.objects.values_list("pk", flat=True):
        walk_to(AssessmentRound, pk, "closed")
    later = actions.round_open(
        district=world.district.district, title="2022", year=2022, actor=TEST
    )
    assert later.scheme_id == edition.pk
    with pytest.raises(Exception) as refused:
        actions.scheme_revise(scheme=old, spec=spec, actor=TEST)
    assert getattr(refused.value, "code", "") == "scheme_retired"


def test_the_grade_follows_the_edited_weights(unused):
    """compute() with the stored edition's weights equals a sum written out by hand."""
    spec = _spec(unused.scheme)
    spec.dimensions[0].weight = Decimal(60)  # 基础建设 60, the other four 20 each
    scheme = actions.scheme_revise(scheme=unused.scheme, spec=spec, actor=TEST)
    rows = list(Indicator.objects.filter(dimension__scheme=scheme).select_related("dimension"))
    scores = {i.pk: (i.max_score if i.dimension.position == 0 else Decimal(5)) for i in rows}
    result = compute(
        dimensions={i.dimension_id: i.dimension.weight for i in rows},
        indicators=[IndicatorWeight(i.pk, i.dimension_id, i.max_score, i.weight) for i in rows],
        thresholds=[(t.grade, t.min_score) for t in scheme.thresholds.all()],
        scores=scores,
    )
    by_hand = (Decimal(60) * 100 + 4 * Decimal(20) * 50) / Decimal(140)  # full marks, half marks
    assert result.total == by_hand.quantize(Decimal("0.01")) == Decimal("71.43")
    assert result.grade == "3A"  # the default lines: 3A from 70, 4A from 80


def _broken(change):
    def spec_of(scheme):
        spec = _spec(scheme)
        change(spec)
        return spec

    return spec_of


def _dup_indicator(spec):
    spec.dimensions[1].indicators[0].name = spec.dimensions[0].indicators[0].name


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda s: setattr(s, "dimensions", []), "no_dimensions"),
        (lambda s: setattr(s.dimensions[0], "indicators", []), "no_indicators"),
        (lambda s: setattr(s.dimensions[0], "weight", Decimal(0)), "bad_number"),
        (lambda s: setattr(s.dimensions[0].indicators[0], "max_score", Decimal(-1)), "bad_number"),
        (_dup_indicator, "duplicate_name"),
        (lambda s: setattr(s, "thresholds", []), "no_thresholds"),
        (lambda s: setattr(s, "thresholds", [("5A", Decimal(101))]), "bad_threshold"),
        (
            lambda s: setattr(s, "thresholds", [("5A", Decimal(90)), ("5A", Decimal(80))]),
            "duplicate_grade",
        ),
        (lambda s: setattr(s, "name", " "), "name_required"),
    ],
)
def test_a_scheme_that_cannot_grade_is_refused(unused, change, code):
    before = _spec(unused.scheme)
    with pytest.raises(Invalid) as refused:
        actions.scheme_revise(scheme=unused.scheme, spec=_broken(change)(unused.scheme), actor=TEST)
    assert refused.value.code == code
    assert _spec(unused.scheme) == before


def _form(spec) -> dict:
    """The edit form as a browser posts it, from a spec (plus one blank indicator row)."""
    data = {"name": spec.name}
    for d_no, d in enumerate(spec.dimensions):
        data[f"d{d_no}-name"], data[f"d{d_no}-weight"] = d.name, str(d.weight)
        for j, i in enumerate(d.indicators + [None]):
            row = (i.name, i.guidance, str(i.max_score), str(i.weight)) if i else ("",) * 4
            for field, value in zip(("name", "guidance", "max", "weight"), row, strict=True):
                data[f"d{d_no}-i{j}-{field}"] = value
    for k, (grade, least) in enumerate(spec.thresholds):
        data[f"t{k}-grade"], data[f"t{k}-min"] = grade, str(least)
    return data


def test_the_edit_page_adds_removes_and_keeps_typing_when_refused(unused, client):
    client.force_login(unused.personas["district_admin"])
    scheme = unused.scheme
    page = client.get(f"/centres/scheme/{scheme.pk}/edit/")
    assert page.status_code == 200 and 'name="d0-i3-name"' in page.content.decode()  # blank row
    data = _form(_spec(scheme))
    data.update({"d0-i3-name": "党员先锋岗", "d0-i3-max": "10", "d0-i3-weight": "2"})
    data["d4-i2-remove"] = "on"
    data["d1-weight"] = "abc"
    refused = client.post(f"/centres/scheme/{scheme.pk}/edit/", data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'value="abc"' in html and 'value="党员先锋岗"' in html and "运行管理" in html
    assert Indicator.objects.filter(dimension__scheme=scheme).count() == 15  # nothing saved
    data["d1-weight"] = "25"
    saved = client.post(f"/centres/scheme/{scheme.pk}/edit/", data)
    assert saved.status_code == 302
    stored = _spec(scheme)
    assert [i.name for i in stored.dimensions[0].indicators][-1] == "党员先锋岗"
    assert len(stored.dimensions[4].indicators) == 2 and stored.dimensions[1].weight == 25
    shown = client.get("/centres/scheme/").content.decode()
    assert "党员先锋岗" in shown and "编辑评定标准" in shown


@pytest.mark.parametrize(
    ("persona", "view", "edit"),
    [
        ("district_admin", 200, 200),
        ("town_admin_a", 200, 403),
        ("community_admin_a1", 200, 403),
        ("no_role", 404, 404),
    ],
)
def test_who_sees_and_who_edits_the_scheme(unused, client, persona, view, edit):
    client.force_login(unused.personas[persona])
    scheme = unused.scheme
    assert client.get(f"/centres/scheme/{scheme.pk}/").status_code == view
    assert client.get(f"/centres/scheme/{scheme.pk}/edit/").status_code == edit
    posted = client.post(f"/centres/scheme/{scheme.pk}/edit/", _form(_spec(scheme)))
    assert posted.status_code in ({200, 302} if edit == 200 else {edit})


def test_a_district_without_a_scheme_sets_up_the_default(district, client):
    client.force_login(district.personas["district_admin"])
    page = client.get("/centres/scheme/").content.decode()
    assert "设置默认标准" in page
    assert client.post("/centres/scheme/setup/").status_code == 302
    scheme = RatingScheme.objects.get(active=True)
    assert [d.name for d in _spec(scheme).dimensions][:2] == ["基础建设", "运行管理"]
    client.force_login(district.personas["town_admin_a"])
    assert client.post("/centres/scheme/setup/").status_code == 403


def _api(world, persona):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def test_the_api_reads_and_revises_the_scheme(world):
    client = _api(world, "district_admin")
    listed = client.get("/api/v1/centres/schemes/").json()["results"]
    assert [(r["id"], r["active"], r["rounds"]) for r in listed] == [(world.scheme.pk, True, 1)]
    body = client.get(f"/api/v1/centres/schemes/{world.scheme.pk}/").json()
    assert [d["name"] for d in body["dimensions"]][0] == "基础建设"
    assert body["thresholds"][0] == {"grade": "5A", "min_score": "90.00"}
    body["dimensions"][0]["weight"] = "35"
    revised = client.post(f"/api/v1/centres/schemes/{world.scheme.pk}/revise/", body, format="json")
    assert revised.status_code == 200, revised.content
    edition = revised.json()
    assert edition["id"] != world.scheme.pk and edition["dimensions"][0]["weight"] == "35.00"
    body["thresholds"] = []
    refused = client.post(f"/api/v1/centres/schemes/{edition['id']}/revise/", body, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "no_thresholds"
    stale = client.post(f"/api/v1/centres/schemes/{world.scheme.pk}/revise/", body, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "scheme_retired"
    town = _api(world, "town_admin_a")
    assert town.get(f"/api/v1/centres/schemes/{edition['id']}/").status_code == 200
    forbidden = town.post(f"/api/v1/centres/schemes/{edition['id']}/revise/", body, format="json")
    assert forbidden.status_code == 403
    assert (
        _api(world, "no_role").get(f"/api/v1/centres/schemes/{edition['id']}/").status_code == 404
    )
