"""Centres API: the network, rating rounds, assessments and one POST per step. Reads start from
the user's scope (out of scope answers 404); errors in core.api.exceptions' shape {code, message}
(409 `illegal_transition`, `round_not_open`, `appeals_closed` …; 400 `score_out_of_range`,
`reason_required` …)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from yipanqi.centres import actions, evidence_files, selectors
from yipanqi.centres.api import serializers as s
from yipanqi.centres.choices import AssessmentStatus, CentreLevel
from yipanqi.core import uploads
from yipanqi.core.api.fields import IdField
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import StepApi
from yipanqi.core.params import ID_SCHEMA, choice_param, choice_schema, id_param


class CentreListApi(ListAPIView):
    serializer_class = s.CentreOutput

    def get_queryset(self):
        level = choice_param(self.request.query_params, "level", CentreLevel.values) or ""
        return selectors.centre_list(user=self.request.user, level=level).order_by("id")

    @extend_schema(
        parameters=[
            query_param("level", ", ".join(CentreLevel.values), choice_schema(CentreLevel.values))
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CentreStep(StepApi):
    selector = staticmethod(selectors.centre_get)
    url_kwarg = "centre_id"
    output_serializer = s.CentreDetailOutput


CentreDetailApi = CentreStep.detail()


class RoundListApi(ListAPIView):
    serializer_class = s.RoundOutput

    def get_queryset(self):
        return selectors.round_list(user=self.request.user)


class RoundStep(StepApi):
    # POST /api/v1/centres/rounds/{id}/<step>/
    selector = staticmethod(selectors.round_get)
    url_kwarg = "round_id"
    output_serializer = s.RoundOutput
    refresh = True


RoundDetailApi = RoundStep.detail()
ROUND_STEPS = {
    "publish": RoundStep.declare(
        lambda r, d, user: actions.round_publish(round_=r, actor=user),
        __doc__="Publish the grades of every assessment the district has reviewed.",
    ),
    "close": RoundStep.declare(
        lambda r, d, user: actions.round_close(round_=r, actor=user),
        __doc__="Close the round after its appeals window.",
    ),
}


class AssessmentListApi(ListAPIView):
    serializer_class = s.AssessmentOutput

    def get_queryset(self):
        p = self.request.query_params
        return selectors.assessment_list(
            user=self.request.user,
            round_id=id_param(p, "round"),
            status=choice_param(p, "status", AssessmentStatus.values) or "",
        )

    @extend_schema(
        parameters=[
            query_param("round", "Round id", ID_SCHEMA),
            query_param(
                "status", ", ".join(AssessmentStatus.values), choice_schema(AssessmentStatus.values)
            ),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AssessmentStep(StepApi):
    # POST /api/v1/centres/assessments/{id}/<step>/: the assessment in scope, one action.
    selector = staticmethod(selectors.assessment_get)
    url_kwarg = "assessment_id"
    output_serializer = s.AssessmentDetailOutput
    refresh = True


def _review(call):
    return lambda a, d, user: call(
        assessment=a, scores=d["scores"], reasons=d["reasons"], actor=user
    )


AssessmentDetailApi = AssessmentStep.detail()
ASSESSMENT_STEPS: dict[str, type[StepApi]] = {
    "self-assess": AssessmentStep.declare(
        lambda a, d, user: actions.assessment_self_assess(
            assessment=a, scores=d["scores"], notes=d["notes"], actor=user
        ),
        input=s.ScoresInput,
        __doc__="Record self-assessment scores (any number of times until submitted).",
    ),
    "submit": AssessmentStep.declare(
        lambda a, d, user: actions.assessment_submit(assessment=a, actor=user),
        __doc__="Submit the self-assessment for the street's review.",
    ),
    "street-review": AssessmentStep.declare(
        _review(actions.assessment_street_review),
        input=s.ReviewInput,
        __doc__="The street's review: changed scores, each with its reason.",
    ),
    "district-review": AssessmentStep.declare(
        _review(actions.assessment_district_review),
        input=s.ReviewInput,
        __doc__="The district's review: changed scores, each with its reason.",
    ),
    "appeal": AssessmentStep.declare(
        lambda a, d, user: actions.assessment_appeal(assessment=a, reason=d["reason"], actor=user),
        input=s.CentreReasonInput,
        __doc__="Appeal against the published grade within the round's window.",
    ),
    "appeal-decision": AssessmentStep.declare(
        lambda a, d, user: actions.assessment_appeal_decide(
            assessment=a, upheld=d["upheld"], reason=d["reason"], scores=d["scores"], actor=user
        ),
        input=s.AppealDecisionInput,
        __doc__="Uphold (with the district's new scores) or reject an appeal.",
    ),
}


class EvidenceInput(serializers.Serializer):
    indicator_id = IdField()
    file = serializers.FileField(help_text="JPEG, PNG, WebP or PDF, at most 10 MB")


def _attach(assessment, d, user):
    indicator = (
        selectors.assessment_indicators(assessment=assessment).filter(pk=d["indicator_id"]).first()
    )
    if indicator is None:
        raise Http404
    actions.evidence_attach(
        assessment=assessment, indicator=indicator, upload=d["file"], actor=user
    )


# POST …/assessments/{id}/evidence/ (multipart): one evidence file for one indicator.
EvidenceApi = AssessmentStep.declare(
    _attach,
    input=EvidenceInput,
    __doc__="Attach an evidence file to one indicator (self-assessment or appeal).",
    name="EvidenceApi",
)
# The largest body it takes (core.uploads.max_body_size, applied to the view in urls.py).
EVIDENCE_BODY_LIMIT = uploads.body_limit(1, evidence_files.MAX_BYTES)
