"""Output shapes of the orders API; each step view declares its own input serializer."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yipanqi.core.pii import mask_name
from yipanqi.orders import permissions as perms
from yipanqi.orders.choices import DispatchKind, OrderStatus, Urgency
from yipanqi.orders.selectors import order_steps


class OrderCategoryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    district_code = serializers.CharField()


class OrderAreaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()


class OrderEventOutput(serializers.Serializer):
    kind = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class OrderPhotoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class OrderOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.CharField(help_text=", ".join(OrderStatus.values))
    status_label = serializers.CharField(source="get_status_display")
    category = OrderCategoryOutput()
    grid = OrderAreaOutput()
    community = OrderAreaOutput()
    urgency = serializers.CharField(help_text=", ".join(Urgency.values))
    channel = serializers.CharField()
    dispatch_kind = serializers.CharField(help_text="blank, or " + ", ".join(DispatchKind.values))
    dispatched_unit_id = serializers.IntegerField(allow_null=True)
    dispatched_team_id = serializers.IntegerField(allow_null=True)
    claim_area_id = serializers.IntegerField(allow_null=True)
    taker_id = serializers.IntegerField(allow_null=True)
    taker_name = serializers.SerializerMethodField()
    placed_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    escalation_level = serializers.IntegerField(
        help_text="0 grid, 1 community, 2 town / street, 3 district"
    )
    reopen_count = serializers.IntegerField()
    solved = serializers.BooleanField(allow_null=True)
    version = serializers.IntegerField()

    @extend_schema_field(serializers.CharField())
    def get_taker_name(self, order) -> str:
        """Named to the community's staff and to the taker; masked (张*丰) to everyone else."""
        if order.taker_id is None:
            return ""
        user = self.context.get("user")
        name = order.taker.person.name
        if perms.is_taker(user, order) or perms.can_manage(user, order):
            return name
        return mask_name(name)


class OrderDetailOutput(OrderOutput):
    events = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    @extend_schema_field(OrderEventOutput(many=True))
    def get_events(self, order) -> list:
        return OrderEventOutput(order.events.order_by("created_at", "id"), many=True).data

    @extend_schema_field(OrderPhotoOutput(many=True))
    def get_photos(self, order) -> list:
        return OrderPhotoOutput(order.photos.order_by("id"), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_steps(self, order) -> list[str]:
        """The steps the caller may take now (accept, dispatch, take, …)."""
        return sorted(order_steps(user=self.context.get("user"), order=order))
