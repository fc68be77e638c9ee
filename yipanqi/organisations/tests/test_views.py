"""The organisation pages: who can open them, the forms end to end, the htmx tree and its search."""

import re
from html import unescape

import pytest

from yipanqi.organisations.models import Area, PartyOrganisation, RoleGrant, Unit
from yipanqi.organisations.tests.oracle import PERSONAS, area_ids

LIST_PAGES = ["/org/", "/org/?tree=party", "/org/units/", "/org/grants/", "/audit/"]


def party(district, name: str) -> PartyOrganisation:
    return next(org for org in district.party.values() if org.name == name)


def area_links(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/org/areas/(\d+)/"', response.content.decode())}


def area_names(response) -> set[str]:
    return {node.name for node in response.context["nodes"]}


def shown_errors(response) -> list[str]:
    """The form's errors, each of which must also be visible on the page."""
    form = response.context["form"]
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    html = unescape(response.content.decode())
    for error in errors:
        assert error in html
    assert 'role="alert"' in html
    return errors


# --- every page renders for whoever may open it ------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_pages_render_for_every_persona(district, client_as, persona):
    browser = client_as(persona)

    for url in LIST_PAGES:
        assert browser.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("community_admin_a1", "/org/areas/{A1}/new/", 200),
        ("community_admin_a1", "/org/areas/{A1g1}/rename/", 200),
        ("community_admin_a1", "/org/areas/{A1g1}/move/", 200),
        ("community_admin_a1", "/org/units/new/", 200),
        ("community_admin_a1", "/org/party/{A1party}/new/", 200),
        ("community_admin_a1", "/org/party/{A1party}/rename/", 200),
        ("town_admin_a", "/org/areas/{A1}/rename/", 200),
        ("town_admin_a", "/org/areas/{A1}/move/", 200),
        ("district_admin", "/org/areas/{district}/new/", 200),
        # In scope, but not theirs to change: 403.
        ("community_admin_a1", "/org/areas/{A1}/rename/", 403),
        ("community_admin_a1", "/org/areas/{A1}/move/", 403),
        ("auditor_a", "/org/areas/{A1}/new/", 403),
        ("auditor_a", "/org/party/{A1party}/rename/", 403),
        ("grid_worker_a1", "/org/units/new/", 403),
        ("resident_a1", "/org/areas/{A1g2}/rename/", 403),
        # Out of scope: 404, whatever the form.
        ("community_admin_a1", "/org/areas/{A2}/new/", 404),
        ("community_admin_a1", "/org/areas/{A2}/rename/", 404),
        ("town_admin_a", "/org/areas/{B1}/move/", 404),
        ("community_admin_b1", "/org/party/{A1party}/new/", 404),
        # A grid has no sub-areas.
        ("community_admin_a1", "/org/areas/{A1g1}/new/", 404),
    ],
)
def test_form_pages_answer_by_right_and_scope(district, client_as, persona, url, status):
    ids = {
        "district": district.district.pk,
        "A1": district.communities[0].pk,
        "A2": district.communities[1].pk,
        "B1": district.communities[2].pk,
        "A1g1": district.grids[0].pk,
        "A1g2": district.grids[1].pk,
        "A1party": party(district, "奉中社区党委").pk,
    }

    assert client_as(persona).get(url.format(**ids)).status_code == status


def test_area_page_offers_only_the_buttons_one_may_use(district, client_as):
    a1 = district.communities[0]

    own = client_as("community_admin_a1").get(f"/org/areas/{a1.pk}/")
    assert own.context["can_add"] and not own.context["can_change"]
    from_above = client_as("town_admin_a").get(f"/org/areas/{a1.pk}/")
    assert from_above.context["can_add"] and from_above.context["can_change"]
    assert f"/org/areas/{a1.pk}/rename/" in from_above.content.decode()
    reader = client_as("auditor_a").get(f"/org/areas/{a1.pk}/")
    assert not reader.context["can_add"] and not reader.context["can_change"]
    assert f"/org/areas/{a1.pk}/new/" not in reader.content.decode()


