"""The socialorgs app's cases for core/tests/test_audit_changes.py (each action records before/after
of every field it changed). Each case takes that test's `World` and returns its `Step`."""

import datetime
from functools import partial
from typing import Any

from django.utils import timezone

from yipanqi.socialorgs import actions as so
from yipanqi.socialorgs.choices import AppStatus, IncubationStage, LegalForm
from yipanqi.socialorgs.models import Tranche
from yipanqi.socialorgs.tests.factories import TEST, _end_notice, build_socialorgs_world, code


def _world(w: Any) -> Any:
    if not hasattr(w, "_socialorgs"):
        w._socialorgs = build_socialorgs_world(w.d)
    return w._socialorgs


def _step(code_: str, run: Any, row: Any = None, also: tuple[str, ...] = ()) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code_, run, row, also=also)


def _register(w: Any) -> Any:
    _world(w)
    run = partial(so.org_register, area=w.d.towns[0], name="锦屏心理咨询服务社", legal_form=LegalForm.PRIVATE_NON_ENTERPRISE,
                  credit_code=code("52"), registered_on=datetime.date(2020, 1, 1), actor=TEST)  # fmt: skip
    return _step("socialorgs.organisation.registered", run)


def _rate(w: Any) -> Any:
    org = _world(w).orgs["b"]
    return _step("socialorgs.organisation.rated",
                 partial(so.org_rate, organisation=org, rating="5A", actor=w.p["district_admin"]), org)  # fmt: skip


def _staff(w: Any) -> Any:
    s = _world(w)
    org = s.orgs["a1"]
    run = partial(so.org_staff_add, organisation=org, user=s.personas["staff_a"], actor=TEST)
    return _step("socialorgs.organisation.staff_added", run, org, also=("staff",))


def _enter(w: Any) -> Any:
    s = _world(w)
    run = partial(so.incubation_enter, organisation=s.orgs["a1"], street=w.d.towns[0], centre="孵化中心",
                  entered_on=datetime.date(2021, 1, 1), actor=TEST)  # fmt: skip
    return _step("socialorgs.incubation.entered", run)


def _move(w: Any) -> Any:
    s = _world(w)
    row = so.incubation_enter(organisation=s.orgs["a1"], street=w.d.towns[0], centre="孵化中心",
                              entered_on=datetime.date(2021, 1, 1), actor=TEST)  # fmt: skip
    run = partial(so.incubation_move, incubation=row, stage=IncubationStage.INCUBATING,
                  on=datetime.date(2021, 2, 1), notes="导师辅导", actor=w.p["town_admin_a"])  # fmt: skip
    return _step("socialorgs.incubation.incubating", run, row)


def _offer(w: Any) -> Any:
    s = _world(w)
    run = partial(so.offer_publish, organisation=s.orgs["a"], title="心理疏导", kind="counselling",
                  price_class="free", area=w.d.towns[0], capacity=10, actor=s.personas["staff_a"])  # fmt: skip
    return _step("socialorgs.offer.published", run)


def _need(w: Any) -> Any:
    _world(w)
    run = partial(so.need_post, community=w.d.communities[0], title="助浴", kind="elderly_care", people=5,
                  budget_fen=100, actor=w.p["community_admin_a1"])  # fmt: skip
    return _step("socialorgs.need.posted", run)


def _accept(w: Any) -> Any:
    s = _world(w)
    need = s.needs["a1"]
    run = partial(so.need_accept, need=need, offer=s.offers["a"], actor=w.p["community_admin_a1"])
    return _step("socialorgs.need.matched", run, need)


def _withdraw(w: Any) -> Any:
    need = _world(w).needs["b1"]
    return _step("socialorgs.need.withdrawn",
                 partial(so.need_withdraw, need=need, actor=w.p["community_admin_b1"]), need)  # fmt: skip


