"""Co-building API: the three lists and claiming, projects, hard problems and commitments, and
evaluations. Reads in scope (out of scope answers 404), one POST per step, domain errors with
their stable codes (409 `already_claimed`, `illegal_transition`, `commitments_open` …)."""

from rest_framework import serializers
from rest_framework.generics import ListAPIView

from yipanqi.cobuilding import actions, selectors
from yipanqi.cobuilding import selectors_refs as refs
from yipanqi.cobuilding.api import serializers as out
from yipanqi.core.api.fields import IdField
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.organisations.models import Area, Unit


def _list(name: str, read, output):
    class View(ListAPIView):
        serializer_class = output

        def get_queryset(self):
            return read(user=self.request.user)

    View.__name__ = View.__qualname__ = name
    return View


NeedListApi = _list("NeedListApi", selectors.needs_open, out.CobuildingNeedOutput)
ResourceListApi = _list(
    "ResourceListApi", selectors.resources_published, out.CobuildingResourceOutput
)
ClaimListApi = _list("ClaimListApi", selectors.claims, out.CobuildingClaimOutput)
ProjectListApi = _list("ProjectListApi", selectors.projects, out.CobuildingProjectOutput)
ProblemListApi = _list("ProblemListApi", selectors.problems, out.CobuildingProblemOutput)
CommitmentListApi = _list(
    "CommitmentListApi", selectors.commitments, out.CobuildingCommitmentOutput
)
EvaluationListApi = _list(
    "EvaluationListApi", selectors.evaluations, out.CobuildingEvaluationOutput
)


class CobuildingUnitInput(serializers.Serializer):
    unit = IdField(help_text="the unit claiming (one the caller is the liaison of)")
    note = serializers.CharField(max_length=500, required=False, default="")


class CobuildingCommunityInput(serializers.Serializer):
    community = IdField(help_text="the community claiming (one the caller administers)")
    note = serializers.CharField(max_length=500, required=False, default="")


class CobuildingReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class CobuildingNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=500)


class CobuildingRateInput(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=500, required=False, default="")


class CobuildingSessionInput(serializers.Serializer):
    session = IdField(help_text="a problem-solving meeting of the problem's council")


class CobuildingCommitmentInput(serializers.Serializer):
    member = IdField(help_text="a seat (body membership) of the council")
    what = serializers.CharField(max_length=300)
    due_on = serializers.DateField()
    resources = serializers.CharField(max_length=300, required=False, default="")


class CobuildingEvidenceInput(serializers.Serializer):
    evidence = serializers.CharField(max_length=500)


class CobuildingResultInput(serializers.Serializer):
    result = serializers.CharField(max_length=500, required=False, default="")


def _unit(d) -> Unit:
    unit = refs.unit_any(unit_id=d["unit"])
    if unit is None:
        raise Forbidden()
    return unit


def _community(user, d) -> Area:
    area = refs.area_i_run(user=user, area_id=d["community"])
    if area is None:
        raise Invalid(fields={"community": ["Not a community of yours."]}, code="bad_community")
    return area


class NeedStep(StepApi):
    selector = staticmethod(selectors.need_get)
    url_kwarg = "need_id"
    output_serializer = out.CobuildingNeedOutput


class ResourceStep(StepApi):
    selector = staticmethod(selectors.resource_get)
    url_kwarg = "resource_id"
    output_serializer = out.CobuildingResourceOutput


class ClaimStep(StepApi):
    selector = staticmethod(selectors.claim_get)
    url_kwarg = "claim_id"
    output_serializer = out.CobuildingClaimOutput
    refresh = True


class ProjectStep(StepApi):
    selector = staticmethod(selectors.project_get)
    url_kwarg = "project_id"
    output_serializer = out.CobuildingProjectOutput
    refresh = True


class ProblemStep(StepApi):
    selector = staticmethod(selectors.problem_get)
    url_kwarg = "problem_id"
    output_serializer = out.CobuildingProblemOutput
    refresh = True


