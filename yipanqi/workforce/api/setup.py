"""Workforce API writes beside the pay runs: appoint a worker, transfer, leave; pay tables (list,
create, revise); courses (create, enrol). One POST per step; the object in a path is read in the
user's scope (404 the same for missing and out of scope), and so is every id in a body. Errors in
core.api.exceptions' shape {code, message}: 409 `overlapping_appointment`, `pay_table_exists`,
`pay_table_in_use`, `class_full`; 400 `grade_out_of_range`, `bad_rules`, `unknown_rule`,
`bad_days`, `reason_required`, `no_change` …"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.steps import StepApi
from yipanqi.core.pages import found
from yipanqi.workforce import actions, selectors
from yipanqi.workforce.api import serializers as s
from yipanqi.workforce.api.views import CourseStep, WorkerStep


def _pick(areas: list, pk: int):
    """One of the areas the user may act in, else 404 (out of scope looks like missing)."""
    area = next((a for a in areas if a.pk == pk), None)
    if area is None:
        raise Http404
    return area


def _valid(serializer_class, request) -> dict:
    given = serializer_class(data=request.data)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


class WorkerAppointApi(APIView):
    @extend_schema(
        request=s.WorkforceAppointInput,
        responses={201: s.WorkforceWorkerOutput},
        description="Appoint a person of the people registry to a post in a community (聘任). "
        "409 `overlapping_appointment` when they hold a post in that period.",
    )
    def post(self, request):
        d = _valid(s.WorkforceAppointInput, request)
        user = request.user
        person = found(selectors.person_get, user=user, person_id=d.pop("person_id"))
        community = _pick(selectors.managed_communities(user=user), d.pop("community_id"))
        worker = actions.worker_appoint(person=person, community=community, actor=user, **d)
        worker = selectors.worker_get(user=user, worker_id=worker.pk)
        return Response(s.WorkforceWorkerOutput(worker).data, status=201)


def _transfer(worker, d, user):
    community = _pick(selectors.managed_communities(user=user), d["community_id"])
    return actions.worker_transfer(
        worker=worker, community=community, on=d["on"], post=d["post"], actor=user
    )


class WorkerChangeStep(WorkerStep):
    refresh = True


WorkerTransferApi = WorkerChangeStep.declare(
    _transfer,
    input=s.WorkforceTransferInput,
    __doc__="Transfer to another community from a date (调动), the post kept unless given.",
)
WorkerExitApi = WorkerChangeStep.declare(
    lambda w, d, user: actions.worker_exit(worker=w, on=d["on"], reason=d["reason"], actor=user),
    input=s.WorkforceExitInput,
    __doc__="The worker leaves (离职) on a date, with the reason (400 `reason_required`).",
)


class TableListApi(ListAPIView):
    """The pay tables the user reads (their town's or district's), each with the pay runs that
    used it."""

    serializer_class = s.WorkforceTableOutput

    def get_queryset(self):
        return selectors.table_list(user=self.request.user)


class TableCreateApi(APIView):
    @extend_schema(
        request=s.WorkforceTableInput,
        responses={201: s.WorkforceTableOutput},
        description="The district's pay table for a year: the base and the district's rules in "
        "force with any overrides. 409 `pay_table_exists`; 400 `bad_rules`, `unknown_rule`.",
    )
    def post(self, request):
        d = _valid(s.WorkforceTableInput, request)
        district = _pick(selectors.table_districts(user=request.user), d["district_id"])
        table = actions.pay_table_create(
            district=district, year=d["year"], base_amount=d["base_amount"],
            overrides=d["rules"], actor=request.user,
        )  # fmt: skip
        table = selectors.table_get(user=request.user, table_id=table.pk)
        return Response(s.WorkforceTableOutput(table).data, status=201)


class TableStep(StepApi):
    selector = staticmethod(selectors.table_get)
    url_kwarg = "table_id"
    output_serializer = s.WorkforceTableOutput


TableEditApi = TableStep.declare(
    lambda t, d, user: actions.pay_table_edit(
        table=t, base_amount=d.get("base_amount"), overrides=d["rules"], actor=user
    ),
    input=s.WorkforceTableEditInput,
    __doc__="Revise a pay table no pay run has used (409 `pay_table_in_use` once one has).",
)


class CourseCreateApi(APIView):
    @extend_schema(
        request=s.WorkforceCourseInput,
        responses={201: s.WorkforceCourseOutput},
        description="A district key-training course or a town's course. 400 `bad_dates`, "
        "`bad_days`, `bad_hours` (days and hours both given), `bad_class_size`.",
    )
    def post(self, request):
        d = _valid(s.WorkforceCourseInput, request)
        area = _pick(selectors.course_areas(user=request.user), d.pop("area_id"))
        course = actions.course_create(area=area, actor=request.user, **d)
        return Response(s.WorkforceCourseOutput(course).data, status=201)


def _enrol(course, d, user):
    workers = found(selectors.workers_by_ids, user=user, ids=d["worker_ids"])
    actions.course_enrol(course=course, workers=workers, actor=user)


CourseEnrolApi = CourseStep.declare(
    _enrol,
    input=s.WorkforceEnrolInput,
    __doc__="Enrol workers (those on the course already are skipped; 409 `class_full`).",
)
