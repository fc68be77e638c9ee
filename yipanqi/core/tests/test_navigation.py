"""Navigation from the registry: grouped, role-aware, at most 7 top-level entries, a phone bar."""

import pytest
from django.urls import reverse

from yipanqi.core import context_processors, registry

PERSONAS = [
    "district_admin",
    "town_admin_a",
    "community_admin_a1",
    "grid_worker_a1",
    "party_member_a1",
    "resident_a1",
    "auditor_a",
    "security_admin",
    "audit_admin",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_of_the_persona_is_reachable_from_a_grouped_bar(persona, client_as):
    response = client_as(persona).get(reverse("home"))
    html = response.content.decode()
    groups, items = response.context["nav_groups"], response.context["nav_items"]
    assert 1 <= len(groups) <= context_processors.MAX_GROUPS
    in_groups = [i["url"] for g in groups for i in g["items"]]
    assert sorted(in_groups) == sorted(i["url"] for i in items)
    for url in in_groups:
        assert f'href="{url}"' in html
    # Home, at most three pages and "More" fit a phone's bottom bar.
    assert len(response.context["phone_bar"]) <= context_processors.PHONE_BAR
    assert 'class="phone-bar d-md-none"' in html


def test_each_persona_sees_only_its_own_pages(client_as):
    resident = client_as("resident_a1").get(reverse("home")).context
    urls = {i["url_name"] for i in resident["nav_items"]}
    assert "orders:new" in urls and "orders:mine" in urls
    assert not urls & {"orders:board", "people:person_list", "core:audit_list"}
    assert [i["url_name"] for i in resident["phone_bar"]][:1] == ["orders:new"]


def test_a_member_claims_orders_from_the_phone_bar(client_as):
    context = client_as("party_member_a1").get(reverse("home")).context
    assert context["phone_bar"][0]["url_name"] == "orders:claim"


def test_groups_beyond_seven_fold_into_more(monkeypatch):
    monkeypatch.setattr(
        registry, "nav_groups", {f"g{n}": registry.NavGroup(f"g{n}", f"G{n}", n) for n in range(9)}
    )
    items = [
        {"label": f"P{n}", "url": f"/p{n}/", "url_name": f"p{n}", "group": f"g{n}", "phone": None}
        for n in range(9)
    ]
    groups = context_processors._groups(items, current="p8")
    assert len(groups) == 7
    assert groups[-1]["key"] == context_processors.MORE
    assert [i["url_name"] for i in groups[-1]["items"]] == ["p6", "p7", "p8"]
    assert [i["section"] for i in groups[-1]["items"]] == ["G6", "G7", "G8"]
    assert groups[-1]["active"] and not groups[0]["active"]
