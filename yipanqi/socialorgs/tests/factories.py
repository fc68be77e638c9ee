"""Test data for the socialorgs app on the small district of organisations' factories:

  hub          枢纽: 奉化区社会组织服务中心 (district, 5A)
  org_a        民办非企业单位 in town A (4A), staff `staff_a`
  org_b        社会团体 in town B (3A), staff `staff_b`
  org_a1       社区社会组织 filed in community A1 (no credit code)
  offers       org_a serves town A (elderly care, 50 a month); org_b serves B1 (mediation)
  needs        A1 elderly care (20 people, open); B1 mediation (10 people, open)
  round        the district's call, open today, cap 20,000 yuan, total 60,000, 2 criteria (50 each)
  reviewers    reviewer_1 … reviewer_3 (five-role officers at the district: no area read)

Built through the actions with the system actor, like the demo.
"""

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from yipanqi.accounts.actions import user_create
from yipanqi.accounts.models import AccountKind
from yipanqi.core.actors import system
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import Role
from yipanqi.organisations.demo_units import credit_code
from yipanqi.organisations.tests.factories import PASSWORD
from yipanqi.socialorgs import actions
from yipanqi.socialorgs.choices import AppStatus, LegalForm, Theme
from yipanqi.socialorgs.models import Application, ReviewAssignment, SocialOrganisation

TEST = system("test")
RNG = random.Random(32100)


def code(prefix: str) -> str:
    return credit_code(RNG, prefix)


@dataclass
class World:
    d: Any
    personas: dict[str, Any]
    orgs: dict[str, SocialOrganisation] = field(default_factory=dict)
    offers: dict[str, Any] = field(default_factory=dict)
    needs: dict[str, Any] = field(default_factory=dict)
    round: Any = None
    reviewers: list[Any] = field(default_factory=list)

    @property
    def funder(self) -> Any:
        return self.personas["district_admin"]

    def apply(self, org: str = "a", title: str = "", theme: str = Theme.GOVERNANCE,
              fen: int = 1_500_000) -> Application:  # fmt: skip
        staff = self.personas[f"staff_{org}"]
        n = Application.objects.count() + 1
        return actions.application_submit(
            round_=self.round, organisation=self.orgs[org], title=title or f"项目{n}",
            theme=theme, lines=[("活动经费", fen - 200_000), ("宣传材料", 200_000)], actor=staff,
        )  # fmt: skip

    def score_all(self, app: Application, values: tuple[int, int] = (40, 40)) -> None:
        for review in ReviewAssignment.objects.filter(application=app, conflict=False):
            if review.submitted_at is None:
                criteria = list(self.round.criteria.all())
                scores = {c.pk: v for c, v in zip(criteria, values, strict=True)}
                actions.review_submit(review=review, scores=scores, actor=review.reviewer)

    def app_in(self, status: str, org: str = "a", **kwargs: Any) -> Application:
        """An application walked through the actions to `status` (its round moved as needed)."""
        app = self.apply(org, **kwargs)
        if status == AppStatus.SUBMITTED:
            return app
        eligible = status != AppStatus.INELIGIBLE
        actions.application_screen(application=app, eligible=eligible, reason="" if eligible else "不符合", actor=self.funder)  # fmt: skip
        if status in (AppStatus.INELIGIBLE, AppStatus.ELIGIBLE):
            return _fresh(app)
        actions.reviewers_assign(application=app, reviewers=self.reviewers[:2], actor=self.funder)
        self.score_all(app, (10, 10) if status == AppStatus.DECLINED else (40, 40))
        if status in (AppStatus.REVIEWED,):
            return _fresh(app)
        actions.round_close_call(round_=self.round, actor=self.funder)
        actions.round_publicise(round_=self.round, actor=self.funder)
        if status in (AppStatus.PUBLICISED, AppStatus.DECLINED):
            return _fresh(app)
        _end_notice(self.round)
        actions.round_approve(round_=self.round, actor=self.funder)
        if status == AppStatus.APPROVED:
            return _fresh(app)
        actions.application_sign(
            application=_fresh(app), agreement_no="FH-2026-01", actor=self.funder
        )
        if status == AppStatus.SIGNED:
            return _fresh(app)
        passed = status != AppStatus.STOPPED
        actions.application_midterm(application=_fresh(app), passed=passed, note="中期评估", actor=self.funder)  # fmt: skip
        if status in (AppStatus.MIDTERM_PASSED, AppStatus.STOPPED):
            return _fresh(app)
        actions.application_final(application=_fresh(app), passed=True, note="结项", actor=self.funder)  # fmt: skip
        if status == AppStatus.COMPLETED:
            return _fresh(app)
        actions.application_close(application=_fresh(app), actor=self.funder)
        return _fresh(app)


