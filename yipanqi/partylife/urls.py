from django.urls import path

from yipanqi.partylife import views, views_dues, views_meetings, views_transfers

app_name = "partylife"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("compliance/", views.compliance, name="compliance"),
    path("me/", views.mine, name="mine"),
    path("me/pay/", views.pay, name="pay"),
    path("me/statement/", views.statement, name="statement"),
    path("me/transfer/", views_transfers.transfer_mine, name="transfer_mine"),
    path("remittance/", views_dues.remittance, name="remittance"),
    path("branches/<int:branch_id>/meetings/", views_meetings.meeting_list, name="meeting_list"),
    path("branches/<int:branch_id>/meetings/new/", views_meetings.meeting_new, name="meeting_new"),
    path("branches/<int:branch_id>/dues/", views_dues.ledger, name="ledger"),
    path("branches/<int:branch_id>/dues/base/", views_dues.base_new, name="base_new"),
    path("branches/<int:branch_id>/dues/pay/", views_dues.payment_new, name="payment_new"),
    path("branches/<int:branch_id>/dues/export/", views_dues.export, name="export"),
    path(
        "branches/<int:branch_id>/transfers/new/", views_transfers.transfer_new, name="transfer_new"
    ),
    path("meetings/<int:meeting_id>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/sign-in/", views_meetings.sign_in, name="sign_in"),
    path("meetings/<int:meeting_id>/photos/", views_meetings.photo_add, name="photo_add"),
    path("meetings/<int:meeting_id>/venue/", views_meetings.book_venue, name="book_venue"),
    path("photos/<int:photo_id>/", views_meetings.photo_show, name="photo_show"),
    path(
        "meetings/<int:meeting_id>/<slug:name>/", views_meetings.meeting_step, name="meeting_step"
    ),
    path("transfers/", views_transfers.transfer_list, name="transfers"),
    path("transfers/<int:transfer_id>/", views_transfers.transfer_detail, name="transfer_detail"),
    path(
        "transfers/<int:transfer_id>/<slug:name>/",
        views_transfers.transfer_step,
        name="transfer_step",
    ),
]
