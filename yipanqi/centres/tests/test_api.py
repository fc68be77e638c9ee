"""The centres API: one POST per step, stable codes for refusals, 404 out of scope."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from yipanqi.centres import actions
from yipanqi.centres.tests.factories import TEST, full_marks, reviewed

pytestmark = pytest.mark.django_db


def client_for(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def _url(assessment, step: str = "") -> str:
    base = f"/api/v1/centres/assessments/{assessment.pk}/"
    return f"{base}{step}/" if step else base


def test_the_steps_of_an_assessment_through_the_api(world):
    assessment = world.assessment(world.grassroots[0])
    first = world.indicators()[0]
    centre = client_for(world, "community_admin_a1")
    scores = {str(k): str(v) for k, v in full_marks(world).items()}
    answer = centre.post(_url(assessment, "self-assess"), {"scores": scores}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "self"
    assert (
        centre.post(_url(assessment, "submit"), {}, format="json").json()["status"] == "submitted"
    )
    street = client_for(world, "town_admin_a")
    refused = street.post(
        _url(assessment, "street-review"), {"scores": {str(first.pk): "6"}}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "reason_required"
    done = street.post(
        _url(assessment, "street-review"),
        {"scores": {str(first.pk): "6"}, "reasons": {str(first.pk): "台账不全"}},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "street_reviewed"
    row = next(r for r in done.json()["indicators"] if r["indicator_id"] == first.pk)
    assert [(h["level"], h["reason"]) for h in row["history"]] == [
        ("self", ""),
        ("street", "台账不全"),
    ]
    assert Decimal(row["counting"]) == Decimal(6)
    again = street.post(_url(assessment, "street-review"), {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"


def test_scores_out_of_range_answer_400_with_the_field(world):
    assessment = world.assessment(world.grassroots[0])
    first = world.indicators()[0]
    centre = client_for(world, "community_admin_a1")
    answer = centre.post(
        _url(assessment, "self-assess"), {"scores": {str(first.pk): "99"}}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "score_out_of_range"


@pytest.mark.parametrize("field", ["scores", "notes"])
def test_a_key_that_is_not_an_indicator_id_answers_400_naming_it(world, field):
    # Was a 500 (int() of the key in the action), found by the API fuzz (decision 016).
    assessment = world.assessment(world.grassroots[0])
    first = world.indicators()[0]
    body = {"scores": {str(first.pk): "1"}, field: {"abc": "1"}}
    answer = client_for(world, "community_admin_a1").post(
        _url(assessment, "self-assess"), body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == "validation_error"
    assert list(answer.json()["fields"][field]) == ["abc"]


def test_out_of_scope_and_missing_answer_the_same_404(world):
    other = world.assessment(world.grassroots[2])  # community B1
    centre = client_for(world, "community_admin_a1")
    missing = centre.get("/api/v1/centres/assessments/999999/")
    hidden = centre.get(_url(other))
    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()
    assert centre.post(_url(other, "submit"), {}, format="json").status_code == 404


def test_publish_appeal_window_and_round_codes(world):
    reviewed(world, world.grassroots[0])
    district = client_for(world, "district_admin")
    published = district.post(
        f"/api/v1/centres/rounds/{world.round.pk}/publish/", {}, format="json"
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    twice = district.post(f"/api/v1/centres/rounds/{world.round.pk}/publish/", {}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "illegal_transition"
    early = district.post(f"/api/v1/centres/rounds/{world.round.pk}/close/", {}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "appeals_open"
    detail = district.get(f"/api/v1/centres/{world.grassroots[0].pk}/").json()
    assert detail["grade"] == "5A" and detail["grades"][0]["grade"] == "5A"
    stuck = world.assessment(world.grassroots[1])
    late = client_for(world, "community_admin_a2").post(
        _url(stuck, "self-assess"), {"scores": {}}, format="json"
    )
    assert late.status_code == 409 and late.json()["code"] == "round_not_open"
    actions.assessment_appeal(
        assessment=world.assessment(world.grassroots[0]), reason="复核", actor=TEST
    )
    decided = district.post(
        _url(world.assessment(world.grassroots[0]), "appeal-decision"),
        {"upheld": False, "reason": "维持"},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["appeal_decision"] == "维持"


def test_evidence_through_the_api_checks_type_and_scope(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yipanqi.centres.tests.factories import PNG

    settings.MEDIA_ROOT = tmp_path
    assessment = world.assessment(world.grassroots[0])
    first = world.indicators()[0]
    centre = client_for(world, "community_admin_a1")
    url = _url(assessment, "evidence")

    def send(client, content: bytes):
        upload = SimpleUploadedFile("f.png", content, content_type="image/png")
        return client.post(url, {"indicator_id": first.pk, "file": upload}, format="multipart")

    wrong = send(centre, b"GIF89a" + b"\x00" * 32)
    assert wrong.status_code == 400 and wrong.json()["code"] == "file_type"
    done = send(centre, PNG)
    assert done.status_code == 200, done.content
    row = next(r for r in done.json()["indicators"] if r["indicator_id"] == first.pk)
    assert len(row["evidence"]) == 1
    assert send(client_for(world, "community_admin_b1"), PNG).status_code == 404
