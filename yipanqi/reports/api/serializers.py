"""API shapes of one-click reports: no personal data (the asker as an id only)."""

from rest_framework import serializers

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


class ReportsReportDetailOutput(ReportsReportOutput):
    figures = serializers.JSONField(read_only=True)

    class Meta(ReportsReportOutput.Meta):
        fields = [*ReportsReportOutput.Meta.fields, "figures"]
