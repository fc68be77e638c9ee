"""Officers API: assignments one reaches (creating one: the leaders over the target), an
assignment's work logs and logging one (the officer, on their own active target), the board."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.accounts.selectors import user_get
from yipanqi.core import uploads
from yipanqi.core.api.fields import IdField
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Invalid
from yipanqi.core.pages import found
from yipanqi.officers import actions, selectors
from yipanqi.officers.api import serializers as out
from yipanqi.officers.choices import Layer, LogKind
from yipanqi.officers.models import WorkLog


class OfficersAssignInput(serializers.Serializer):
    officer = IdField()
    role = serializers.SlugField(
        max_length=20, help_text="the role's code (驻企专员: enterprise …)"
    )
    area = IdField()
    unit = IdField(required=False, allow_null=True, default=None)
    target_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    visits_per_month = serializers.IntegerField(min_value=1, max_value=31, default=2)


def _row(find, pk, field: str):
    row = find(pk) if pk else None
    if pk and row is None:
        raise Invalid(fields={field: ["Does not exist."]}, code=f"bad_{field}")
    return row


class OfficersAssignmentListApi(ListAPIView):
    serializer_class = out.OfficersAssignmentOutput

    def get_queryset(self):
        return selectors.assignment_list(user=self.request.user)

    @extend_schema(request=OfficersAssignInput, responses={201: out.OfficersAssignmentOutput})
    def post(self, request):
        given = OfficersAssignInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        area = _row(lambda pk: selectors.assignment_area(area_id=pk), d["area"], "area")
        role = selectors.role_find(district_code=area.district_code, code=d["role"])
        if role is None:
            raise Invalid(fields={"role": ["No such role."]}, code="bad_role")
        officer = _row(lambda pk: user_get(user_id=pk), d["officer"], "officer")
        unit = _row(lambda pk: selectors.assignment_unit(unit_id=pk), d["unit"], "unit")
        row = actions.assignment_create(
            officer=officer, role=role, area=area, unit=unit, target_name=d["target_name"],
            visits_per_month=d["visits_per_month"], actor=request.user,
        )  # fmt: skip
        return Response(out.OfficersAssignmentOutput(row).data, status=201)


class OfficersAssignmentStep(StepApi):
    selector = staticmethod(selectors.assignment_get)
    url_kwarg = "assignment_id"
    output_serializer = out.OfficersAssignmentOutput


OfficersAssignmentApi = OfficersAssignmentStep.detail(name="OfficersAssignmentApi")
OfficersAssignmentEndApi = OfficersAssignmentStep.declare(
    lambda a, d, user: actions.assignment_end(assignment=a, actor=user),
    name="OfficersAssignmentEndApi",
)


class OfficersLogInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LogKind.values)
    occurred_on = serializers.DateField()
    summary = serializers.CharField(max_length=500)
    people_met = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    result = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    issue = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    open_order = serializers.BooleanField(required=False, default=False)
    open_incident = serializers.BooleanField(
        required=False, default=False, help_text="report the issue as a grid incident instead"
    )
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, default=list,
        help_text="multipart only: up to six JPEG, PNG or WebP photos, at most 5 MB each",
    )  # fmt: skip


class OfficersWorkLogListApi(ListAPIView):
    serializer_class = out.OfficersWorkLogOutput
    queryset = WorkLog.objects.none()  # for the schema; rows come from get_queryset

    def _assignment(self):
        kwargs = {"user": self.request.user, "assignment_id": self.kwargs["assignment_id"]}
        return found(selectors.assignment_get, **kwargs)

    def get_queryset(self):
        return selectors.worklog_rows(user=self.request.user, assignment=self._assignment())

    @extend_schema(
        request=OfficersLogInput,
        responses={201: out.OfficersWorkLogOutput},
        description="Log a visit on one's own active target; 403 for another's target; "
        "`open_order` turns the issue into a service order, `open_incident` into a grid incident "
        "report; photos come as multipart `photos` (nothing is saved if one is refused).",
    )
    def post(self, request, assignment_id: int):
        assignment = self._assignment()  # 404 out of scope before the body is judged (R-AC-3)
        given = OfficersLogInput(data=request.data)
        given.is_valid(raise_exception=True)
        log = actions.worklog_record(
            assignment=assignment, actor=request.user, **given.validated_data
        )
        return Response(out.OfficersWorkLogOutput(log).data, status=201)


class OfficersBoardApi(APIView):
    @extend_schema(responses=out.OfficersBoardOutput)
    def get(self, request):
        board = selectors.board(user=request.user, today=timezone.localdate())
        return Response(out.OfficersBoardOutput(board).data)


class OfficersRoleListApi(ListAPIView):
    """The officer roles of the districts the caller leads or audits."""

    serializer_class = out.OfficersRoleOutput

    def get_queryset(self):
        return selectors.role_list(user=self.request.user)


class OfficersRoleStep(StepApi):
    selector = staticmethod(selectors.role_get)
    url_kwarg = "role_id"
    output_serializer = out.OfficersRoleOutput


class OfficersRoleInput(serializers.Serializer):
    name = serializers.CharField(max_length=20)
    layer = serializers.ChoiceField(choices=Layer.values)
    duties = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


OfficersRoleApi = OfficersRoleStep.detail(name="OfficersRoleApi")
OfficersRoleEditApi = OfficersRoleStep.declare(
    lambda r, d, user: actions.role_update(role=r, name=d["name"], duties=d["duties"],
                                           layer=d["layer"], actor=user),
    input=OfficersRoleInput, name="OfficersRoleEditApi",
    __doc__="Rename a role, or change its duties or layer (the district's administrators: "
    "403 for others; 404 for another district's role).",
)  # fmt: skip


# The largest body the logs endpoint takes (core.uploads.max_body_size, applied in urls.py).
LOG_BODY_LIMIT = uploads.body_limit(files=actions.MAX_PHOTOS)
