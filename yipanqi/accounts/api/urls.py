from django.urls import path

from yipanqi.accounts.api import views

urlpatterns = [
    path("token/", views.TokenObtainApi.as_view(), name="api-token"),
    path("me/", views.MeApi.as_view(), name="api-me"),
]
