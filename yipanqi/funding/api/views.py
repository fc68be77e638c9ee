"""Funding API: rules, allocation runs (compute, approve), budget lines, expenses (record,
evidence, approve, reject), own income, construction projects (progress, complete), the money
that goes with admitted duties (credit). Reads start from the user's scope (out of scope answers
404); errors in core.api.exceptions' shape {code, message}: 409 `four_eyes`, `no_rules`,
`draft_exists`, `no_budget`, `evidence_missing`, `illegal_transition`, `already_credited`; 400
`over_balance`, `reason_required`, `bad_amount`, `file_type` …"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core import uploads
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Invalid
from yipanqi.core.pages import found
from yipanqi.core.params import int_param, int_schema
from yipanqi.funding import actions, evidence_files, selectors
from yipanqi.funding.api import serializers as s

YEAR = query_param("year", "Year", int_schema(2000, 2100))


def _year(request) -> int | None:
    return int_param(request.query_params, "year", min_value=2000, max_value=2100)


class RuleListApi(ListAPIView):
    serializer_class = s.FundingRuleOutput

    def get_queryset(self):
        return selectors.rule_list(user=self.request.user)


class RunListApi(ListAPIView):
    serializer_class = s.FundingRunOutput

    def get_queryset(self):
        return selectors.run_list(user=self.request.user, year=_year(self.request))

    @extend_schema(parameters=[YEAR])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RunComputeApi(APIView):
    @extend_schema(
        request=s.FundingRunInput,
        responses={201: s.FundingRunDetailOutput},
        description="Compute a draft allocation run for a district and year from the year's rules "
        "and the households on record. 409 `no_rules`, `draft_exists`; 400 `reason_required` for "
        "a correction of an approved run.",
    )
    def post(self, request):
        given = s.FundingRunInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        districts = selectors.run_districts(user=request.user)
        district = next((a for a in districts if a.pk == d["district_id"]), None)
        if district is None:
            raise Http404
        run = actions.allocation_compute(
            district=district, year=d["year"], reason=d["reason"], actor=request.user
        )
        run = selectors.run_get(user=request.user, run_id=run.pk)
        context = {"user": request.user, "request": request}
        return Response(s.FundingRunDetailOutput(run, context=context).data, status=201)


class RunStep(StepApi):
    selector = staticmethod(selectors.run_get)
    url_kwarg = "run_id"
    output_serializer = s.FundingRunDetailOutput
    refresh = True


RunDetailApi = RunStep.detail()
RunApproveApi = RunStep.declare(
    lambda r, d, user: actions.allocation_approve(run=r, actor=user),
    __doc__="Approve a draft run (not by whoever computed it: 409 `four_eyes`).",
)


class BudgetListApi(ListAPIView):
    serializer_class = s.FundingBudgetOutput

    def get_queryset(self):
        return selectors.budget_lines(user=self.request.user, year=_year(self.request))

    @extend_schema(parameters=[YEAR])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ExpenseListApi(ListAPIView):
    serializer_class = s.FundingExpenseOutput

    def get_queryset(self):
        rows = selectors.expense_list(user=self.request.user, year=_year(self.request))
        return rows.prefetch_related("evidence")

    @extend_schema(parameters=[YEAR])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=s.FundingExpenseInput,
        responses={201: s.FundingExpenseOutput},
        description="Record an expense of a community (waits for approval). 409 `no_budget`; "
        "400 `over_balance` (unless an overspend is asked for with a reason), `bad_amount`.",
    )
    def post(self, request):
        given = s.FundingExpenseInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = dict(given.validated_data)
        community = found(
            selectors.community_get, user=request.user, community_id=d.pop("community_id")
        )
        expense = actions.expense_record(community=community, actor=request.user, **d)
        return Response(s.FundingExpenseOutput(expense).data, status=201)


class ExpenseStep(StepApi):
    selector = staticmethod(selectors.expense_get)
    url_kwarg = "expense_id"
    output_serializer = s.FundingExpenseOutput
    refresh = True


ExpenseDetailApi = ExpenseStep.detail()
ExpenseApproveApi = ExpenseStep.declare(
    lambda e, d, user: actions.expense_approve(expense=e, note=d["note"], actor=user),
    input=s.FundingNoteInput,
    __doc__="Approve an expense (not by whoever recorded it: 409 `four_eyes`; 409 "
    "`evidence_missing`; 400 `over_balance` without an overspend asked for).",
)


def _reject(expense, d, user):
    """The action calls the text `reason`; its refusals name the API's field, `note`."""
    try:
        return actions.expense_reject(expense=expense, reason=d["note"], actor=user)
    except Invalid as refusal:
        if "reason" in refusal.fields:
            refusal.fields["note"] = refusal.fields.pop("reason")
        raise


ExpenseRejectApi = ExpenseStep.declare(
    _reject,
    input=s.FundingNoteInput,
    __doc__="Reject an expense with a reason (400 `reason_required`).",
)
ExpenseEvidenceApi = ExpenseStep.declare(
    lambda e, d, user: actions.evidence_add(expense=e, upload=d["file"], actor=user) and None,
    input=s.FundingEvidenceInput,
    name="ExpenseEvidenceApi",
    __doc__="Attach an evidence file (multipart). 400 `file_type`, `file_too_large`, "
    "`too_many_files`; 409 `evidence_closed`.",
)
EVIDENCE_BODY_LIMIT = uploads.body_limit(1, evidence_files.MAX_BYTES)


class IncomeListApi(ListAPIView):
    serializer_class = s.FundingIncomeOutput

    def get_queryset(self):
        return selectors.income_list(user=self.request.user, year=_year(self.request))

    @extend_schema(parameters=[YEAR])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProjectListApi(ListAPIView):
    serializer_class = s.FundingProjectOutput

    def get_queryset(self):
        return selectors.project_list(user=self.request.user, year=_year(self.request))

    @extend_schema(parameters=[YEAR])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProjectStep(StepApi):
    selector = staticmethod(selectors.project_get)
    url_kwarg = "project_id"
    output_serializer = s.FundingProjectOutput
    refresh = True


ProjectDetailApi = ProjectStep.detail()
ProjectProgressApi = ProjectStep.declare(
    lambda p, d, user: actions.project_progress(
        project=p, progress=d["progress"], note=d["note"], actor=user
    ),
    input=s.FundingProgressInput,
    __doc__="Report progress (0–99 %); a planned project starts building.",
)
ProjectCompleteApi = ProjectStep.declare(
    lambda p, d, user: actions.project_complete(project=p, actor=user),
    __doc__="Complete the project and open its venue (street or district finance).",
)


class DutyMoneyListApi(ListAPIView):
    serializer_class = s.FundingDutyMoneyOutput

    def get_queryset(self):
        return selectors.duty_money_list(user=self.request.user, year=_year(self.request))

    @extend_schema(parameters=[YEAR])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DutyMoneyCreditApi(APIView):
    @extend_schema(
        request=s.FundingDutyMoneyInput,
        responses={201: s.FundingDutyMoneyOutput(many=True)},
        description="Credit an admitted duty's money (费随事转) for a year to the duty fund of every "
        "community carrying it. 404 for a request the user may not credit; 409 `not_admitted`, "
        "`no_community_carriers`, `already_credited`; 400 `before_start`.",
    )
    def post(self, request):
        given = s.FundingDutyMoneyInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        duty = found(selectors.duty_money_request, user=request.user, request_id=d["request_id"])
        rows = actions.duty_money_credit(request=duty, year=d["year"], actor=request.user)
        return Response(s.FundingDutyMoneyOutput(rows, many=True).data, status=201)
