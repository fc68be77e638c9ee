"""Output shapes of the deliberation API; each step view declares its own input serializer."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yipanqi.deliberation.choices import (
    FollowUpStatus,
    MeetingKind,
    MeetingStatus,
    Outcome,
    ResolutionStatus,
    SeatParty,
    TopicStatus,
)


def _values(choices) -> str:
    return ", ".join(choices.values)


class DelibSeatOutput(serializers.Serializer):
    id = serializers.IntegerField()
    party = serializers.CharField(help_text=_values(SeatParty))
    party_label = serializers.CharField(source="get_party_display")
    votes = serializers.BooleanField()
    membership_id = serializers.IntegerField()
    member_name = serializers.CharField(source="membership.member_name")


class DelibBodyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    area_id = serializers.IntegerField()
    area_name = serializers.CharField(source="area.name")


class DelibBodyDetailOutput(DelibBodyOutput):
    seats = serializers.SerializerMethodField()

    @extend_schema_field(DelibSeatOutput(many=True))
    def get_seats(self, body) -> list:
        rows = body.seats.select_related("membership")
        return DelibSeatOutput(rows, many=True).data


class DelibTopicOutput(serializers.Serializer):
    id = serializers.IntegerField()
    body_id = serializers.IntegerField()
    grid_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    description = serializers.CharField()
    source = serializers.CharField()
    status = serializers.CharField(help_text=_values(TopicStatus))
    status_label = serializers.CharField(source="get_status_display")
    decline_reason = serializers.CharField()
    meeting_id = serializers.IntegerField(allow_null=True)
    raised_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class DelibAttendanceOutput(serializers.Serializer):
    seat_id = serializers.IntegerField()
    present = serializers.BooleanField()


class DelibMeetingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    body_id = serializers.IntegerField()
    kind = serializers.CharField(help_text=_values(MeetingKind))
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    status = serializers.CharField(help_text=_values(MeetingStatus))
    notice_sent_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class DelibMeetingPhotoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    meeting_id = serializers.IntegerField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class DelibMeetingDetailOutput(DelibMeetingOutput):
    minutes = serializers.CharField()
    agenda = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()

    @extend_schema_field(DelibMeetingPhotoOutput(many=True))
    def get_photos(self, meeting) -> list:
        return DelibMeetingPhotoOutput(meeting.photos.order_by("id"), many=True).data

    @extend_schema_field(DelibTopicOutput(many=True))
    def get_agenda(self, meeting) -> list:
        return DelibTopicOutput(meeting.agenda.order_by("raised_at", "id"), many=True).data

    @extend_schema_field(DelibAttendanceOutput(many=True))
    def get_attendance(self, meeting) -> list:
        return DelibAttendanceOutput(meeting.attendance.order_by("seat_id"), many=True).data


class DelibVoteOutput(serializers.Serializer):
    seat_id = serializers.IntegerField()
    choice = serializers.CharField()
    note = serializers.CharField()


class DelibResolutionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    meeting_id = serializers.IntegerField()
    topic_id = serializers.IntegerField()
    text = serializers.CharField()
    status = serializers.CharField(help_text=_values(ResolutionStatus))
    outcome = serializers.CharField(help_text="blank while voting, or " + _values(Outcome))
    tally = serializers.JSONField(help_text="Counts as decided: per party, dissent, the rule.")
    decided_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    publish_until = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class DelibResolutionDetailOutput(DelibResolutionOutput):
    votes = serializers.SerializerMethodField()

    @extend_schema_field(DelibVoteOutput(many=True))
    def get_votes(self, resolution) -> list:
        return DelibVoteOutput(resolution.votes.order_by("seat_id"), many=True).data


class DelibFollowUpOutput(serializers.Serializer):
    id = serializers.IntegerField()
    resolution_id = serializers.IntegerField()
    title = serializers.CharField()
    owner_seat_id = serializers.IntegerField(allow_null=True)
    owner_name = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField(help_text=_values(FollowUpStatus))
    note = serializers.CharField()
    order_id = serializers.IntegerField(allow_null=True)
    order_status = serializers.SerializerMethodField()
    done_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_order_status(self, task) -> str | None:
        return task.order.status if task.order_id else None


class DelibRatingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    resolution_id = serializers.IntegerField()
    score = serializers.IntegerField()


class DelibNoticePartyOutput(serializers.Serializer):
    party = serializers.CharField()
    label = serializers.CharField()
    votes_for = serializers.IntegerField(source="for")
    against = serializers.IntegerField()
    abstain = serializers.IntegerField()
    absent = serializers.IntegerField()


class DelibNoticeSeatOutput(serializers.Serializer):
    name = serializers.CharField(help_text="Masked: 张*丰")
    party = serializers.CharField()
    present = serializers.CharField()
    vote = serializers.CharField()


class DelibNoticeFollowUpOutput(serializers.Serializer):
    title = serializers.CharField()
    owner = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()


class DelibNoticeOutput(serializers.Serializer):
    """A public notice (公示): masked names and scrubbed text only."""

    id = serializers.IntegerField()
    body = serializers.CharField()
    meeting = serializers.CharField()
    meeting_kind = serializers.CharField()
    held_on = serializers.DateField()
    title = serializers.CharField()
    text = serializers.CharField()
    outcome = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    publish_until = serializers.DateField(allow_null=True)
    on_notice = serializers.BooleanField()
    parties = DelibNoticePartyOutput(many=True)
    seats = DelibNoticeSeatOutput(many=True)
    follow_ups = DelibNoticeFollowUpOutput(many=True)
    ratings = serializers.IntegerField()
    satisfaction = serializers.FloatField(allow_null=True)
