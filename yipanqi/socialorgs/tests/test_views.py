"""The pages: forms post through the actions (errors on the form, nothing saved), steps answer
with a message, and list pages cost a constant number of queries."""

import pytest
from django.urls import reverse

from yipanqi.socialorgs import actions
from yipanqi.socialorgs.choices import AppStatus, NeedStatus
from yipanqi.socialorgs.models import Application, Need
from yipanqi.socialorgs.tests.factories import TEST

pytestmark = pytest.mark.django_db


def _as(client, world, persona):
    client.force_login(world.personas[persona])
    return client


def test_staff_apply_on_the_form_and_an_over_cap_budget_stays_on_the_form(client, world):
    page = _as(client, world, "staff_a")
    url = reverse("socialorgs:application_new", args=[world.round.pk])
    body = {"organisation": world.orgs["a"].pk, "title": "楼道议事会", "theme": "governance",
            "item_1": "活动经费", "amount_1": "19000", "item_2": "物料", "amount_2": "1000.01"}  # fmt: skip

    response = page.post(url, body)
    assert response.status_code == 200
    assert "over the cap" in response.content.decode() or "超出" in response.content.decode()
    assert not Application.objects.exists()

    body["amount_2"] = "1000"
    response = page.post(url, body)
    app = Application.objects.get()
    assert response.status_code == 302 and response.url == app.get_absolute_url()
    assert app.budget_fen == 2_000_000


def test_a_reviewer_scores_on_the_page_and_a_bad_score_is_shown_on_its_field(client, world):
    app = world.app_in(AppStatus.ELIGIBLE)
    actions.reviewers_assign(application=app, reviewers=world.reviewers[:1], actor=TEST)
    review = app.reviews.get()
    first, second = world.round.criteria.all()
    page = _as(client, world, "reviewer_1")
    url = reverse("socialorgs:review_score", args=[review.pk])

    response = page.post(url, {f"score_{first.pk}": "55", f"score_{second.pk}": "40"})
    assert response.status_code == 200 and response.context["form"].errors[f"score_{first.pk}"]
    response = page.post(url, {f"score_{first.pk}": "45", f"score_{second.pk}": "40"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == AppStatus.REVIEWED and str(app.mean_score) == "85.00"


def test_a_community_posts_a_need_and_accepts_a_matched_offer(client, world):
    page = _as(client, world, "community_admin_a1")
    a1 = world.d.communities[0]
    response = page.post(reverse("socialorgs:need_new"), {"community": a1.pk, "title": "助浴服务",
                         "kind": "elderly_care", "people": "8", "budget": "3000"})  # fmt: skip
    need = Need.objects.get(title="助浴服务")
    assert response.url == need.get_absolute_url() and need.budget_fen == 300_000

    detail = page.get(need.get_absolute_url())
    assert [o.pk for o in detail.context["suggestions"]] == [world.offers["a"].pk]
    page.post(reverse("socialorgs:need_accept", args=[need.pk]), {"offer": world.offers["a"].pk})
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED


def test_a_funder_step_from_the_page_reports_a_conflict_as_a_message(client, world):
    page = _as(client, world, "district_admin")
    url = reverse("socialorgs:round_step", args=[world.round.pk, "approve"])
    response = page.post(url, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages and response.status_code == 200


def _new_round(world, title: str):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    return actions.round_open(
        district=world.d.district, title=title, year=today.year, funder="奉化区民政局",
        opens_on=today, closes_on=today + datetime.timedelta(days=5), cap_fen=2_000_000,
        total_fen=4_000_000, themes=["governance"], criteria=[("公益性", 50), ("专业性", 50)],
        actor=TEST,
    )  # fmt: skip


def _more_rows(world) -> None:
    """Another signed project (two tranches, two reviews) in a second round and, in a third, two
    applications in review, needs and offers: every list page then shows more of each kind."""
    first, world.round = world.round, _new_round(world, "第二批")
    world.app_in(AppStatus.SIGNED, title="签约项目")
    third, world.round = _new_round(world, "第三批"), first
    for i in range(2):
        app = actions.application_submit(round_=third, organisation=world.orgs["a"], title=f"项目{i}",
                                         theme="governance", lines=[("经费", 100_000)], actor=TEST)  # fmt: skip
        actions.application_screen(application=app, eligible=True, actor=TEST)
        actions.reviewers_assign(application=app, reviewers=world.reviewers[:2], actor=TEST)
        actions.need_post(community=world.d.communities[0], title=f"需求{i}", kind="health", people=3,
                          budget_fen=0, actor=TEST)  # fmt: skip
        actions.offer_publish(organisation=world.orgs["b"], title=f"服务{i}", kind="health",
                              price_class="free", area=world.d.district, capacity=5, actor=TEST)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "persona"),
    [("socialorgs:org_list", "district_admin"), ("socialorgs:board", "district_admin"),
     ("socialorgs:round_list", "district_admin"), ("socialorgs:my_reviews", "reviewer_1"),
     ("socialorgs:tranches", "district_admin")],
)  # fmt: skip
def test_list_pages_cost_the_same_for_more_rows(
    name, persona, client, world, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = _as(client, world, persona)
    world.app_in(AppStatus.SIGNED, org="b", title="第一个")
    actions.need_accept(need=world.needs["a1"], offer=world.offers["a"], actor=TEST)
    page.get(reverse(name))  # warm the session and the grants
    with CaptureQueriesContext(connection) as few:
        page.get(reverse(name))
    _more_rows(world)

    with django_assert_num_queries(len(few.captured_queries)):
        page.get(reverse(name))


def test_home_cards_and_my_data_render(client, world):
    from yipanqi.socialorgs import home, my_data

    app = world.app_in(AppStatus.ELIGIBLE)
    actions.reviewers_assign(application=app, reviewers=world.reviewers[:1], actor=TEST)
    reviewer = world.reviewers[0]
    work = home.work_card(reviewer, frozenset({"five_role_officer"}), 2026)
    assert [t["count"] for t in work["todos"]][0] == 1
    admin = world.personas["district_admin"]
    figures = home.figures_card(admin, frozenset({"district_admin"}), timezone_year())
    assert figures is not None and figures["figures"][0]["value"] == 4
    assert _as(client, world, "district_admin").get("/").status_code == 200
    rows = my_data.build(world.personas["staff_a"])
    assert rows and rows[0][0][1] == world.orgs["a"].name


def timezone_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
