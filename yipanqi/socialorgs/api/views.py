"""Socialorgs API: the registry, needs and offers, engagements, venture rounds, applications,
reviews and tranches; one POST per step. Reads start from the user's scope (out of scope answers
404); errors in core.api.exceptions' shape {code, message} (409 `illegal_transition`,
`outside_window`, `tranche_gated`, `payment_stopped`, `objections_open` …; 400 `over_cap`,
`score_out_of_range`, `bad_credit_code` …)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Forbidden
from yipanqi.core.pages import found
from yipanqi.core.params import id_param
from yipanqi.organisations.permissions import widest_area
from yipanqi.socialorgs import actions, selectors
from yipanqi.socialorgs.api import serializers as s
from yipanqi.socialorgs.permissions import DISTRICT


class OrgListApi(ListAPIView):
    serializer_class = s.SocialOrgOutput

    def get_queryset(self):
        return selectors.org_list(user=self.request.user).order_by("id")


class OrgStep(StepApi):
    selector = staticmethod(selectors.org_get)
    url_kwarg = "org_id"
    output_serializer = s.SocialOrgOutput


OrgDetailApi = OrgStep.detail()


class NeedListApi(ListAPIView):
    serializer_class = s.SocialOrgNeedOutput

    def get_queryset(self):
        return selectors.need_list(user=self.request.user).order_by("id")


class OfferListApi(ListAPIView):
    serializer_class = s.SocialOrgOfferOutput

    def get_queryset(self):
        return selectors.offer_list(user=self.request.user).order_by("id")


class NeedStep(StepApi):
    selector = staticmethod(selectors.need_get)
    url_kwarg = "need_id"
    output_serializer = s.SocialOrgNeedDetailOutput
    refresh = True


def _accept(need, d, user):
    offer = found(selectors.offer_get, user=user, offer_id=d["offer_id"])
    return actions.need_accept(need=need, offer=offer, actor=user)


NeedDetailApi = NeedStep.detail()
NeedAcceptApi = NeedStep.declare(
    _accept,
    input=s.SocialOrgAcceptInput,
    output=s.SocialOrgEngagementOutput,
    refresh=False,
    __doc__="Accept a matched offer: the need is matched and an engagement starts.",
)


class EngagementListApi(ListAPIView):
    serializer_class = s.SocialOrgEngagementOutput

    def get_queryset(self):
        return selectors.engagement_list(user=self.request.user).order_by("id")


class EngagementStep(StepApi):
    selector = staticmethod(selectors.engagement_get)
    url_kwarg = "engagement_id"
    output_serializer = s.SocialOrgEngagementOutput


EngagementDetailApi = EngagementStep.detail()


def _log(engagement, d, user) -> None:
    actions.engagement_log(engagement=engagement, delivered_on=d["delivered_on"], note=d["note"],
                           people=d["people"], actor=user)  # fmt: skip


ENGAGEMENT_STEPS = {
    "log": EngagementStep.declare(
        _log,
        input=s.SocialOrgLogInput,
        __doc__="Log one delivery of the engagement (its organisation's staff or the community).",
    ),
    "complete": EngagementStep.declare(
        lambda e, d, user: actions.engagement_complete(engagement=e, actor=user),
        __doc__="The engagement is completed.",
    ),
}
NeedWithdrawApi = NeedStep.declare(
    lambda n, d, user: actions.need_withdraw(need=n, actor=user),
    __doc__="Withdraw an open need.",
    name="NeedWithdrawApi",
)


class RoundListApi(ListAPIView):
    serializer_class = s.SocialOrgRoundOutput

    def get_queryset(self):
        return selectors.round_list(user=self.request.user).order_by("id")


class RoundOpenApi(APIView):
    """Open a venture round (发布创投公告) for the district the user administers."""

    @extend_schema(request=s.SocialOrgRoundOpenInput, responses={201: s.SocialOrgRoundOutput})
    def post(self, request):
        given = s.SocialOrgRoundOpenInput(data=request.data)
        given.is_valid(raise_exception=True)
        district = widest_area(request.user, DISTRICT)
        if district is None:
            raise Forbidden()
        round_ = actions.round_open(district=district, actor=request.user, **given.validated_data)
        return Response(s.SocialOrgRoundOutput(round_).data, status=201)


class RoundStep(StepApi):
    # POST /api/v1/socialorgs/rounds/{id}/<step>/
    selector = staticmethod(selectors.round_get)
    url_kwarg = "round_id"
    output_serializer = s.SocialOrgRoundOutput
    refresh = True


def _apply(round_, d, user):
    org = found(selectors.org_get, user=user, org_id=d["organisation_id"])
    partners = selectors.partner_orgs(round_=round_, ids=d["partner_ids"])
    if len(partners) != len(set(d["partner_ids"])):
        raise Http404
    return actions.application_submit(
        round_=round_, organisation=org, title=d["title"], theme=d["theme"], summary=d["summary"],
        lines=[(line["item"], line["amount_fen"]) for line in d["lines"]], partners=partners,
        actor=user,
    )  # fmt: skip


RoundDetailApi = RoundStep.detail()
ROUND_STEPS = {
    "apply": RoundStep.declare(
        _apply,
        input=s.SocialOrgApplyInput,
        output=s.SocialOrgApplicationOutput,
        refresh=False,
        success_status=201,
        __doc__="Apply to the round for one of the user's organisations (within the window).",
    ),
    "close-call": RoundStep.declare(
        lambda r, d, user: actions.round_close_call(round_=r, actor=user),
        __doc__="End the call: no more applications.",
    ),
    "publicise": RoundStep.declare(
        lambda r, d, user: actions.round_publicise(round_=r, actor=user),
        __doc__="Rank the reviewed projects and put those funded within the budget on notice.",
    ),
    "approve": RoundStep.declare(
        lambda r, d, user: actions.round_approve(round_=r, withheld=d["withheld"], actor=user),
        input=s.SocialOrgWithholdInput,
        __doc__="The funder approves the listed projects after the objections window.",
    ),
    "close": RoundStep.declare(
        lambda r, d, user: actions.round_close(round_=r, actor=user),
        __doc__="Close the round once every project is closed.",
    ),
}


class ApplicationListApi(ListAPIView):
    serializer_class = s.SocialOrgApplicationOutput

    def get_queryset(self):
        round_id = id_param(self.request.query_params, "round")
        return selectors.application_list(user=self.request.user, round_id=round_id).order_by("id")


class ApplicationStep(StepApi):
    selector = staticmethod(selectors.application_get)
    url_kwarg = "application_id"
    output_serializer = s.SocialOrgApplicationDetailOutput
    refresh = True


def _assign(app, d, user):
    reviewers = selectors.reviewers_by_id(ids=d["reviewer_ids"], active_only=True)
    if len(reviewers) != len(set(d["reviewer_ids"])):
        raise Http404
    actions.reviewers_assign(application=app, reviewers=reviewers, actor=user)


ApplicationDetailApi = ApplicationStep.detail()
APPLICATION_STEPS = {
    "screen": ApplicationStep.declare(
        lambda a, d, user: actions.application_screen(
            application=a, eligible=d["eligible"], reason=d["reason"], actor=user
        ),
        input=s.SocialOrgScreenInput,
        __doc__="Screening: eligible (on to review) or not, with the reason.",
    ),
    "reviewers": ApplicationStep.declare(
        _assign, input=s.SocialOrgReviewersInput, __doc__="Assign expert reviewers."
    ),
    "sign": ApplicationStep.declare(
        lambda a, d, user: actions.application_sign(
            application=a, agreement_no=d["agreement_no"], actor=user
        ),
        input=s.SocialOrgSignInput,
        __doc__="Sign the agreement: the tranches are set up.",
    ),
    "midterm": ApplicationStep.declare(
        lambda a, d, user: actions.application_midterm(
            application=a,
            passed=d["passed"],
            note=d["note"],
            reported_on=d["reported_on"],
            actor=user,
        ),  # fmt: skip
        input=s.SocialOrgReviewResultInput,
        __doc__="Mid-term review: a fail (or a late report) stops the last tranche.",
    ),
    "final": ApplicationStep.declare(
        lambda a, d, user: actions.application_final(
            application=a, passed=d["passed"], note=d["note"], actor=user
        ),
        input=s.SocialOrgReviewResultInput,
        __doc__="Final review of the project.",
    ),
    "close": ApplicationStep.declare(
        lambda a, d, user: actions.application_close(application=a, actor=user),
        __doc__="Close a completed or stopped project.",
    ),
}


class ReviewListApi(ListAPIView):
    serializer_class = s.SocialOrgReviewOutput

    def get_queryset(self):
        return selectors.my_reviews(user=self.request.user).order_by("id")


class ReviewStep(StepApi):
    selector = staticmethod(selectors.review_get)
    url_kwarg = "review_id"
    output_serializer = s.SocialOrgReviewOutput
    refresh = True


ReviewDetailApi = ReviewStep.detail()
REVIEW_STEPS = {
    "score": ReviewStep.declare(
        lambda r, d, user: actions.review_submit(
            review=r, scores=d["scores"], comment=d["comment"], actor=user
        ),
        input=s.SocialOrgScoresInput,
        __doc__="Submit one's scores, one per criterion of the round.",
    ),
    "conflict": ReviewStep.declare(
        lambda r, d, user: actions.review_declare_conflict(review=r, note=d["note"], actor=user),
        input=s.SocialOrgConflictInput,
        __doc__="Declare a conflict of interest: one's review is excluded.",
    ),
}


class TrancheStep(StepApi):
    selector = staticmethod(selectors.tranche_get)
    url_kwarg = "tranche_id"
    output_serializer = s.SocialOrgTrancheOutput
    refresh = True


TranchePayApi = TrancheStep.declare(
    lambda t, d, user: actions.tranche_pay(tranche=t, actor=user),
    __doc__="Pay a tranche once its gate is open.",
    name="TranchePayApi",
)
