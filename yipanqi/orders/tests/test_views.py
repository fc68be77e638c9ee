"""The order pages: each step through the browser-facing views, scope (404), and the inbox.

The world (factories): resident_a1 lives in grid 1 of A1; party_member_a1 is registered with A1 and
placed in grid 1; community_admin_a1 runs A1; community_admin_b1 runs another community.
"""

import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from yipanqi.core.models import Notification
from yipanqi.core.testing import tiny_png
from yipanqi.orders.choices import DispatchKind, EventKind, OrderStatus
from yipanqi.orders.models import OrderCategory, OrderPhoto, ServiceOrder

PNG = tiny_png()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def as_(client, shared_world):
    def sign_in(name: str):
        client.force_login(shared_world.personas[name])
        return client

    return sign_in


def _place_data(w, **extra):
    data = {
        "category": w.category.pk,
        "description": "楼道灯坏了\n三楼到五楼都不亮",
        "grid": w.grid.pk,
        "idempotency_key": uuid.uuid4().hex,
    }
    return data | extra


# --- resident -----------------------------------------------------------------------------------


def test_place_form_preselects_the_residents_grid_and_lists_categories(as_, shared_world):
    page = as_("resident_a1").get(reverse("orders:new"))

    assert page.status_code == 200
    html = page.content.decode()
    assert shared_world.category.name in html
    assert f'name="grid" value="{shared_world.grid.pk}"' in html  # one grid: fixed, shown by name
    assert 'name="idempotency_key"' in html


def test_a_resident_places_an_order_for_themselves(as_, shared_world):
    response = as_("resident_a1").post(reverse("orders:new"), _place_data(shared_world))

    order = ServiceOrder.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert (order.status, order.channel) == (OrderStatus.PLACED, "resident")
    assert order.resident == shared_world.residents["resident_a1"]
    assert order.title == "楼道灯坏了"


def test_a_double_submitted_form_places_one_order(as_, shared_world):
    data = _place_data(shared_world)
    client = as_("resident_a1")
    first = client.post(reverse("orders:new"), data)
    second = client.post(reverse("orders:new"), data)

    assert first["Location"] == second["Location"]
    assert ServiceOrder.objects.filter(idempotency_key=data["idempotency_key"]).count() == 1


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_the_place_form_writes_nothing_even_for_a_district_without_categories(as_, shared_world):
    OrderCategory.objects.filter(district_code="330213").update(active=False)
    client = as_("resident_a1")

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("orders:new"))

    assert page.status_code == 200 and _writes(queries.captured_queries) == []
    assert not OrderCategory.objects.filter(district_code="330213", active=True).exists()


def test_an_account_without_a_placing_role_cannot_open_the_form(as_):
    assert as_("district_admin").get(reverse("orders:new")).status_code == 403