def _purchase(w: Any) -> Any:
    s = _world(w)
    run = partial(so.engagement_purchase, organisation=s.orgs["a"], community=w.d.communities[0],
                  title="智慧养老", price_class="paid", purchaser="锦屏街道办事处", contract_fen=5_000_000,
                  started_on=datetime.date(2021, 3, 1), actor=w.p["town_admin_a"])  # fmt: skip
    return _step("socialorgs.engagement.purchased", run)


def _engagement(w: Any) -> Any:
    s = _world(w)
    return so.need_accept(need=s.needs["a1"], offer=s.offers["a"], actor=TEST)


def _log(w: Any) -> Any:
    e = _engagement(w)
    run = partial(so.engagement_log, engagement=e, delivered_on=timezone.localdate(), note="送餐",
                  people=3, actor=_world(w).personas["staff_a"])  # fmt: skip
    return _step("socialorgs.engagement.logged", run, e, also=("log",))


def _complete(w: Any) -> Any:
    e = _engagement(w)
    return _step("socialorgs.engagement.completed",
                 partial(so.engagement_complete, engagement=e, actor=w.p["community_admin_a1"]), e)  # fmt: skip


def _dispatch(w: Any) -> Any:
    from yipanqi.orders.tests.factories import build_orders_world

    orders = build_orders_world(w.d)
    e = _engagement(w)
    org = _world(w).orgs["a"]
    type(org).objects.filter(pk=org.pk).update(unit=orders.social_org)
    order = orders.order_in("accepted")
    e.community_id = order.community_id
    type(e).objects.filter(pk=e.pk).update(community=order.community, scope_path=order.scope_path)
    run = partial(
        so.engagement_dispatch_order, engagement=e, order=order, actor=w.p["community_admin_a1"]
    )
    return _step("socialorgs.engagement.order_dispatched", run, e, also=("log",))


def _round_open(w: Any) -> Any:
    _world(w)
    today = timezone.localdate()
    run = partial(so.round_open, district=w.d.district, title="2022年度公益创投", year=2022, funder="区民政局",
                  opens_on=today, closes_on=today, cap_fen=100, total_fen=1000, themes=["governance"],
                  actor=w.p["district_admin"])  # fmt: skip
    return _step("socialorgs.round.opened", run)


def _submit(w: Any) -> Any:
    s = _world(w)
    run = partial(so.application_submit, round_=s.round, organisation=s.orgs["a"], title="议事会",
                  theme="governance", lines=[("经费", 1000)], actor=s.personas["staff_a"])  # fmt: skip
    return _step("socialorgs.application.submitted", run)


def _app(w: Any, status: str) -> Any:
    return _world(w).app_in(status)


def _screen(w: Any) -> Any:
    app = _app(w, AppStatus.SUBMITTED)
    return _step("socialorgs.application.screened",
                 partial(so.application_screen, application=app, eligible=True, actor=w.p["district_admin"]), app)  # fmt: skip


def _assign(w: Any) -> Any:
    s = _world(w)
    app = _app(w, AppStatus.ELIGIBLE)
    run = partial(
        so.reviewers_assign, application=app, reviewers=s.reviewers[:1], actor=w.p["district_admin"]
    )
    return _step("socialorgs.application.reviewers_assigned", run, app, also=("reviewers",))


def _review(w: Any) -> Any:
    s = _world(w)
    app = _app(w, AppStatus.ELIGIBLE)
    so.reviewers_assign(application=app, reviewers=s.reviewers[:2], actor=TEST)
    return app.reviews.order_by("id")


def _conflict(w: Any) -> Any:
    review = _review(w).first()
    run = partial(so.review_declare_conflict, review=review, note="亲属关系", actor=review.reviewer)
    return _step("socialorgs.review.conflict_declared", run, review)


def _score(w: Any) -> Any:
    review = _review(w).first()
    criteria = list(_world(w).round.criteria.all())
    run = partial(
        so.review_submit, review=review, scores={c.pk: 30 for c in criteria}, actor=review.reviewer
    )
    return _step("socialorgs.review.submitted", run, review, also=("score.",))


def _close_call(w: Any) -> Any:
    s = _world(w)
    return _step("socialorgs.round.call_closed",
                 partial(so.round_close_call, round_=s.round, actor=w.p["district_admin"]), s.round)  # fmt: skip