# --- forms end to end --------------------------------------------------------------------------


def test_community_admin_adds_a_grid_through_the_form(district, client_as):
    a1 = district.communities[0]
    browser = client_as("community_admin_a1")

    response = browser.post(
        f"/org/areas/{a1.pk}/new/", {"name": "奉中社区第3网格", "code": "330213001001003"}
    )

    grid = Area.objects.get(code="330213001001003")
    assert response.status_code == 302 and response["Location"] == f"/org/areas/{grid.pk}/"
    assert grid.get_parent() == a1
    assert browser.get(response["Location"]).status_code == 200
    assert grid.pk in area_links(browser.get(f"/org/areas/{a1.pk}/"))


@pytest.mark.parametrize(
    "code",
    ["33021300100100", "330213001002003", "330213001001001", "abc"],
)
def test_a_bad_code_shows_a_clear_error(district, client_as, code):
    a1 = district.communities[0]

    response = client_as("community_admin_a1").post(
        f"/org/areas/{a1.pk}/new/", {"name": "新网格", "code": code}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert shown_errors(response)
    assert not Area.objects.filter(name="新网格").exists()


def test_rename_through_the_form(district, client_as):
    a1 = district.communities[0]
    browser = client_as("town_admin_a")

    response = browser.post(f"/org/areas/{a1.pk}/rename/", {"name": "奉中新社区"})

    assert response.status_code == 302
    assert "奉中新社区" in browser.get(f"/org/areas/{a1.pk}/").content.decode()
    empty = browser.post(f"/org/areas/{a1.pk}/rename/", {"name": ""})
    assert empty.status_code == 200 and shown_errors(empty)


def test_move_through_the_form(district, client_as):
    a1, town_a, town_b = district.communities[0], district.towns[0], district.towns[1]
    browser = client_as("district_admin")
    choices = browser.get(f"/org/areas/{a1.pk}/move/").context["form"].fields["new_parent"]
    assert set(choices.queryset) == {town_b}  # not where it already is

    response = browser.post(f"/org/areas/{a1.pk}/move/", {"new_parent": town_b.pk})

    assert response.status_code == 302
    page = browser.get(f"/org/areas/{a1.pk}/")
    assert [a.pk for a in page.context["ancestors"]] == [district.district.pk, town_b.pk]
    assert client_as("town_admin_a").get(f"/org/areas/{a1.pk}/").status_code == 404
    assert a1.pk not in area_links(client_as("town_admin_a").get(f"/org/areas/{town_a.pk}/"))


def test_move_form_refuses_a_foreign_parent(district, client_as):
    """A parent outside one's reach is not a choice, so the form refuses it."""
    a1, b1 = district.communities[0], district.communities[2]

    response = client_as("town_admin_a").post(
        f"/org/areas/{district.grids[0].pk}/move/", {"new_parent": b1.pk}
    )

    assert response.status_code == 200 and shown_errors(response)
    assert Area.objects.get(pk=district.grids[0].pk).get_parent() == a1


def test_party_forms_end_to_end(district, client_as):
    committee = party(district, "奉中社区党委")
    browser = client_as("community_admin_a1")

    created = browser.post(
        f"/org/party/{committee.pk}/new/", {"name": "第一党支部", "kind": "branch"}
    )
    branch = PartyOrganisation.objects.get(name="第一党支部")
    assert created.status_code == 302 and created["Location"] == f"/org/party/{branch.pk}/"
    renamed = browser.post(f"/org/party/{branch.pk}/rename/", {"name": "奉中社区第一党支部"})
    assert renamed.status_code == 302
    assert "奉中社区第一党支部" in browser.get(f"/org/party/{committee.pk}/").content.decode()
    refused = browser.post(f"/org/party/{committee.pk}/new/", {"name": "小组", "kind": "group"})
    assert refused.status_code == 200 and shown_errors(refused)

    group = browser.post(f"/org/party/{branch.pk}/new/", {"name": "第一党小组", "kind": "group"})
    assert group.status_code == 302
    browser.post(f"/org/party/{committee.pk}/new/", {"name": "第二党支部", "kind": "branch"})
    second = PartyOrganisation.objects.get(name="第二党支部")
    group = PartyOrganisation.objects.get(name="第一党小组")
    form = browser.get(f"/org/party/{group.pk}/move/").context["form"]
    assert set(form.fields["new_parent"].queryset) == {second}
    moved = browser.post(f"/org/party/{group.pk}/move/", {"new_parent": second.pk})
    assert moved.status_code == 302
    assert PartyOrganisation.objects.get(pk=group.pk).get_parent() == second


def test_unit_form(district, client_as):
    a1 = district.communities[0]
    browser = client_as("community_admin_a1")
    form = browser.get("/org/units/new/").context["form"]
    assert set(form.fields["area"].queryset) == {a1}

    bad = browser.post(
        "/org/units/new/",
        {"name": "某公司", "kind": "other", "area": a1.pk, "credit_code": "91310115MA1H8R7C6D"},
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors["credit_code"] and shown_errors(bad)

    good = browser.post(
        "/org/units/new/",
        {"name": "某公司", "kind": "other", "area": a1.pk, "credit_code": "91350100M000100Y43"},
    )
    unit = Unit.objects.get(name="某公司")
    assert good.status_code == 302 and good["Location"] == f"/org/units/{unit.pk}/"
    assert "91350100M000100Y43" in browser.get(good["Location"]).content.decode()


def test_grant_and_revoke_through_the_pages(district, client_as, personas):
    a1 = district.communities[0]
    browser = client_as("system_admin")

    granted = browser.post(
        "/org/grants/", {"username": "no_role", "role": "grid_worker", "area": a1.pk}
    )
    assert granted.status_code == 302
    grant = RoleGrant.objects.get(user=personas["no_role"])
    separated = browser.post(
        "/org/grants/",
        {"username": "audit_admin", "role": "security_admin", "area": district.district.pk},
    )
    assert separated.status_code == 200 and shown_errors(separated)
    unknown = browser.post("/org/grants/", {"username": "ghost", "role": "resident", "area": a1.pk})
    assert unknown.status_code == 200 and unknown.context["form"].errors["username"]

    revoked = browser.post(f"/org/grants/{grant.pk}/revoke/")
    assert revoked.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_grant_page_offers_no_form_without_the_right(district, client_as):
    page = client_as("district_admin").get("/org/grants/")
    assert page.context["form"] is None
    grant = RoleGrant.objects.get(user__username="community_admin_a1")

    refused = client_as("district_admin").post(f"/org/grants/{grant.pk}/revoke/", follow=True)

    assert refused.status_code == 200
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert (
        client_as("community_admin_b1").post(f"/org/grants/{grant.pk}/revoke/").status_code == 404
    )


# --- the htmx tree -----------------------------------------------------------------------------


def test_children_partial_returns_only_children_in_scope(district, client_as):
    town_a, a1 = district.towns[0], district.communities[0]

    partial = client_as("town_admin_a").get(f"/org/areas/{town_a.pk}/children/")

    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert area_links(partial) == {a1.pk, district.communities[1].pk}
    assert area_links(partial) <= area_ids(district, "town_admin_a")
    grids = client_as("community_admin_a1").get(f"/org/areas/{a1.pk}/children/")
    assert area_links(grids) == {district.grids[0].pk, district.grids[1].pk}
    assert (
        client_as("community_admin_a1").get(f"/org/areas/{town_a.pk}/children/").status_code == 404
    )
    assert client_as("grid_worker_a1").get(f"/org/areas/{a1.pk}/children/").status_code == 404


def test_party_children_partial(district, client_as):
    town_party = party(district, "锦屏街道党工委")

    partial = client_as("town_admin_a").get(f"/org/party/{town_party.pk}/children/")

    names = {o.name for o in partial.context["nodes"]}
    assert names == {"奉中社区党委", "锦山社区党委"}
    assert (
        client_as("community_admin_a1").get(f"/org/party/{town_party.pk}/children/").status_code
        == 404
    )


def test_tree_shows_the_users_own_root(district, client_as):
    assert area_names(client_as("community_admin_a1").get("/org/")) == {"奉中社区"}
    assert area_names(client_as("district_admin").get("/org/")) == {"奉化区"}
    assert area_names(client_as("security_admin").get("/org/")) == set()


@pytest.mark.parametrize(
    ("persona", "q", "expected"),
    [
        ("town_admin_a", "奉中", {"奉中社区", "奉中社区第1网格", "奉中社区第2网格"}),  # by name
        ("town_admin_a", "330213001001", {"奉中社区", "奉中社区第1网格", "奉中社区第2网格"}),
        ("town_admin_a", "fz", {"奉中社区", "奉中社区第1网格", "奉中社区第2网格"}),  # pinyin
        ("town_admin_a", "FZ", {"奉中社区", "奉中社区第1网格", "奉中社区第2网格"}),
        ("town_admin_a", "mz", set()),  # 民主社区 is in town B
        ("town_admin_a", "33021300200", set()),
        ("community_admin_b1", "fz", set()),
        ("community_admin_b1", "mz", {"民主社区", "民主社区第1网格", "民主社区第2网格"}),
        ("grid_worker_a1", "fz", {"奉中社区第1网格"}),
        ("security_admin", "fz", set()),
        (
            "district_admin",
            "3302130020",
            {"岳林街道", "民主社区", "新民社区"}
            | {f"{c}第{g}网格" for c in ("民主社区", "新民社区") for g in (1, 2)},
        ),
    ],
)
def test_tree_search_finds_matches_in_scope_only(district, client_as, persona, q, expected):
    response = client_as(persona).get("/org/", {"q": q})

    assert area_names(response) == expected
    assert area_links(response) <= area_ids(district, persona)


def test_tree_search_as_you_type_returns_the_fragment(district, client_as):
    response = client_as("town_admin_a").get("/org/", {"q": "fz"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="tree-body"') and "<html" not in html
    assert area_names(response) == {"奉中社区", "奉中社区第1网格", "奉中社区第2网格"}


def test_party_tree_search(district, client_as):
    response = client_as("town_admin_a").get("/org/", {"tree": "party", "q": "fz"})

    assert {o.name for o in response.context["nodes"]} == {"奉中社区党委"}
    assert (
        not client_as("community_admin_b1")
        .get("/org/", {"tree": "party", "q": "fz"})
        .context["nodes"]
    )


def test_unit_list_search(district, client_as):
    response = client_as("town_admin_a").get("/org/units/", {"q": "fz"})

    assert [u.name for u in response.context["page_obj"]] == ["奉中社区驻区单位"]


def test_pages_carry_no_inline_styles(district, client_as):
    """CSP allows styles from our own files only (style-src 'self'): no style attributes."""
    a1 = district.communities[0]
    browser = client_as("town_admin_a")
    urls = LIST_PAGES + [
        f"/org/areas/{a1.pk}/",
        f"/org/areas/{a1.pk}/new/",
        f"/org/areas/{a1.pk}/rename/",
        f"/org/areas/{a1.pk}/move/",
        f"/org/party/{party(district, '奉中社区党委').pk}/",
        f"/org/units/{district.units[0].pk}/",
        f"/org/bodies/{district.bodies[0].pk}/",
        "/org/units/new/",
    ]

    for url in urls:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert not re.search(r"<[^>]+\sstyle=", response.content.decode()), url
