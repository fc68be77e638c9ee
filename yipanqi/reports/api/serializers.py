"""API shapes of one-click reports: no personal data (the asker as an id only)."""

from dataclasses import asdict

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yipanqi.reports import changes
from yipanqi.reports.models import Report


class ReportsReportOutput(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id", "area", "area_name", "period_kind", "start", "end", "format", "status",
            "progress", "size", "created_at", "finished_at", "download",
        ]  # fmt: skip

    def get_download(self, report: Report) -> str | None:
        return f"/api/v1/reports/{report.pk}/download/" if report.status == "ready" else None


class ReportsChangeOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class ReportsReportDetailOutput(ReportsReportOutput):
    """With `context={"earlier": report}` (the previous ready run of the same node and period),
    the id of that run and the figures that changed since."""

    figures = serializers.JSONField(read_only=True)
    compared_with = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    class Meta(ReportsReportOutput.Meta):
        fields = [*ReportsReportOutput.Meta.fields, "figures", "compared_with", "changes"]

    def _earlier(self, report: Report) -> Report | None:
        return self.context.get("earlier") if report.status == "ready" else None

    def get_compared_with(self, report: Report) -> int | None:
        earlier = self._earlier(report)
        return earlier.pk if earlier else None

    @extend_schema_field(ReportsChangeOutput(many=True))
    def get_changes(self, report: Report) -> list[dict]:
        earlier = self._earlier(report)
        found = changes.changes(earlier.figures, report.figures) if earlier else []
        return [asdict(c) for c in found]