def test_a_photo_is_stored_outside_the_web_root_and_served_as_attachment(as_, shared_world, media):
    photo = SimpleUploadedFile("leak.png", PNG, content_type="image/png")
    client = as_("resident_a1")
    client.post(reverse("orders:new"), _place_data(shared_world, photos=[photo]))

    stored = OrderPhoto.objects.get()
    assert stored.content_type == "image/png" and stored.size == len(PNG)
    path = Path(media) / stored.stored_path
    assert path.parent == Path(media) / "orders" and len(path.name) == 32  # uuid, no extension
    assert path.read_bytes() == PNG
    download = client.get(reverse("orders:photo", args=[stored.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG


def test_a_photo_of_another_communitys_order_is_not_found(as_, shared_world, media):
    as_("resident_a1").post(
        reverse("orders:new"),
        _place_data(shared_world, photos=[SimpleUploadedFile("a.png", PNG)]),
    )
    photo = OrderPhoto.objects.get()

    assert (
        as_("community_admin_b1").get(reverse("orders:photo", args=[photo.pk])).status_code == 404
    )
    assert (
        as_("community_admin_a1").get(reverse("orders:photo", args=[photo.pk])).status_code == 200
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # the name and the declared type lie; the bytes decide
        ("fake.jpg", b"<?php echo 1; ?>", "Only JPEG, PNG or WebP photos are accepted."),
        ("big.png", PNG + b"\x00" * (5 * 1024 * 1024), "A photo may be at most 5 MB."),
    ],
)
def test_bad_photos_are_refused_and_nothing_is_placed(
    as_, shared_world, media, name, content, message
):
    before = ServiceOrder.objects.count()
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")

    page = as_("resident_a1").post(
        reverse("orders:new"), _place_data(shared_world, photos=[upload])
    )

    assert page.status_code == 200 and gettext(message) in page.content.decode()
    assert ServiceOrder.objects.count() == before and not OrderPhoto.objects.exists()


def test_my_orders_show_each_orders_progress(as_, shared_world):
    page = as_("resident_a1").get(reverse("orders:mine"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "工单 dispatched_members" in html and 'aria-current="step"' in html
    assert "工单 placed" in html


def test_rating_not_solved_reopens_the_order_with_its_history(as_, shared_world):
    order = shared_world.orders["done"]
    client = as_("resident_a1")
    assert client.get(reverse("orders:rate", args=[order.pk])).status_code == 200

    response = client.post(
        reverse("orders:rate", args=[order.pk]), {"score": "4", "solved": "no", "comment": "还漏"}
    )

    order.refresh_from_db()
    assert response.status_code == 302
    assert order.status == OrderStatus.ACCEPTED and order.reopen_count == 1
    detail = client.get(order.get_absolute_url()).content.decode()
    assert 'data-kind="reopened"' in detail and 'data-kind="completed"' in detail


def test_someone_else_cannot_rate(as_, shared_world):
    order = shared_world.orders["done"]
    as_("resident_a1_other")
    response = as_("community_admin_a1").post(
        reverse("orders:rate", args=[order.pk]), {"score": "5", "solved": "yes"}
    )
    order.refresh_from_db()
    assert response.status_code == 302 and order.status == OrderStatus.DONE


# --- community admin ----------------------------------------------------------------------------


def test_the_board_shows_tabs_with_counts_and_new_orders(as_, shared_world):
    page = as_("community_admin_a1").get(reverse("orders:board"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "工单 placed" in html
    assert "工单 accepted" not in html and "工单 reopened" not in html  # accepted: to dispatch
    assert "工单 taken" not in html  # in progress, not new
    assert page.context["board"].counts["new"] == 1
    assert page.context["board"].counts["dispatch"] == 2


def test_the_boards_dispatch_tab_lists_the_accepted_orders(as_, shared_world):
    page = as_("community_admin_a1").get(reverse("orders:board"), {"tab": "dispatch"})

    titles = {o.title for o in page.context["page_obj"]}
    assert titles == {"工单 accepted", "工单 reopened"}
    assert 'id="bulk-accept"' not in page.content.decode()  # nothing to tick here


def test_an_empty_new_tab_says_what_comes_there_and_offers_no_bulk_accept(as_, shared_world):
    other_grid = shared_world.district.grids[0]  # no orders in this grid
    page = as_("community_admin_a1").get(reverse("orders:board"), {"grid": other_grid.pk})

    html = page.content.decode()
    assert 'id="board-empty"' in html and 'id="bulk-accept"' not in html
    assert "勾选" not in html  # no "tick the orders below" when there is nothing to tick


def test_the_board_filters_by_grid_and_category(as_, shared_world):
    other_grid = shared_world.district.grids[0]
    page = as_("community_admin_a1").get(
        reverse("orders:board"), {"grid": other_grid.pk, "category": shared_world.category.pk}
    )
    counts = page.context["board"].counts
    assert counts == {"new": 0, "dispatch": 0, "overdue": 0, "escalated": 0, "progress": 0}


def test_residents_and_members_have_no_board(as_):
    assert as_("resident_a1").get(reverse("orders:board")).status_code == 403
    assert as_("party_member_a1").get(reverse("orders:board")).status_code == 403


def test_bulk_accept(as_, shared_world):
    second = shared_world.order_in("placed", title="第二单")
    placed = shared_world.orders["placed"]

    response = as_("community_admin_a1").post(
        reverse("orders:bulk_accept"), {"orders": [placed.pk, second.pk]}
    )

    assert response.status_code == 302
    statuses = set(
        ServiceOrder.objects.filter(pk__in=[placed.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == {OrderStatus.ACCEPTED}


def test_bulk_accept_ignores_orders_out_of_scope(as_, shared_world):
    placed = shared_world.orders["placed"]
    response = as_("community_admin_b1").post(
        reverse("orders:bulk_accept"), {"orders": [placed.pk]}
    )
    placed.refresh_from_db()
    assert response.status_code == 302 and placed.status == OrderStatus.PLACED


def test_dispatch_page_suggests_registered_members_nearest_and_least_busy_first(as_, shared_world):
    order = shared_world.orders["accepted"]  # in grid 1

    page = as_("community_admin_a1").get(reverse("orders:dispatch", args=[order.pk]))

    suggestions = page.context["suggestions"]
    assert page.status_code == 200
    # 钱五 lives in grid 1 and has nothing on hand; 张三 serves grid 1 but holds the world's
    # dispatched and taken orders; 赵四 serves grid 0. B1's member is not suggested.
    assert [r.member.person.name for r in suggestions] == ["钱五", "张三", "赵四"]
    assert [r.nearness for r in suggestions] == [2, 2, 1]
    assert suggestions[0].load == 0 < suggestions[1].load
    assert page.context["picks"] == suggestions[:3]
    assert suggestions[0].reason == "同网格 · 当前 0 单"


def test_dispatch_page_finds_members_by_name(as_, shared_world):
    order = shared_world.orders["accepted"]
    page = as_("community_admin_a1").get(reverse("orders:dispatch", args=[order.pk]), {"q": "赵"})
    assert [r.member.person.name for r in page.context["suggestions"]] == ["赵四"]


def test_dispatch_refuses_a_member_registered_elsewhere(as_, shared_world):
    order = shared_world.orders["accepted"]
    stranger = shared_world.members["party_member_b1"]
    page = as_("community_admin_a1").post(
        reverse("orders:dispatch", args=[order.pk]),
        {"kind": DispatchKind.MEMBERS, "members": [stranger.pk]},
    )
    order.refresh_from_db()
    assert page.status_code == 200 and page.context["form"].errors["members"]
    assert order.status == OrderStatus.ACCEPTED


def test_dispatch_to_a_member(as_, shared_world):
    order = shared_world.orders["accepted"]
    member = shared_world.members["party_member_a1b"]

    response = as_("community_admin_a1").post(
        reverse("orders:dispatch", args=[order.pk]),
        {"kind": DispatchKind.MEMBERS, "members": [member.pk], "claim_area": order.grid_id},
    )

    order.refresh_from_db()
    assert response.status_code == 302
    assert order.status == OrderStatus.DISPATCHED and list(
        order.candidates.values_list("member", flat=True)
    ) == [member.pk]


def test_dispatch_open_for_claiming_in_the_community(as_, shared_world):
    order = shared_world.orders["accepted"]
    as_("community_admin_a1").post(
        reverse("orders:dispatch", args=[order.pk]),
        {"kind": DispatchKind.OPEN, "claim_area": shared_world.a1.pk},
    )
    order.refresh_from_db()
    assert (order.dispatch_kind, order.claim_area) == (DispatchKind.OPEN, shared_world.a1)


def test_dispatch_without_members_shows_the_error(as_, shared_world):
    order = shared_world.orders["accepted"]
    page = as_("community_admin_a1").post(
        reverse("orders:dispatch", args=[order.pk]), {"kind": DispatchKind.MEMBERS}
    )
    assert page.status_code == 200 and page.context["form"].non_field_errors()


def test_decline_needs_a_reason(as_, shared_world):
    order = shared_world.orders["placed"]
    client = as_("community_admin_a1")
    client.post(reverse("orders:decline", args=[order.pk]), {"reason": ""})
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED

    client.post(reverse("orders:decline", args=[order.pk]), {"reason": "物业负责"})
    order.refresh_from_db()
    assert order.status == OrderStatus.DECLINED
    assert order.events.get(kind=EventKind.DECLINED).note == "物业负责"


def test_cancel_and_reassign_with_reasons(as_, shared_world):
    client = as_("community_admin_a1")
    dispatched = shared_world.orders["dispatched_members"]
    client.post(
        reverse("orders:reassign", args=[dispatched.pk]),
        {"kind": DispatchKind.OPEN, "claim_area": shared_world.grid.pk, "reason": "改为抢单"},
    )
    dispatched.refresh_from_db()
    assert dispatched.dispatch_kind == DispatchKind.OPEN
    assert dispatched.events.get(kind=EventKind.REASSIGNED).note == "改为抢单"

    taken = shared_world.orders["taken"]
    client.post(reverse("orders:cancel", args=[taken.pk]), {"reason": "重复工单"})
    taken.refresh_from_db()
    assert taken.status == OrderStatus.CANCELLED


def test_an_illegal_step_is_a_message_not_an_error(as_, shared_world):
    closed = shared_world.orders["closed"]
    response = as_("community_admin_a1").post(
        reverse("orders:accept", args=[closed.pk]), follow=True
    )
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("orders:detail", []),
        ("orders:dispatch", []),
        ("orders:reassign", []),
        ("orders:complete", []),
        ("orders:rate", []),
    ],
)
def test_another_communitys_admin_gets_not_found(as_, shared_world, name, args):
    order = shared_world.orders["accepted"]
    assert as_("community_admin_b1").get(reverse(name, args=[order.pk, *args])).status_code == 404


@pytest.mark.parametrize("step", ["accept", "decline", "cancel", "take"])
def test_out_of_scope_posts_are_not_found(as_, shared_world, step):
    order = shared_world.orders["placed"]
    response = as_("community_admin_b1").post(
        reverse(f"orders:{step}", args=[order.pk]), {"reason": "x"}
    )
    assert response.status_code == 404


def test_order_detail_offers_the_viewers_steps(as_, shared_world):
    order = shared_world.orders["placed"]
    admin = as_("community_admin_a1").get(order.get_absolute_url())
    assert admin.context["steps"] == {"accept", "decline", "cancel"}
    resident = as_("resident_a1").get(order.get_absolute_url())
    assert resident.context["steps"] == {"cancel"}


def test_the_taker_is_masked_for_the_resident(as_, shared_world):
    order = shared_world.orders["taken"]
    assert as_("resident_a1").get(order.get_absolute_url()).context["taker"] == "张*"
    assert as_("community_admin_a1").get(order.get_absolute_url()).context["taker"] == "张三"


# --- party member -------------------------------------------------------------------------------


def test_claim_page_lists_orders_near_the_member(as_, shared_world):
    page = as_("party_member_a1").get(reverse("orders:claim"))

    claimable = {o.title for o in page.context["claimable"]}
    assert "工单 dispatched_open" in claimable and "工单 dispatched_members" in claimable
    assert {o.title for o in page.context["taken"]} == {"工单 taken"}


def test_claim_page_of_a_member_elsewhere(as_, shared_world):
    page = as_("party_member_a1b").get(reverse("orders:claim"))
    claimable = {o.title for o in page.context["claimable"]}
    assert claimable == set()  # open in grid 1 only, and not named


def test_take_then_complete_with_hours_for_the_team_sent(as_, shared_world, media):
    order = shared_world.orders["accepted"]
    member, other = (
        shared_world.members["party_member_a1"],
        shared_world.members["party_member_a1b"],
    )
    as_("community_admin_a1").post(
        reverse("orders:dispatch", args=[order.pk]),
        {"kind": DispatchKind.MEMBERS, "members": [member.pk, other.pk]},
    )
    client = as_("party_member_a1")
    assert client.post(reverse("orders:take", args=[order.pk])).status_code == 302
    page = client.get(reverse("orders:complete", args=[order.pk]))
    assert page.context["form"].participants == [member, other]  # the taker first, then the team

    response = client.post(
        reverse("orders:complete", args=[order.pk]),
        {
            "note": "换了灯泡",
            f"hours_{member.pk}": "1.5",
            f"hours_{other.pk}": "0.5",
            "photos": [SimpleUploadedFile("done.png", PNG)],
        },
    )

    order.refresh_from_db()
    assert response.status_code == 302 and order.status == OrderStatus.DONE
    hours = dict(order.participants.values_list("member_id", "hours"))
    assert {k: str(v) for k, v in hours.items()} == {member.pk: "1.5", other.pk: "0.5"}
    assert order.photos.get().stage == "done"


def test_the_complete_page_credits_no_one_outside_the_order(as_, shared_world):
    """Issue 23/9b on the page: hours posted for a member the order was not sent to are not a
    field of the form and credit nobody."""
    order = shared_world.orders["taken"]
    member, outsider = (
        shared_world.members["party_member_a1"],
        shared_world.members["party_member_a1b"],
    )
    client = as_("party_member_a1")
    response = client.post(
        reverse("orders:complete", args=[order.pk]),
        {"note": "已修好", f"hours_{member.pk}": "2", f"hours_{outsider.pk}": "8"},
    )
    assert response.status_code == 302
    assert dict(order.participants.values_list("member_id", "hours")) == {member.pk: 2}


def test_the_complete_page_refuses_hours_over_the_cap(as_, shared_world):
    order = shared_world.orders["taken"]
    member = shared_world.members["party_member_a1"]
    client = as_("party_member_a1")
    response = client.post(
        reverse("orders:complete", args=[order.pk]), {"note": "已修好", f"hours_{member.pk}": "9"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors[f"hours_{member.pk}"]
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN and not order.participants.exists()


def test_an_open_order_credits_only_its_taker_on_the_form(as_, shared_world):
    order = shared_world.orders["dispatched_open"]
    client = as_("party_member_a1")
    client.post(reverse("orders:take", args=[order.pk]))
    page = client.get(reverse("orders:complete", args=[order.pk]))
    # other members' names (party membership is sensitive) are not shown to a member
    assert page.context["form"].participants == [shared_world.members["party_member_a1"]]
    assert "赵四" not in page.content.decode()


def test_take_with_htmx_answers_the_card_also_to_a_late_claimant(as_, shared_world):
    order = shared_world.orders["dispatched_open"]
    # party_member_a1c is registered with A1 but in no grid yet: may claim in all of A1
    first = as_("party_member_a1c").post(
        reverse("orders:take", args=[order.pk]), HTTP_HX_REQUEST="true"
    )
    assert first.status_code == 200 and f"claim-{order.pk}" in first.content.decode()

    late = as_("party_member_a1").post(
        reverse("orders:take", args=[order.pk]), HTTP_HX_REQUEST="true"
    )
    html = late.content.decode()
    assert late.status_code == 200  # htmx swaps only 2xx answers: the card carries the conflict
    assert gettext("Someone else has already taken this order.") in html
    assert 'data-status="taken"' in html and "hx-post" not in html


def test_only_the_taker_may_complete(as_, shared_world):
    order = shared_world.orders["taken"]
    assert as_("party_member_a1b").get(reverse("orders:complete", args=[order.pk])).status_code in (
        403,
        404,
    )


# --- street / district --------------------------------------------------------------------------


def test_overview_for_the_district_groups_by_town(as_, shared_world):
    page = as_("district_admin").get(reverse("orders:overview"))
    overview = page.context["overview"]
    assert page.status_code == 200 and overview.by_town
    assert overview.totals["total"] == len(shared_world.orders)
    town = next(r for r in overview.rows if r["area"] == shared_world.district.towns[0])
    assert town["total"] == len(shared_world.orders)


def test_overview_for_a_town_groups_by_community(as_, shared_world):
    page = as_("town_admin_a").get(reverse("orders:overview"))
    overview = page.context["overview"]
    assert not overview.by_town
    assert [r["area"] for r in overview.rows] == [shared_world.a1]


def test_overview_shows_escalations(as_, shared_world):
    ServiceOrder.objects.filter(pk=shared_world.orders["placed"].pk).update(
        overdue=True, escalation_level=2
    )
    page = as_("town_admin_a").get(reverse("orders:overview"))
    assert [o.pk for o in page.context["escalations"]] == [shared_world.orders["placed"].pk]
    assert page.context["overview"].totals["escalated"] == 1


def test_residents_have_no_overview(as_):
    assert as_("resident_a1").get(reverse("orders:overview")).status_code == 403


def test_order_list_filters(as_, shared_world):
    client = as_("community_admin_a1")
    page = client.get(reverse("orders:list"), {"status": "taken"})
    assert {o.title for o in page.context["page_obj"]} == {"工单 taken", "工单 taken_unit"}
    page = client.get(reverse("orders:list"), {"overdue": "1"})
    assert list(page.context["page_obj"]) == []


# --- inbox --------------------------------------------------------------------------------------


def test_inbox_lists_the_users_messages_and_the_badge_counts_unread(as_, shared_world):
    client = as_("community_admin_a1")
    unread = Notification.objects.filter(
        user=shared_world.personas["community_admin_a1"], read_at=None
    ).count()
    assert unread > 0  # new orders were announced to the community's admins

    page = client.get(reverse("core:inbox"))

    assert page.status_code == 200 and page.context["unread_notifications"] == unread
    assert 'id="unread-badge"' in page.content.decode()


def test_opening_a_message_marks_it_read_and_follows_its_link(as_, shared_world):
    user = shared_world.personas["resident_a1"]
    note = Notification.objects.filter(user=user, read_at=None).first()
    response = as_("resident_a1").post(reverse("core:notification_open", args=[note.pk]))
    note.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == note.url
    assert note.read_at is not None


def test_another_users_message_is_not_found(as_, shared_world):
    note = Notification.objects.filter(user=shared_world.personas["resident_a1"]).first()
    response = as_("community_admin_a1").post(reverse("core:notification_open", args=[note.pk]))
    assert response.status_code == 404


def test_mark_all_read(as_, shared_world):
    user = shared_world.personas["community_admin_a1"]
    as_("community_admin_a1").post(reverse("core:inbox_read_all"))
    assert not Notification.objects.filter(user=user, read_at=None).exists()
