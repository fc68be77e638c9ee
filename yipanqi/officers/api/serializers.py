"""Output shapes of the officers API (component names prefixed: unique across apps)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class OfficersAssignmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    officer_id = serializers.IntegerField()
    role = serializers.CharField(source="role.name")
    role_code = serializers.CharField(source="role.code")
    layer = serializers.CharField(source="role.layer")
    area_id = serializers.IntegerField()
    unit_id = serializers.IntegerField(allow_null=True)
    target_name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    visits_per_month = serializers.IntegerField()
    status = serializers.CharField()


class OfficersWorkLogOutput(serializers.Serializer):
    id = serializers.IntegerField()
    assignment_id = serializers.IntegerField()
    kind = serializers.CharField()
    occurred_on = serializers.DateField()
    summary = serializers.CharField()
    people_met = serializers.CharField()
    result = serializers.CharField()
    issue = serializers.CharField()
    order_id = serializers.IntegerField(allow_null=True)
    incident_id = serializers.IntegerField(allow_null=True)
    photos = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_photos(self, log) -> list[str]:
        """Where each photo is served (to those who reach the log)."""
        return [reverse("officers:photo", args=[p.pk]) for p in log.photos.all()]


class OfficersCoverageOutput(serializers.Serializer):
    label = serializers.CharField()
    assigned = serializers.IntegerField()
    visited = serializers.IntegerField()
    overdue = serializers.IntegerField()
    issues = serializers.IntegerField()
    solved = serializers.IntegerField()


class OfficersBoardOutput(serializers.Serializer):
    by_role = OfficersCoverageOutput(many=True)
    by_layer = OfficersCoverageOutput(many=True)
    by_town = OfficersCoverageOutput(many=True)


class OfficersRoleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    district_code = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()
    layer = serializers.CharField()
    target_kind = serializers.CharField()
    duties = serializers.CharField()