def _publicise(w: Any) -> Any:
    s = _world(w)
    app = _app(w, AppStatus.REVIEWED)
    so.round_close_call(round_=s.round, actor=TEST)
    del app
    return _step("socialorgs.round.publicised",
                 partial(so.round_publicise, round_=s.round, actor=w.p["district_admin"]), s.round)  # fmt: skip


def _object(w: Any) -> Any:
    app = _app(w, AppStatus.PUBLICISED)
    run = partial(so.application_object, application=app, text_="异议", actor=w.p["resident_a1"])
    return _step("socialorgs.application.objection", run, app)


def _approve(w: Any) -> Any:
    s = _world(w)
    _app(w, AppStatus.PUBLICISED)
    _end_notice(s.round)
    return _step("socialorgs.round.approved",
                 partial(so.round_approve, round_=s.round, actor=w.p["district_admin"]), s.round)  # fmt: skip


def _sign(w: Any) -> Any:
    app = _app(w, AppStatus.APPROVED)
    run = partial(
        so.application_sign, application=app, agreement_no="FH-1", actor=w.p["district_admin"]
    )
    return _step("socialorgs.application.signed", run, app)


def _pay(w: Any) -> Any:
    app = _app(w, AppStatus.SIGNED)
    tranche = Tranche.objects.get(application=app, number=1)
    return _step("socialorgs.tranche.paid",
                 partial(so.tranche_pay, tranche=tranche, actor=w.p["district_admin"]), tranche)  # fmt: skip


def _midterm(w: Any) -> Any:
    app = _app(w, AppStatus.SIGNED)
    run = partial(
        so.application_midterm,
        application=app,
        passed=False,
        note="未通过",
        actor=w.p["district_admin"],
    )
    return _step("socialorgs.application.midterm", run, app)


def _final(w: Any) -> Any:
    app = _app(w, AppStatus.MIDTERM_PASSED)
    run = partial(
        so.application_final, application=app, passed=True, note="良好", actor=w.p["district_admin"]
    )
    return _step("socialorgs.application.final", run, app)


def _app_close(w: Any) -> Any:
    app = _app(w, AppStatus.COMPLETED)
    return _step("socialorgs.application.closed",
                 partial(so.application_close, application=app, actor=w.p["district_admin"]), app)  # fmt: skip


def _round_close(w: Any) -> Any:
    s = _world(w)
    _app(w, AppStatus.CLOSED)
    return _step("socialorgs.round.closed",
                 partial(so.round_close, round_=s.round, actor=w.p["district_admin"]), s.round)  # fmt: skip


CASES = [
    (so.org_register, _register),
    (so.org_rate, _rate),
    (so.org_staff_add, _staff),
    (so.incubation_enter, _enter),
    (so.incubation_move, _move),
    (so.offer_publish, _offer),
    (so.need_post, _need),
    (so.need_accept, _accept),
    (so.need_withdraw, _withdraw),
    (so.engagement_purchase, _purchase),
    (so.engagement_log, _log),
    (so.engagement_complete, _complete),
    (so.engagement_dispatch_order, _dispatch),
    (so.round_open, _round_open),
    (so.application_submit, _submit),
    (so.application_screen, _screen),
    (so.reviewers_assign, _assign),
    (so.review_declare_conflict, _conflict),
    (so.review_submit, _score),
    (so.round_close_call, _close_call),
    (so.round_publicise, _publicise),
    (so.application_object, _object),
    (so.round_approve, _approve),
    (so.application_sign, _sign),
    (so.tranche_pay, _pay),
    (so.application_midterm, _midterm),
    (so.application_final, _final),
    (so.application_close, _app_close),
    (so.round_close, _round_close),
]
NOT_WALKED = {
    # Reads, not writes: the screener's list of problems and the matching rule, and the code
    # check org_register runs (its own tests: test_credit_code).
    "socialorgs.eligibility_problems",
    "socialorgs.check_match",
    "socialorgs.clean_credit_code",
}
