"""Input and output shapes of the centres API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yipanqi.centres import selectors
from yipanqi.centres.choices import AssessmentStatus, CentreLevel, RoundStatus
from yipanqi.core.api.fields import IdKeyedDictField


class CentreAreaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()


class CentreOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField(help_text=", ".join(CentreLevel.values))
    parent_id = serializers.IntegerField(allow_null=True)
    area = CentreAreaOutput()
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    opening_hours = serializers.CharField()
    grade = serializers.CharField(help_text="the latest published grade, blank if none")
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class GradeOutput(serializers.Serializer):
    round_id = serializers.IntegerField()
    round = serializers.CharField(source="round.title")
    year = serializers.IntegerField(source="round.year")
    grade = serializers.CharField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    status = serializers.CharField()


class CentreDetailOutput(CentreOutput):
    staff_on_duty = serializers.CharField()
    services = serializers.SerializerMethodField()
    grades = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_services(self, centre) -> list[str]:
        return [s.name for s in centre.services.all()]

    @extend_schema_field(GradeOutput(many=True))
    def get_grades(self, centre) -> list[dict]:
        return GradeOutput(selectors.centre_grades(centre=centre), many=True).data


class RoundOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField(help_text=", ".join(RoundStatus.values))
    scheme = serializers.CharField(source="scheme.name")
    scheme_id = serializers.IntegerField()
    published_at = serializers.DateTimeField(allow_null=True)
    appeals_until = serializers.DateTimeField(allow_null=True)


class AssessmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    round_id = serializers.IntegerField()
    centre_id = serializers.IntegerField()
    centre = serializers.CharField(source="centre.name")
    status = serializers.CharField(help_text=", ".join(AssessmentStatus.values))
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    grade = serializers.CharField()


class ScoreOutput(serializers.Serializer):
    level = serializers.CharField(help_text="self, street or district")
    value = serializers.DecimalField(max_digits=6, decimal_places=2)
    reason = serializers.CharField()
    given_at = serializers.DateTimeField(source="created_at")


class IndicatorRowOutput(serializers.Serializer):
    indicator_id = serializers.IntegerField(source="indicator.pk")
    indicator = serializers.CharField(source="indicator.name")
    dimension = serializers.CharField(source="indicator.dimension.name")
    max_score = serializers.DecimalField(
        source="indicator.max_score", max_digits=6, decimal_places=2
    )
    counting = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    history = ScoreOutput(many=True, help_text="every score given, oldest first")
    evidence = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_evidence(self, row) -> list[int]:
        return [e.pk for e in row.evidence]


class AssessmentDetailOutput(AssessmentOutput):
    appeal_reason = serializers.CharField()
    appeal_decision = serializers.CharField()
    indicators = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    @extend_schema_field(IndicatorRowOutput(many=True))
    def get_indicators(self, assessment) -> list[dict]:
        rows = [r for d in selectors.assessment_sheet(assessment=assessment) for r in d.rows]
        return IndicatorRowOutput(rows, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_steps(self, assessment) -> list[str]:
        user = self.context.get("user")
        return sorted(selectors.assessment_steps(user=user, assessment=assessment))


SCORES_HELP = "indicator id → score (0 … the indicator's maximum, two decimals at most)"


class ScoresInput(serializers.Serializer):
    scores = IdKeyedDictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2),
        help_text=SCORES_HELP,
    )
    notes = IdKeyedDictField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        required=False,
        default=dict,
        help_text="indicator id → note",
    )


class ReviewInput(serializers.Serializer):
    scores = IdKeyedDictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2),
        required=False,
        default=dict,
        help_text=SCORES_HELP + "; only the scores to change",
    )
    reasons = IdKeyedDictField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        required=False,
        default=dict,
        help_text="indicator id → why its score changes (required for each change)",
    )


class CentreReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class AppealDecisionInput(serializers.Serializer):
    upheld = serializers.BooleanField()
    reason = serializers.CharField(max_length=1000)
    scores = IdKeyedDictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2),
        required=False,
        default=dict,
        help_text=SCORES_HELP + "; the district's new scores when upheld",
    )
