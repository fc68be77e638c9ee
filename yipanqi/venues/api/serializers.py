"""Output shapes of the venues API."""

from rest_framework import serializers

from yipanqi.venues.choices import BookingStatus, VenueKind, WhoMayBook


class VenueOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text=", ".join(VenueKind.values))
    owner = serializers.CharField(source="owner_name")
    owner_area_id = serializers.IntegerField()
    owner_unit_id = serializers.IntegerField(allow_null=True)
    area_id = serializers.IntegerField()
    address = serializers.CharField()
    capacity = serializers.IntegerField()
    who_may_book = serializers.CharField(help_text=", ".join(WhoMayBook.values))
    requires_approval = serializers.BooleanField()


class VenueDetailOutput(VenueOutput):
    facilities = serializers.CharField()
    description = serializers.CharField()
    open_hours = serializers.DictField(
        child=serializers.ListField(child=serializers.ListField(child=serializers.CharField())),
        help_text='weekday ("0" Monday … "6" Sunday) → [["08:30", "17:00"], …]',
    )
    lead_time_hours = serializers.IntegerField(allow_null=True)
    max_hours = serializers.IntegerField(allow_null=True)


class SlotOutput(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    state = serializers.CharField(help_text="free, pending, taken or past")


class DayOutput(serializers.Serializer):
    date = serializers.DateField()
    slots = SlotOutput(many=True)


class BookingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    venue_id = serializers.IntegerField()
    venue = serializers.CharField(source="venue.name")
    series_id = serializers.IntegerField(allow_null=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    status = serializers.CharField(help_text=", ".join(BookingStatus.values))
    booker_kind = serializers.CharField()
    booker = serializers.CharField(source="booker_name")
    purpose = serializers.CharField()
    headcount = serializers.IntegerField()
    reason = serializers.CharField()
    rating = serializers.IntegerField(allow_null=True)


class BookingDetailOutput(BookingOutput):
    check_in_code = serializers.SerializerMethodField()

    def get_check_in_code(self, booking) -> str:
        """Only the booker sees the code they show at the door."""
        user = self.context.get("user")
        mine = user is not None and booking.booked_by_id == getattr(user, "pk", None)
        return booking.check_in_code if mine else ""


class SeriesOutput(serializers.Serializer):
    id = serializers.IntegerField()
    venue_id = serializers.IntegerField()
    venue = serializers.CharField(source="venue.name")
    first_date = serializers.DateField()
    weeks = serializers.IntegerField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    booker_kind = serializers.CharField()
    booker = serializers.CharField(source="booker_name")
    purpose = serializers.CharField()
    headcount = serializers.IntegerField()
    bookings = serializers.SerializerMethodField()

    def get_bookings(self, series) -> list[dict]:
        """The occurrences, in order, as the caller may see them."""
        from yipanqi.venues.selectors import series_bookings  # selectors import no serializers

        rows = series_bookings(series=series, user=self.context["user"])
        return BookingOutput(rows, many=True).data
