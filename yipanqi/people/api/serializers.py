"""Output shapes of the people API. Sensitive fields appear only masked; ciphertexts and digests
never leave the server (R-AC-4, R-PI-3)."""

from rest_framework import serializers


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


class PersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.DateField()
    ethnicity = serializers.CharField()
    political_status = serializers.CharField()
    id_number_masked = serializers.CharField()
    phone_masked = serializers.CharField()
    household_id = serializers.IntegerField(allow_null=True)
    area_id = serializers.IntegerField()
    address = serializers.SerializerMethodField()

    def get_address(self, obj) -> str:
        return obj.household.address if obj.household_id else ""


class PersonDetailOutput(PersonOutput):
    notes = serializers.CharField()


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
