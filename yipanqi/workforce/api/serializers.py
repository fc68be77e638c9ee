"""Input and output shapes of the workforce API (names prefixed Workforce: unique in the schema)."""

from decimal import Decimal

from rest_framework import serializers

from yipanqi.core.api.fields import IdField
from yipanqi.workforce.choices import (
    CourseLevel,
    Education,
    Post,
    Qualification,
    RunStatus,
    WorkerStatus,
)


class WorkforceWorkerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="person.name")
    id_number = serializers.CharField(source="person.id_number_masked", help_text="masked")
    phone = serializers.CharField(source="person.phone_masked", help_text="masked")
    community_id = serializers.IntegerField()
    community = serializers.CharField(source="community.name")
    post = serializers.CharField(help_text=", ".join(Post.values))
    started_on = serializers.DateField()
    prior_years = serializers.IntegerField()
    education = serializers.CharField()
    qualification = serializers.CharField()
    grade = serializers.IntegerField(
        source="current_grade", allow_null=True, help_text="grade in the latest approved run"
    )
    grade_set = serializers.IntegerField(allow_null=True, help_text="grade set by hand")
    status = serializers.CharField(help_text=", ".join(WorkerStatus.values))
    review_flag = serializers.BooleanField()
    training_days = serializers.DecimalField(
        source="days", max_digits=6, decimal_places=1, required=False
    )


class WorkforcePayLineOutput(serializers.Serializer):
    id = serializers.IntegerField()
    run_id = serializers.IntegerField()
    year = serializers.IntegerField(source="run.year")
    run_status = serializers.CharField(source="run.status")
    worker_id = serializers.IntegerField()
    name = serializers.CharField(source="worker.person.name")
    post = serializers.CharField()
    service_years = serializers.IntegerField()
    uncounted_years = serializers.IntegerField()
    education_credit = serializers.IntegerField()
    counted_years = serializers.IntegerField()
    steps = serializers.IntegerField()
    qualification_bonus = serializers.IntegerField()
    computed_grade = serializers.IntegerField()
    grade = serializers.IntegerField()
    grade_set_by_hand = serializers.BooleanField()
    coefficient = serializers.DecimalField(max_digits=5, decimal_places=2)
    base = serializers.DecimalField(max_digits=12, decimal_places=2)
    appraisal = serializers.CharField()
    basic = serializers.DecimalField(max_digits=12, decimal_places=2)
    performance_share = serializers.DecimalField(max_digits=4, decimal_places=2)
    performance = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class WorkforceAverageOutput(serializers.Serializer):
    post = serializers.CharField()
    n = serializers.IntegerField()
    grade = serializers.FloatField()
    pay = serializers.DecimalField(max_digits=12, decimal_places=2)


class WorkforceRunOutput(serializers.Serializer):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    area = serializers.CharField(source="area.name")
    year = serializers.IntegerField()
    status = serializers.CharField(help_text=", ".join(RunStatus.values))
    corrects_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    workers = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    approved_at = serializers.DateTimeField(allow_null=True)


class WorkforceRunDetailOutput(WorkforceRunOutput):
    averages = serializers.SerializerMethodField()

    def get_averages(self, run) -> list[dict]:
        from yipanqi.workforce import selectors

        return WorkforceAverageOutput(selectors.run_averages(run=run), many=True).data


class WorkforceRunInput(serializers.Serializer):
    area_id = IdField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    reason = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class WorkforceCourseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    level = serializers.CharField(help_text=", ".join(CourseLevel.values))
    title = serializers.CharField()
    theme = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.DecimalField(max_digits=4, decimal_places=1)
    hours = serializers.IntegerField(allow_null=True)
    class_size = serializers.IntegerField()
    place = serializers.CharField()


class WorkforceSignInInput(serializers.Serializer):
    worker_id = IdField(required=False, help_text="omit: sign yourself in (with the day's code)")
    code = serializers.CharField(
        max_length=12,
        required=False,
        default="",
        allow_blank=True,
        help_text="the day's six-digit code (from the QR code) when signing yourself in",
    )


class WorkforceAppointInput(serializers.Serializer):
    person_id = IdField(help_text="a person of the people registry")
    community_id = IdField()
    post = serializers.ChoiceField(choices=Post.choices)
    started_on = serializers.DateField()
    education = serializers.ChoiceField(choices=Education.choices)
    qualification = serializers.ChoiceField(
        choices=Qualification.choices, required=False, default=Qualification.NONE
    )
    prior_years = serializers.IntegerField(min_value=0, max_value=50, required=False, default=0)


class WorkforceTransferInput(serializers.Serializer):
    community_id = IdField()
    on = serializers.DateField()
    post = serializers.ChoiceField(
        choices=Post.choices, required=False, default="", allow_blank=True, help_text="empty: keep"
    )


class WorkforceExitInput(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=200)


class WorkforceTableOutput(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    base_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    rules = serializers.JSONField()
    used = serializers.IntegerField(required=False, help_text="pay runs that used the table")


RULES_HELP = "overrides of the district's rules, in the shape of the policy workforce.pay_rules"


class WorkforceTableEditInput(serializers.Serializer):
    base_amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    rules = serializers.DictField(required=False, default=dict, help_text=RULES_HELP)


class WorkforceTableInput(WorkforceTableEditInput):
    district_id = IdField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    base_amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )


class WorkforceCourseInput(serializers.Serializer):
    area_id = IdField(help_text="the district (key training) or a town")
    title = serializers.CharField(max_length=100)
    theme = serializers.CharField(max_length=60)
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0.5"), required=False, allow_null=True,
        default=None, help_text="training days; or give hours",
    )  # fmt: skip
    hours = serializers.IntegerField(
        min_value=1, max_value=2000, required=False, allow_null=True, default=None,
        help_text="training hours (学时), counted as days by the policy",
    )  # fmt: skip
    class_size = serializers.IntegerField(min_value=1, max_value=200)
    place = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)


class WorkforceEnrolInput(serializers.Serializer):
    worker_ids = serializers.ListField(child=IdField(), min_length=1, max_length=200)
