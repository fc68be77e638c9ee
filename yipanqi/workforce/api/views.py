"""Workforce API: workers, pay lines, pay runs (compute, approve), courses and sign-in. Reads start
from the user's scope (out of scope answers 404); errors in core.api.exceptions' shape {code,
message} (409 `four_eyes`, `no_pay_table`, `illegal_transition`, `draft_exists`; 400
`not_enrolled`, `reason_required`, `grade_out_of_range` …)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import StepApi
from yipanqi.core.pages import found
from yipanqi.core.params import ID_SCHEMA, id_param, int_param, int_schema
from yipanqi.workforce import actions, selectors
from yipanqi.workforce.api import serializers as s
from yipanqi.workforce.choices import SignInMethod


class WorkerListApi(ListAPIView):
    serializer_class = s.WorkforceWorkerOutput

    def get_queryset(self):
        p = self.request.query_params
        user = self.request.user
        year = int_param(p, "year", min_value=2000, max_value=2100)
        area_id = id_param(p, "area")
        area = None
        if area_id is not None:
            area = selectors.worker_areas(user=user).filter(pk=area_id).first()
            if area is None:
                raise Http404
        year = year or selectors.default_year(user=user)
        return selectors.worker_list(user=user, area=area, year=year, status="")

    @extend_schema(
        parameters=[
            query_param("area", "Town or community id", ID_SCHEMA),
            query_param("year", "Training year", int_schema(2000, 2100)),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class WorkerStep(StepApi):
    selector = staticmethod(selectors.worker_get)
    url_kwarg = "worker_id"
    output_serializer = s.WorkforceWorkerOutput


WorkerDetailApi = WorkerStep.detail()


class PayLineListApi(ListAPIView):
    """The pay lines the user may see: their own, or those of their town or district."""

    serializer_class = s.WorkforcePayLineOutput

    def get_queryset(self):
        return selectors.pay_line_list(user=self.request.user)


class RunListApi(ListAPIView):
    serializer_class = s.WorkforceRunOutput

    def get_queryset(self):
        return selectors.run_list(user=self.request.user).order_by("-year", "id")


class RunComputeApi(APIView):
    @extend_schema(
        request=s.WorkforceRunInput,
        responses={201: s.WorkforceRunDetailOutput},
        description="Compute a draft pay run for a town or district and year. 409 "
        "`no_pay_table`, `draft_exists`, `overlapping_run`; 400 `reason_required` for a "
        "correction of an approved run.",
    )
    def post(self, request):
        given = s.WorkforceRunInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        area = next(
            (a for a in selectors.pay_areas(user=request.user) if a.pk == d["area_id"]), None
        )
        if area is None:
            raise Http404
        run = actions.pay_run_compute(
            area=area, year=d["year"], reason=d["reason"], actor=request.user
        )
        run = selectors.run_get(user=request.user, run_id=run.pk)
        return Response(s.WorkforceRunDetailOutput(run).data, status=201)


class RunStep(StepApi):
    selector = staticmethod(selectors.run_get)
    url_kwarg = "run_id"
    output_serializer = s.WorkforceRunDetailOutput
    refresh = True


RunDetailApi = RunStep.detail()
RunApproveApi = RunStep.declare(
    lambda r, d, user: actions.pay_run_approve(run=r, actor=user),
    __doc__="Approve a draft run (not by whoever computed it: 409 `four_eyes`).",
)


class CourseListApi(ListAPIView):
    serializer_class = s.WorkforceCourseOutput

    def get_queryset(self):
        p, user = self.request.query_params, self.request.user
        year = int_param(p, "year", min_value=2000, max_value=2100) or selectors.default_year(
            user=user
        )
        return selectors.course_list(user=user, year=year)

    @extend_schema(parameters=[query_param("year", "Year", int_schema(2000, 2100))])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _sign_in(course, d, user):
    if d.get("worker_id") is None:
        mine = selectors.my_enrolment(user=user, course=course)
        if mine is None:
            raise Http404
        worker, method = mine.worker, SignInMethod.QR
    else:
        rows = selectors.course_enrolments(user=user, course=course)
        worker, method = found(lambda: rows.get(worker_id=d["worker_id"])).worker, SignInMethod.LIST
    actions.attendance_sign_in(
        course=course, worker=worker, method=method, code=d.get("code", ""), actor=user
    )


class CourseStep(StepApi):
    selector = staticmethod(selectors.course_get)
    url_kwarg = "course_id"
    output_serializer = s.WorkforceCourseOutput


CourseDetailApi = CourseStep.detail()
CourseSignInApi = CourseStep.declare(
    _sign_in,
    input=s.WorkforceSignInInput,
    __doc__="Sign in to a course: yourself (no worker_id) with the day's code from the QR code "
    "(400 `bad_code`), or an enrolled worker from the list (whoever keeps it). 400 "
    "`not_enrolled` when they are not on the course.",
)
