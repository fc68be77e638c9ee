"""Input and output shapes of the socialorgs API (names prefixed SocialOrg…: OpenAPI components
are unique across apps). Money is integer fen."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yipanqi.core.api.fields import IdField, IdKeyedDictField
from yipanqi.socialorgs.choices import (
    RATINGS,
    AppStatus,
    IncubationStage,
    LegalForm,
    NeedStatus,
    PriceClass,
    RoundStatus,
    Theme,
)


class SocialOrgOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credit_code = serializers.CharField()
    legal_form = serializers.CharField(help_text=", ".join(LegalForm.values))
    registered_on = serializers.DateField()
    area = serializers.CharField(source="area.name")
    hub_id = serializers.IntegerField(allow_null=True)
    is_hub = serializers.BooleanField()
    rating = serializers.CharField()


class SocialOrgNeedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    community = serializers.CharField(source="community.name")
    title = serializers.CharField()
    kind = serializers.CharField()
    people = serializers.IntegerField()
    budget_fen = serializers.IntegerField()
    status = serializers.CharField(help_text=", ".join(NeedStatus.values))


class SocialOrgOfferOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    title = serializers.CharField()
    kind = serializers.CharField()
    price_class = serializers.CharField()
    area = serializers.CharField(source="area.name")
    capacity = serializers.IntegerField()


class SocialOrgNeedDetailOutput(SocialOrgNeedOutput):
    suggestions = serializers.SerializerMethodField()

    @extend_schema_field(SocialOrgOfferOutput(many=True))
    def get_suggestions(self, need) -> list[dict]:
        from yipanqi.socialorgs import selectors

        rows = selectors.suggestions(user=self.context["user"], need=need)
        return SocialOrgOfferOutput(rows, many=True).data


class SocialOrgEngagementOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation_id = serializers.IntegerField()
    community = serializers.CharField(source="community.name")
    kind = serializers.CharField()
    title = serializers.CharField()
    purchaser = serializers.CharField()
    contract_fen = serializers.IntegerField()
    status = serializers.CharField()
    started_on = serializers.DateField()


class SocialOrgRoundOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    funder = serializers.CharField()
    status = serializers.CharField(help_text=", ".join(RoundStatus.values))
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    cap_fen = serializers.IntegerField()
    total_fen = serializers.IntegerField()
    themes = serializers.ListField(child=serializers.CharField())
    objections_until = serializers.DateTimeField(allow_null=True)


class SocialOrgTrancheOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    gate = serializers.CharField()
    amount_fen = serializers.IntegerField()
    status = serializers.CharField()
    paid_on = serializers.DateField(allow_null=True)


class SocialOrgApplicationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    round_id = serializers.IntegerField()
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    title = serializers.CharField()
    theme = serializers.CharField()
    status = serializers.CharField(help_text=", ".join(AppStatus.values))
    budget_fen = serializers.IntegerField()
    granted_fen = serializers.IntegerField()
    mean_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    spread = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class SocialOrgApplicationDetailOutput(SocialOrgApplicationOutput):
    tranches = SocialOrgTrancheOutput(many=True)


class SocialOrgAcceptInput(serializers.Serializer):
    offer_id = IdField()


class SocialOrgLineInput(serializers.Serializer):
    item = serializers.CharField(max_length=100)
    amount_fen = serializers.IntegerField(min_value=1)


class SocialOrgApplyInput(serializers.Serializer):
    organisation_id = IdField()
    title = serializers.CharField(max_length=100)
    theme = serializers.CharField(max_length=12)
    summary = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)
    lines = SocialOrgLineInput(many=True)
    partner_ids = serializers.ListField(child=IdField(), required=False, default=list)


class SocialOrgScreenInput(serializers.Serializer):
    eligible = serializers.BooleanField()
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class SocialOrgReviewersInput(serializers.Serializer):
    reviewer_ids = serializers.ListField(child=IdField(), min_length=1, max_length=20)


class SocialOrgScoresInput(serializers.Serializer):
    scores = IdKeyedDictField(
        child=serializers.DecimalField(max_digits=7, decimal_places=2),
        help_text="criterion id → score (0 … the criterion's maximum)",
    )
    comment = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class SocialOrgConflictInput(serializers.Serializer):
    note = serializers.CharField(max_length=300)


class SocialOrgReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    application_id = serializers.IntegerField()
    conflict = serializers.BooleanField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class SocialOrgWithholdInput(serializers.Serializer):
    withheld = IdKeyedDictField(
        child=serializers.CharField(max_length=500), required=False, default=dict,
        help_text="application id → why it is not funded (an objection upheld)",
    )  # fmt: skip


class SocialOrgSignInput(serializers.Serializer):
    agreement_no = serializers.CharField(max_length=40)


class SocialOrgReviewResultInput(serializers.Serializer):
    passed = serializers.BooleanField()
    note = serializers.CharField(max_length=500)
    reported_on = serializers.DateField(required=False, allow_null=True, default=None)


class SocialOrgLogInput(serializers.Serializer):
    delivered_on = serializers.DateField()
    note = serializers.CharField(max_length=500)
    people = serializers.IntegerField(min_value=1, max_value=100_000)


class SocialOrgRoundOpenInput(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    funder = serializers.CharField(max_length=100)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    # Left out (or null): the district's policy (socialorgs.policies), like the other defaults.
    cap_fen = serializers.IntegerField(
        min_value=1, max_value=10**12, required=False, allow_null=True, default=None
    )  # fen: 10 billion yuan
    total_fen = serializers.IntegerField(
        min_value=1, max_value=10**12, required=False, allow_null=True, default=None
    )
    themes = serializers.ListField(child=serializers.ChoiceField(Theme.choices), min_length=1)
    allowed_forms = serializers.ListField(
        child=serializers.CharField(max_length=24), required=False, default=list
    )
    min_rating = serializers.CharField(max_length=2, required=False, default="", allow_blank=True)
    rules = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)
    objection_days = serializers.IntegerField(
        min_value=0, max_value=60, required=False, allow_null=True, default=None
    )
    midterm_due = serializers.DateField(required=False, allow_null=True, default=None)
    first_share = serializers.IntegerField(
        min_value=1, max_value=100, required=False, allow_null=True, default=None
    )
    pass_mark = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True, default=None
    )


class SocialOrgRegisterInput(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    credit_code = serializers.CharField(max_length=18, required=False, default="", allow_blank=True)
    legal_form = serializers.ChoiceField(LegalForm.choices)
    registered_on = serializers.DateField()
    area_id = IdField()
    hub_id = IdField(required=False, allow_null=True, default=None)
    is_hub = serializers.BooleanField(required=False, default=False)
    rating = serializers.ChoiceField(RATINGS, required=False, default="", allow_blank=True)
    party_organisation_id = IdField(required=False, allow_null=True, default=None)
    description = serializers.CharField(
        max_length=500, required=False, default="", allow_blank=True
    )


class SocialOrgStaffInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)


class SocialOrgStaffOutput(serializers.Serializer):
    organisation_id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")


class SocialOrgIncubationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation_id = serializers.IntegerField()
    centre = serializers.CharField()
    street = serializers.CharField(source="street.name")
    status = serializers.CharField(help_text=", ".join(IncubationStage.values))
    entered_on = serializers.DateField()
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)


class SocialOrgIncubationEnterInput(serializers.Serializer):
    street_id = IdField()
    centre = serializers.CharField(max_length=100)
    entered_on = serializers.DateField()
    notes = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class SocialOrgIncubationStepInput(serializers.Serializer):
    on = serializers.DateField()
    notes = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class SocialOrgPurchaseInput(serializers.Serializer):
    organisation_id = IdField()
    community_id = IdField()
    title = serializers.CharField(max_length=100)
    price_class = serializers.CharField(max_length=10, help_text=", ".join(PriceClass.values))
    purchaser = serializers.CharField(max_length=100)
    contract_fen = serializers.IntegerField(min_value=1, max_value=10**12)
    started_on = serializers.DateField()
