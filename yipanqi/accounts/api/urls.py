from django.urls import path

from yipanqi.accounts.api import views

urlpatterns = [
    path("token/", views.TokenObtainApi.as_view(), name="api-token"),
    path("tokens/", views.TokenListApi.as_view(), name="api-tokens"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeApi.as_view(), name="api-token-revoke"),
    path("me/", views.MeApi.as_view(), name="api-me"),
    path(
        "users/<int:pk>/end-sessions/",
        views.UserSessionsEndApi.as_view(),
        name="api-user-end-sessions",
    ),
    path(
        "users/<int:pk>/deactivate/", views.UserDeactivateApi.as_view(), name="api-user-deactivate"
    ),
]
