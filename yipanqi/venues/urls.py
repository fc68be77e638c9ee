from django.urls import path

from yipanqi.venues import photo_views, views

app_name = "venues"
urlpatterns = [
    path("", views.venue_list, name="venue_list"),
    path("new/", views.venue_new, name="venue_new"),
    path("mine/", views.my_bookings, name="my_bookings"),
    path("desk/", views.approvals, name="approvals"),
    path("credit/", views.credit, name="credit"),
    path("<int:venue_id>/", views.venue_detail, name="venue_detail"),
    path("<int:venue_id>/book/", views.booking_new, name="booking_new"),
    path("<int:venue_id>/edit/", views.venue_edit, name="venue_edit"),
    path("<int:venue_id>/exceptions/", views.venue_exception, name="venue_exception"),
    path("<int:venue_id>/photos/", photo_views.photo_add, name="photo_add"),
    path("photos/<int:photo_id>/", photo_views.photo_show, name="photo_show"),
    path("photos/<int:photo_id>/remove/", photo_views.photo_remove, name="photo_remove"),
    path("series/<int:series_id>/", views.series_detail, name="series_detail"),
    path("series/<int:series_id>/cancel/", views.series_cancel, name="series_cancel"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:booking_id>/<slug:step>/", views.booking_step, name="booking_step"),
]