def _fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def _end_notice(round_: Any) -> None:
    """The objections window has passed (tests cannot wait a week)."""
    type(round_).objects.filter(pk=round_.pk).update(
        objections_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    round_.refresh_from_db()


def _user(w: World, name: str, role: str | None, area: Any) -> Any:
    user = user_create(username=name, password=PASSWORD, actor=None, kind=AccountKind.STAFF,
                       validate=False)  # fmt: skip
    if role:
        org_actions.role_grant_create(user=user, role=role, area=area, actor=TEST)
    w.personas[name] = user
    return user


def build_socialorgs_world(d: Any) -> World:
    w = World(d=d, personas=d.personas)
    town_a, town_b = d.towns
    a1, _a2, b1, _b2 = d.communities
    _user(w, "staff_a", Role.SOCIAL_ORG_STAFF, town_a)
    _user(w, "staff_b", Role.SOCIAL_ORG_STAFF, town_b)
    w.reviewers = [_user(w, f"reviewer_{i}", Role.FIVE_ROLE_OFFICER, d.district) for i in (1, 2, 3)]
    reg = actions.org_register
    w.orgs["hub"] = reg(area=d.district, name="奉化区社会组织服务中心", legal_form=LegalForm.SOCIAL_GROUP,
                        credit_code=code("51"), registered_on=datetime.date(2015, 3, 1),
                        is_hub=True, rating="5A", actor=TEST)  # fmt: skip
    w.orgs["a"] = reg(area=town_a, name="锦屏颐乐养老服务中心", legal_form=LegalForm.PRIVATE_NON_ENTERPRISE,
                      credit_code=code("52"), registered_on=datetime.date(2018, 5, 1),
                      hub=w.orgs["hub"], rating="4A", actor=TEST)  # fmt: skip
    w.orgs["b"] = reg(area=town_b, name="岳林和事佬协会", legal_form=LegalForm.SOCIAL_GROUP,
                      credit_code=code("51"), registered_on=datetime.date(2019, 1, 8),
                      rating="3A", actor=TEST)  # fmt: skip
    w.orgs["a1"] = reg(area=a1, name="A1社区巾帼志愿队", legal_form=LegalForm.COMMUNITY,
                       credit_code="", registered_on=datetime.date(2020, 6, 1), actor=TEST)  # fmt: skip
    actions.org_staff_add(organisation=w.orgs["a"], user=w.personas["staff_a"], actor=TEST)
    actions.org_staff_add(organisation=w.orgs["b"], user=w.personas["staff_b"], actor=TEST)
    w.offers["a"] = actions.offer_publish(organisation=w.orgs["a"], title="智慧养老上门服务",
                                          kind="elderly_care", price_class="low_cost", area=town_a,
                                          capacity=50, actor=TEST)  # fmt: skip
    w.offers["b"] = actions.offer_publish(organisation=w.orgs["b"], title="邻里纠纷调解",
                                          kind="mediation", price_class="free", area=b1,
                                          capacity=30, actor=TEST)  # fmt: skip
    w.needs["a1"] = actions.need_post(community=a1, title="独居老人助餐", kind="elderly_care",
                                      people=20, budget_fen=500_000, actor=TEST)  # fmt: skip
    w.needs["b1"] = actions.need_post(community=b1, title="小区停车纠纷调解", kind="mediation",
                                      people=10, budget_fen=0, actor=TEST)  # fmt: skip
    today = timezone.localdate()
    w.round = actions.round_open(
        district=d.district, title="测试公益创投", year=today.year, funder="奉化区民政局",
        opens_on=today - datetime.timedelta(days=10), closes_on=today + datetime.timedelta(days=10),
        cap_fen=2_000_000, total_fen=6_000_000, themes=list(Theme.values),
        criteria=[("公益性", 50), ("专业性", 50)], actor=TEST,
    )  # fmt: skip
    return w
