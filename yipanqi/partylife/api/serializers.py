"""Output shapes of the party-life API; names prefixed (Partylife…) to stay unique in OpenAPI.
Members are named by their name only; dues bases never leave as clear values here."""

from rest_framework import serializers

from yipanqi.partylife.choices import MeetingKind, MeetingStatus
from yipanqi.partylife.models import Attendance, DuesPayment, Meeting, Transfer


class PartylifeAttendanceOutput(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.person.name")

    class Meta:
        model = Attendance
        fields = ["id", "member", "member_name", "status", "reason", "method", "signed_in_at"]


class PartylifeMeetingOutput(serializers.ModelSerializer):
    branch_name = serializers.CharField(source="branch.name")
    # plain strings: other apps' meetings have kinds and statuses of the same field names
    kind = serializers.CharField(help_text=", ".join(MeetingKind.values))
    status = serializers.CharField(help_text=", ".join(MeetingStatus.values))

    class Meta:
        model = Meeting
        fields = ["id", "branch", "branch_name", "kind", "held_on", "topic", "place", "status"]


class PartylifeMeetingDetailOutput(PartylifeMeetingOutput):
    attendance = serializers.SerializerMethodField()

    class Meta(PartylifeMeetingOutput.Meta):
        fields = PartylifeMeetingOutput.Meta.fields + [
            "host", "minutes", "resolutions", "confirmed_at", "version", "booking", "attendance",
        ]  # fmt: skip

    def get_attendance(self, meeting) -> list[dict]:
        from yipanqi.partylife import selectors

        user = self.context["user"]
        rows = selectors.meeting_attendance(user=user, meeting=meeting)
        return PartylifeAttendanceOutput(rows, many=True).data


class PartylifePaymentOutput(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.person.name")

    class Meta:
        model = DuesPayment
        fields = [
            "id", "member", "member_name", "branch", "month", "amount_fen", "paid_on",
            "channel", "receipt_no",
        ]  # fmt: skip


class PartylifeTransferOutput(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.person.name")
    from_name = serializers.CharField(source="from_org.name")
    to_name = serializers.CharField()

    class Meta:
        model = Transfer
        fields = [
            "id", "member", "member_name", "kind", "from_org", "from_name", "to_org", "to_name",
            "status", "reason", "due_on", "escalated", "letter_no", "completed_on",
        ]  # fmt: skip


class PartylifeKindOutput(serializers.Serializer):
    kind = serializers.CharField()
    frequency = serializers.CharField()
    current = serializers.CharField()


class PartylifeComplianceOutput(serializers.Serializer):
    branch = serializers.IntegerField(source="branch.pk")
    branch_name = serializers.CharField(source="branch.name")
    held = serializers.IntegerField()
    missed = serializers.IntegerField()
    due = serializers.IntegerField()
    kinds = PartylifeKindOutput(many=True)
