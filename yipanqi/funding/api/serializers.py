"""Input and output shapes of the funding API (names prefixed Funding: unique in the schema).
Money is integer fen; dates ISO."""

from rest_framework import serializers

from yipanqi.core.api.fields import IdField
from yipanqi.funding.choices import ExpenseStatus, Fund, IncomeKind, ProjectStatus, RunStatus

MAX_FEN = 10**13


def fen_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_FEN, **kwargs)


class FundingRuleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    version = serializers.IntegerField()
    service_fen = serializers.IntegerField()
    work_fen = serializers.IntegerField()
    rounding = serializers.CharField()
    coverage = serializers.CharField()
    tilt_percent = serializers.IntegerField()
    match_district = serializers.IntegerField()
    match_street = serializers.IntegerField()


class FundingRunOutput(serializers.Serializer):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    area = serializers.CharField(source="area.name")
    year = serializers.IntegerField()
    rule_id = serializers.IntegerField()
    status = serializers.CharField(help_text=", ".join(RunStatus.values))
    counted_at = serializers.DateTimeField()
    corrects_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    communities = serializers.IntegerField()
    households = serializers.IntegerField()
    total_fen = serializers.IntegerField()


class FundingLineOutput(serializers.Serializer):
    id = serializers.IntegerField()
    community_id = serializers.IntegerField()
    community = serializers.CharField(source="community.name")
    households = serializers.IntegerField()
    thousands = serializers.DecimalField(max_digits=9, decimal_places=3)
    service_fen = serializers.IntegerField()
    work_fen = serializers.IntegerField()
    total_fen = serializers.IntegerField()


class FundingRunDetailOutput(FundingRunOutput):
    rule = FundingRuleOutput()
    lines = serializers.SerializerMethodField()

    def get_lines(self, run) -> list[dict]:
        from yipanqi.funding import selectors

        rows = selectors.run_lines(user=self.context["user"], run=run)
        return FundingLineOutput(rows, many=True).data


class FundingRunInput(serializers.Serializer):
    district_id = IdField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FundingBudgetOutput(serializers.Serializer):
    id = serializers.IntegerField()
    community_id = serializers.IntegerField()
    community = serializers.CharField(source="community.name")
    year = serializers.IntegerField()
    fund = serializers.CharField(help_text=", ".join(Fund.values))
    amount_fen = serializers.IntegerField()
    spent_fen = serializers.IntegerField()
    balance_fen = serializers.IntegerField()


class FundingExpenseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    community_id = serializers.IntegerField(source="budget.community_id")
    year = serializers.IntegerField(source="budget.year")
    fund = serializers.CharField(source="budget.fund")
    spent_on = serializers.DateField()
    payee = serializers.CharField()
    purpose = serializers.CharField()
    amount_fen = serializers.IntegerField()
    status = serializers.CharField(help_text=", ".join(ExpenseStatus.values))
    overspend = serializers.BooleanField()
    decision_note = serializers.CharField()
    evidence_ids = serializers.SerializerMethodField()

    def get_evidence_ids(self, expense) -> list[int]:
        return [e.pk for e in expense.evidence.all()]


class FundingExpenseInput(serializers.Serializer):
    community_id = IdField()
    fund = serializers.ChoiceField(choices=Fund.choices)
    spent_on = serializers.DateField()
    payee = serializers.CharField(max_length=100)
    purpose = serializers.CharField(max_length=300)
    amount_fen = fen_field()
    overspend = serializers.BooleanField(required=False, default=False)
    overspend_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class FundingNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FundingEvidenceInput(serializers.Serializer):
    file = serializers.FileField(help_text="JPEG, PNG, WebP or PDF, at most 10 MB")


class FundingIncomeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    community_id = serializers.IntegerField(source="budget.community_id")
    received_on = serializers.DateField()
    kind = serializers.CharField(help_text=", ".join(IncomeKind.values))
    payer = serializers.CharField()
    amount_fen = serializers.IntegerField()


class FundingProjectOutput(serializers.Serializer):
    id = serializers.IntegerField()
    community_id = serializers.IntegerField()
    community = serializers.CharField(source="community.name")
    name = serializers.CharField()
    year = serializers.IntegerField()
    budget_fen = serializers.IntegerField()
    district_fen = serializers.IntegerField()
    street_fen = serializers.IntegerField()
    status = serializers.CharField(help_text=", ".join(ProjectStatus.values))
    progress = serializers.IntegerField()
    completed_on = serializers.DateField(allow_null=True)
    venue_id = serializers.IntegerField(allow_null=True)


class FundingProgressInput(serializers.Serializer):
    progress = serializers.IntegerField(min_value=0, max_value=99)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FundingDutyMoneyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    request_id = serializers.IntegerField()
    duty = serializers.CharField(source="request.title")
    community_id = serializers.IntegerField(source="budget.community_id")
    community = serializers.CharField(source="budget.community.name")
    year = serializers.IntegerField(source="budget.year")
    budget_line_id = serializers.IntegerField(source="budget_id")
    amount_fen = serializers.IntegerField()


class FundingDutyMoneyInput(serializers.Serializer):
    request_id = IdField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