class CommitmentStep(StepApi):
    selector = staticmethod(selectors.commitment_get)
    url_kwarg = "commitment_id"
    output_serializer = out.CobuildingCommitmentOutput
    refresh = True


NeedDetailApi = NeedStep.detail()
NeedClaimApi = NeedStep.declare(
    lambda n, d, user: actions.need_claim(need=n, unit=_unit(d), note=d["note"], actor=user),
    input=CobuildingUnitInput,
    output=out.CobuildingClaimOutput,
    success_status=201,
    __doc__="A unit claims the need. 409 `already_claimed`, `need_not_open`.",
)
ResourceDetailApi = ResourceStep.detail()
ResourceClaimApi = ResourceStep.declare(
    lambda r, d, user: actions.resource_claim(
        resource=r, community=_community(user, d), note=d["note"], actor=user
    ),
    input=CobuildingCommunityInput,
    output=out.CobuildingClaimOutput,
    success_status=201,
    __doc__="A community claims the resource. 409 `already_claimed`, `resource_withdrawn`.",
)
ClaimDetailApi = ClaimStep.detail()
ClaimAcceptApi = ClaimStep.declare(lambda c, d, user: actions.claim_accept(claim=c, actor=user))
ClaimDeclineApi = ClaimStep.declare(
    lambda c, d, user: actions.claim_decline(claim=c, reason=d["reason"], actor=user),
    input=CobuildingReasonInput,
)
ClaimWithdrawApi = ClaimStep.declare(lambda c, d, user: actions.claim_withdraw(claim=c, actor=user))
ProjectDetailApi = ProjectStep.detail()
ProjectBeginApi = ProjectStep.declare(
    lambda p, d, user: actions.project_begin(project=p, actor=user)
)
ProjectReportApi = ProjectStep.declare(
    lambda p, d, user: actions.project_report(project=p, note=d["note"], actor=user) and p,
    input=CobuildingNoteInput,
)
ProjectCompleteApi = ProjectStep.declare(
    lambda p, d, user: actions.project_complete(project=p, actor=user)
)
ProjectRateApi = ProjectStep.declare(
    lambda p, d, user: actions.project_rate(
        project=p, rating=d["rating"], comment=d["comment"], actor=user
    ),
    input=CobuildingRateInput,
)
ProjectCancelApi = ProjectStep.declare(
    lambda p, d, user: actions.project_cancel(project=p, actor=user)
)
ProblemDetailApi = ProblemStep.detail()


def _session(problem, d):
    session = refs.session_of(problem.council_id, d["session"])
    if session is None:
        raise Invalid(fields={"session": ["Not a session of this council."]}, code="bad_session")
    return session


ProblemSessionApi = ProblemStep.declare(
    lambda p, d, user: actions.problem_to_session(problem=p, session=_session(p, d), actor=user),
    input=CobuildingSessionInput,
)
ProblemCommitApi = ProblemStep.declare(
    lambda p, d, user: (
        actions.commitment_add(
            problem=p,
            member=refs.seat_of(p.council_id, d["member"]),
            what=d["what"],
            due_on=d["due_on"],
            resources=d["resources"],
            actor=user,
        )
        and p
    ),
    input=CobuildingCommitmentInput,
)
ProblemConfirmApi = ProblemStep.declare(
    lambda p, d, user: actions.problem_confirm(problem=p, result=d["result"], actor=user),
    input=CobuildingResultInput,
)
CommitmentDetailApi = CommitmentStep.detail()
CommitmentDoneApi = CommitmentStep.declare(
    lambda c, d, user: actions.commitment_done(commitment=c, evidence=d["evidence"], actor=user),
    input=CobuildingEvidenceInput,
)


class EvaluationStep(StepApi):
    selector = staticmethod(selectors.evaluation_get)
    url_kwarg = "evaluation_id"
    output_serializer = out.CobuildingEvaluationOutput


EvaluationDetailApi = EvaluationStep.detail()
