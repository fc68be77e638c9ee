"""A resident's name over the API shows every character it holds (issue 23, item 9c); the check
itself is core.text's, tested in core/tests/test_text.py."""

import pytest

from yipanqi.people.models import Person

pytestmark = pytest.mark.django_db
API = "/api/v1/people"
ID_NUMBER = "360426199101010071"


@pytest.mark.parametrize(
    "name",
    ["张\u202e三", "\u202d李四", "王\u200b五", "赵\u200d六", "\ufeff钱七", "孙\u2068八\u2069"],
)
def test_person_create_api_refuses_a_spoofed_name(district, api_as, name):
    response = api_as("community_admin_a1").post(
        f"{API}/persons/",
        {"grid_id": district.grids[0].pk, "name": name, "id_number": ID_NUMBER},
        format="json",
    )
    body = response.json()
    assert (response.status_code, body["code"]) == (400, "invisible_characters")
    assert "name" in body["fields"]
    assert not Person.objects.exists()


def test_person_create_api_keeps_a_name_with_a_middle_dot(district, api_as):
    response = api_as("community_admin_a1").post(
        f"{API}/persons/",
        {"grid_id": district.grids[0].pk, "name": "阿依古丽·买买提", "id_number": ID_NUMBER},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Person.objects.get().name == "阿依古丽·买买提"
