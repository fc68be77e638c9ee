"""Output shapes of the grid API; each view declares its own input serializer."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yipanqi.grid.choices import CampaignStatus, IncidentCategory, IncidentStatus, Outcome
from yipanqi.grid.selectors import incident_steps


class GridAreaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()


class SweepQuestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField(help_text="yes_no, choice, number or text")
    choices = serializers.ListField(child=serializers.CharField())
    required = serializers.BooleanField()


class CampaignOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    purpose = serializers.CharField()
    area = GridAreaOutput()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    rounds = serializers.IntegerField()
    current_round = serializers.IntegerField()
    status = serializers.CharField(help_text=", ".join(CampaignStatus.values))


class CampaignDetailOutput(CampaignOutput):
    questions = SweepQuestionOutput(many=True, source="questions.all")


class TargetOutput(serializers.Serializer):
    id = serializers.IntegerField()
    household_id = serializers.IntegerField()
    building = serializers.CharField(source="household.building")
    unit_no = serializers.CharField(source="household.unit_no")
    room = serializers.CharField(source="household.room")
    address = serializers.CharField(source="household.address")
    grid = GridAreaOutput()
    assignee_id = serializers.IntegerField(allow_null=True)
    outcome = serializers.CharField(help_text="blank (not visited yet), or the latest outcome")
    last_round = serializers.IntegerField()
    pending = serializers.SerializerMethodField()

    @extend_schema_field(serializers.BooleanField())
    def get_pending(self, target) -> bool:
        """Still to visit in the current round."""
        return getattr(target, "is_done", 1) == 0


class VisitOutput(serializers.Serializer):
    id = serializers.IntegerField()
    campaign_id = serializers.IntegerField()
    target_id = serializers.IntegerField()
    household_id = serializers.IntegerField()
    round = serializers.IntegerField()
    outcome = serializers.CharField(help_text=", ".join(Outcome.values))
    answers = serializers.DictField(help_text="question id → answer")
    note = serializers.CharField()
    visited_at = serializers.DateTimeField()
    visited_by_id = serializers.IntegerField(allow_null=True)
    order_id = serializers.IntegerField(allow_null=True)
    incident_id = serializers.IntegerField(allow_null=True)


class CoverageRowOutput(serializers.Serializer):
    area = GridAreaOutput(allow_null=True)
    targeted = serializers.IntegerField()
    visited = serializers.IntegerField(help_text="screened: visited or needs follow-up")
    pending = serializers.IntegerField()
    follow_ups = serializers.IntegerField()
    nobody_home = serializers.IntegerField()
    refused = serializers.IntegerField()
    rate = serializers.IntegerField(help_text="visited / targeted, in percent")


class CoverageOutput(serializers.Serializer):
    campaign_id = serializers.IntegerField(source="campaign.pk")
    node = GridAreaOutput()
    totals = CoverageRowOutput()
    rows = CoverageRowOutput(many=True)


class IncidentEventOutput(serializers.Serializer):
    kind = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    level = serializers.IntegerField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class IncidentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    category = serializers.CharField(help_text=", ".join(IncidentCategory.values))
    place = serializers.CharField()
    description = serializers.CharField()
    grid = GridAreaOutput()
    community = GridAreaOutput()
    status = serializers.CharField(help_text=", ".join(IncidentStatus.values))
    escalation_level = serializers.IntegerField(
        help_text="1 community, 2 town / street, 3 district"
    )
    overdue = serializers.BooleanField()
    due_at = serializers.DateTimeField(allow_null=True)
    reported_at = serializers.DateTimeField()
    handling = serializers.CharField()
    result = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)


class IncidentDetailOutput(IncidentOutput):
    events = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    @extend_schema_field(IncidentEventOutput(many=True))
    def get_events(self, incident) -> list:
        return IncidentEventOutput(incident.events.order_by("created_at", "id"), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_steps(self, incident) -> list[str]:
        """The steps the caller may take now (accept, handle, escalate, close)."""
        return sorted(incident_steps(user=self.context.get("user"), incident=incident))
