"""Output shapes of the duties API (component names prefixed: unique across apps)."""

from rest_framework import serializers


class DutiesListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    area = serializers.CharField(source="area.name")
    year = serializers.IntegerField()


class DutiesItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    list_id = serializers.IntegerField(source="duty_list_id")
    title = serializers.CharField()
    basis = serializers.CharField()
    owner = serializers.CharField()
    indicators = serializers.CharField()
    progress = serializers.CharField()
    progress_note = serializers.CharField()


class DutiesRequestOutput(serializers.Serializer):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    level = serializers.CharField()
    list_kind = serializers.CharField()
    department = serializers.CharField()
    title = serializers.CharField()
    basis = serializers.CharField()
    description = serializers.CharField()
    authority = serializers.CharField()
    staff_count = serializers.IntegerField()
    staff_note = serializers.CharField()
    money_fen = serializers.IntegerField()
    money_source = serializers.CharField()
    starts_on = serializers.DateField()
    submitted_at = serializers.DateTimeField()
    decide_by = serializers.DateField()
    status = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_body = serializers.CharField()
    reason = serializers.CharField()
    retired_on = serializers.DateField(allow_null=True)


class DutiesAdmittedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    request_id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    area = serializers.CharField(source="area.name")
    title = serializers.CharField(source="request.title")
    department = serializers.CharField(source="request.department")
    authority = serializers.CharField(source="request.authority")
    staff_count = serializers.IntegerField(source="request.staff_count")
    money_fen = serializers.IntegerField(source="request.money_fen")
    status = serializers.CharField()
    admitted_on = serializers.DateField()
    retired_on = serializers.DateField(allow_null=True)


class DutiesRefusalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    task = serializers.CharField()
    pushed_by = serializers.CharField()
    reason = serializers.CharField()
    refused_on = serializers.DateField()


class DutiesQuarterOutput(serializers.Serializer):
    carried = serializers.IntegerField()
    refused = serializers.IntegerField()


class DutiesBurdenOutput(serializers.Serializer):
    area_id = serializers.IntegerField()
    name = serializers.CharField()
    carried = serializers.IntegerField()
    refused = serializers.IntegerField()
    trend = serializers.DictField(child=DutiesQuarterOutput())
