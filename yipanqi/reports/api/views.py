"""/api/v1/reports/: ask for a report of a node in one's scope, list and read them, download the
file (audited). A node or report outside the caller's scope answers 404 like a missing one."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.errors import Invalid
from yipanqi.core.pages import found
from yipanqi.reports import access, actions, periods, selectors
from yipanqi.reports.api import serializers as out
from yipanqi.reports.choices import PeriodKind, ReportFormat
from yipanqi.reports.render import CONTENT_TYPES


class ReportsCreateInput(serializers.Serializer):
    area = serializers.CharField(max_length=15, help_text="division code of a node in scope")
    period = serializers.ChoiceField(choices=PeriodKind.values, default=PeriodKind.YEAR)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
    month = serializers.IntegerField(required=False, min_value=1, max_value=12)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    format = serializers.ChoiceField(choices=ReportFormat.values)


def _period(d: dict) -> periods.Period:
    kind = d["period"]
    try:
        if kind == PeriodKind.RANGE:
            return periods.build(start=d.get("start"), end=d.get("end"))
        if kind == PeriodKind.QUARTER and not d.get("quarter"):
            raise periods.PeriodError("quarter")
        if kind == PeriodKind.MONTH and not d.get("month"):
            raise periods.PeriodError("month")
        extra = {"quarter_": d.get("quarter")} if kind == PeriodKind.QUARTER else {}
        extra |= {"month_": d.get("month")} if kind == PeriodKind.MONTH else {}
        return periods.build(year_=d.get("year"), **extra)
    except periods.PeriodError as error:
        raise Invalid(fields={"period": [str(error)]}, code="bad_period") from error


class ReportsListApi(ListAPIView):
    serializer_class = out.ReportsReportOutput

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)

    @extend_schema(
        request=ReportsCreateInput,
        responses={201: out.ReportsReportDetailOutput},
        description="Ask for a report; the worker builds it (poll the detail's `status` and "
        "`progress`). Asked again for the same node and period, the detail lists the figures "
        "that changed since the earlier run. 404 for a node out of scope; 400 `bad_period`.",
    )
    def post(self, request):
        given = ReportsCreateInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        area = access.node_in_scope(request.user, d["area"])
        if area is None:
            raise Http404
        report = actions.report_request(
            area=area, period=_period(d), fmt=d["format"], actor=request.user
        )
        return Response(out.ReportsReportDetailOutput(report).data, status=201)


class ReportsDetailApi(APIView):
    @extend_schema(responses=out.ReportsReportDetailOutput)
    def get(self, request, report_id: int):
        report = found(selectors.report_get, user=request.user, report_id=report_id)
        earlier = selectors.previous_run(user=request.user, report=report)
        return Response(out.ReportsReportDetailOutput(report, context={"earlier": earlier}).data)


class ReportsDownloadApi(APIView):
    @extend_schema(
        responses={200: OpenApiResponse(description="the file")},
        description="The report's file (audited); 409 `report_not_ready` while it is built.",
    )
    def get(self, request, report_id: int):
        report = found(selectors.report_get, user=request.user, report_id=report_id)
        data = actions.report_download(report=report, actor=request.user)
        response = HttpResponse(data, content_type=CONTENT_TYPES[report.format])
        response["Content-Disposition"] = content_disposition_header(True, report.file_name)
        return response
