"""Output shapes of the organisation API (read-only; writes take their own input serializers)."""

from rest_framework import serializers


class AreaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    kind = serializers.CharField()
    depth = serializers.IntegerField()
    name_initials = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    parent_id = serializers.SerializerMethodField()

    def get_parent_id(self, obj) -> int | None:
        return (
            self.context.get("parents", {}).get(obj.path[: -obj.steplen]) if obj.depth > 1 else None
        )


class PartyOrganisationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    depth = serializers.IntegerField()
    area_id = serializers.IntegerField(allow_null=True)
    unit_id = serializers.IntegerField(allow_null=True)


class UnitOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    credit_code = serializers.CharField()
    area_id = serializers.IntegerField()
    address = serializers.CharField()


class BodyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    area_id = serializers.IntegerField()
    party_organisation_id = serializers.IntegerField(allow_null=True)


class MembershipOutput(serializers.Serializer):
    id = serializers.IntegerField()
    body_id = serializers.IntegerField()
    member_name = serializers.CharField()
    role = serializers.CharField()
    title = serializers.CharField()
    source_unit_id = serializers.IntegerField(allow_null=True)
    term_start = serializers.DateField()
    term_end = serializers.DateField(allow_null=True)


class RoleGrantOutput(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    role = serializers.CharField()
    area_id = serializers.IntegerField()
    status = serializers.CharField()
    requested_by_id = serializers.IntegerField(allow_null=True)
    approved_by_id = serializers.IntegerField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)


class HeldGrantOutput(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    area_id = serializers.IntegerField()
    area_name = serializers.CharField(source="area.name")


class PendingGrantOutput(RoleGrantOutput):
    """A grant awaiting approval, with what the account already holds (its active grants)."""

    requested_by = serializers.CharField(source="requested_by.username", allow_null=True)
    created_at = serializers.DateTimeField()
    held = serializers.SerializerMethodField()
    can_decide = serializers.SerializerMethodField()

    def get_held(self, obj) -> list[dict]:
        held = self.context.get("held", {}).get(obj.user_id, [])
        return HeldGrantOutput(held, many=True).data

    def get_can_decide(self, obj) -> bool:
        return bool(self.context.get("decidable", {}).get(obj.pk, False))
