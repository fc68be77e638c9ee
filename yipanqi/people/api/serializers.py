"""Output shapes of the people API. Sensitive fields appear only masked; ciphertexts and digests
never leave the server (R-AC-4, R-PI-3)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yipanqi.people.permissions import can_see_birth_date, can_see_political_profile
from yipanqi.people.selectors import person_notes


class HouseholdTagOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class HouseholdOutput(serializers.Serializer):
    id = serializers.IntegerField()
    grid_id = serializers.IntegerField()
    grid_name = serializers.CharField(source="grid.name")
    building = serializers.CharField()
    unit_no = serializers.CharField()
    room = serializers.CharField()
    address = serializers.CharField()
    tags = HouseholdTagOutput(many=True, source="tags.all")


def _viewer(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class PersonOutput(serializers.Serializer):
    """`birth_date` is null for roles that may not unmask the ID number (it is digits 7–14 of it);
    they get `birth_year`."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    sex = serializers.CharField()
    birth_year = serializers.IntegerField(source="birth_date.year")
    birth_date = serializers.SerializerMethodField()
    ethnicity = serializers.SerializerMethodField()
    political_status = serializers.SerializerMethodField()
    id_number_masked = serializers.CharField()
    phone_masked = serializers.CharField()
    household_id = serializers.IntegerField(allow_null=True)
    area_id = serializers.IntegerField()
    address = serializers.SerializerMethodField()
    moved_out_on = serializers.DateField(allow_null=True)  # 迁出日期; null while they live here

    def get_address(self, obj) -> str:
        return obj.household.address if obj.household_id else ""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_ethnicity(self, obj):
        """Null for roles that may not see it (people.permissions.can_see_political_profile)."""
        return obj.ethnicity if can_see_political_profile(_viewer(self), obj) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_political_status(self, obj):
        """Null for roles that may not see it: it says who is a party member."""
        return obj.political_status if can_see_political_profile(_viewer(self), obj) else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_birth_date(self, obj):
        return obj.birth_date if can_see_birth_date(_viewer(self), obj) else None


class PersonDetailOutput(PersonOutput):
    notes = serializers.SerializerMethodField()

    def get_notes(self, obj) -> str:
        return person_notes(user=_viewer(self), person=obj)


class PersonPageOutput(serializers.Serializer):
    """A page of the POST search, as core.api.pagination answers it (decision 029)."""

    count = serializers.IntegerField(allow_null=True)
    count_exact = serializers.BooleanField(allow_null=True)
    next = serializers.CharField(allow_null=True)
    results = PersonOutput(many=True)


class PartyMemberOutput(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    name = serializers.CharField(source="person.name")
    kind = serializers.CharField()
    joined_on = serializers.DateField()
    full_member_on = serializers.DateField(allow_null=True)
    branch_id = serializers.IntegerField()
    branch_name = serializers.CharField(source="branch.name")
    work_unit_id = serializers.IntegerField(allow_null=True)
    work_unit_name = serializers.CharField()
    in_service = serializers.BooleanField()
    status = serializers.CharField()
    last_contact_on = serializers.DateField(allow_null=True)


class RegistrationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    member_id = serializers.IntegerField(allow_null=True)
    member_name = serializers.SerializerMethodField()
    unit_id = serializers.IntegerField(allow_null=True)
    community_id = serializers.IntegerField()
    community_name = serializers.CharField(source="community.name")
    grid_id = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    skills = serializers.CharField()
    preferences = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    assigned_at = serializers.DateTimeField(allow_null=True)

    def get_member_name(self, obj) -> str:
        return obj.member.person.name if obj.member_id else ""


class ParticipationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    registration_id = serializers.IntegerField()
    kind = serializers.CharField()
    occurred_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    problem_solved = serializers.BooleanField()
    note = serializers.CharField()


class FeedbackRegistrationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    community_name = serializers.CharField(source="community.name")
    grid_name = serializers.SerializerMethodField()
    status = serializers.CharField()

    def get_grid_name(self, obj) -> str:
        return obj.grid.name if obj.grid_id else ""


class FeedbackRowOutput(serializers.Serializer):
    member_id = serializers.IntegerField(source="member.pk")
    name = serializers.CharField(source="member.person.name")
    phone_masked = serializers.CharField(source="member.person.phone_masked")
    branch_name = serializers.CharField(source="member.branch.name")
    registrations = FeedbackRegistrationOutput(many=True)
    count = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    solved = serializers.IntegerField()


class BranchFeedbackOutput(serializers.Serializer):
    branch_id = serializers.IntegerField()
    branch_name = serializers.CharField()
    year = serializers.IntegerField()
    rows = FeedbackRowOutput(many=True)
