"""/api/v1/venues/: venues one may book, their week, booking a slot; bookings and one POST per
step."""

from django.urls import path

from yipanqi.venues.api import views as v

urlpatterns = [
    path("", v.VenueListApi.as_view(), name="api-venues"),
    path("bookers/", v.BookerListApi.as_view(), name="api-venues-bookers"),
    path("bookings/", v.BookingListApi.as_view(), name="api-venues-bookings"),
    path("bookings/<int:booking_id>/", v.BookingDetailApi.as_view(), name="api-venues-booking"),
    path("series/<int:series_id>/", v.SeriesDetailApi.as_view(), name="api-venues-series"),
    path(
        "series/<int:series_id>/cancel/",
        v.SeriesCancelApi.as_view(),
        name="api-venues-series-cancel",
    ),
    path("<int:venue_id>/series/", v.SeriesRequestApi.as_view(), name="api-venues-series-book"),
    path("<int:venue_id>/", v.VenueDetailApi.as_view(), name="api-venues-venue"),
    path("<int:venue_id>/calendar/", v.VenueCalendarApi.as_view(), name="api-venues-calendar"),
    path("<int:venue_id>/bookings/", v.BookingRequestApi.as_view(), name="api-venues-book"),
] + [
    path(
        f"bookings/<int:booking_id>/{step}/",
        view.as_view(),
        name=f"api-venues-booking-{step.replace('_', '-')}",
    )
    for step, view in v.STEP_VIEWS.items()
]
