from django.urls import path

from yipanqi.privacy import views

app_name = "privacy"
urlpatterns = [
    path("me/", views.my_data, name="my_data"),
    path("me/download/", views.my_data_download, name="my_data_download"),
    path("notices/<slug:purpose>/", views.notice_page, name="notice"),
    path("consents/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
]
