"""Output shapes of the notices API (component names prefixed: unique across apps)."""

from rest_framework import serializers

from yipanqi.core.pii import mask_name
from yipanqi.notices.choices import AudienceKind, NoticeKind, NoticeStatus, Place


class NoticesNoticeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text=", ".join(NoticeKind.values))
    status = serializers.CharField(help_text=", ".join(NoticeStatus.values))
    area_id = serializers.IntegerField()
    area = serializers.CharField(source="area.name")
    audience_label = serializers.CharField()
    deadline = serializers.DateTimeField(allow_null=True)
    places = serializers.IntegerField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    recipients_total = serializers.IntegerField()


class NoticesAttachmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class NoticesNoticeDetailOutput(NoticesNoticeOutput):
    body = serializers.CharField()
    options = serializers.ListField(child=serializers.CharField())
    free_reply = serializers.BooleanField()
    audience = serializers.DictField(
        help_text="kind (" + ", ".join(AudienceKind.values) + "), ids, members_only"
    )
    reason = serializers.CharField()
    version = serializers.IntegerField()
    attachments = NoticesAttachmentOutput(many=True, help_text="files sent with the notice")


class NoticesRatesOutput(serializers.Serializer):
    label = serializers.CharField()
    total = serializers.IntegerField()
    read = serializers.IntegerField()
    replied = serializers.IntegerField()
    accepted = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    read_rate = serializers.FloatField()
    reply_rate = serializers.FloatField()


class NoticesOptionCountOutput(serializers.Serializer):
    option = serializers.CharField()
    replies = serializers.IntegerField()


class NoticesBoardOutput(serializers.Serializer):
    overall = NoticesRatesOutput()
    by_area = NoticesRatesOutput(many=True)
    by_organisation = NoticesRatesOutput(many=True)
    options = serializers.SerializerMethodField()

    def get_options(self, board) -> list[dict]:
        return [{"option": text, "replies": n} for text, n in board.options]


class NoticesReceiptOutput(serializers.Serializer):
    id = serializers.IntegerField()
    notice = NoticesNoticeDetailOutput()
    read_at = serializers.DateTimeField(allow_null=True)
    replied_at = serializers.DateTimeField(allow_null=True)
    reply_option = serializers.IntegerField(allow_null=True)
    reply_text = serializers.CharField()
    place = serializers.CharField(help_text="empty, " + ", ".join(p for p in Place.values if p))


class NoticesPendingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    area = serializers.CharField(source="area.name")
    read = serializers.SerializerMethodField()

    def get_name(self, row) -> str:
        return mask_name(row.name)

    def get_read(self, row) -> bool:
        return row.read_at is not None
