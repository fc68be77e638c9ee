from django.urls import path

from yipanqi.accounts import two_factor_views as tf
from yipanqi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
    path("me/elder-mode/", views.elder_mode_set, name="elder_mode"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("2fa/setup/", tf.two_factor_setup, name="two_factor_setup"),
    path("2fa/verify/", tf.two_factor_verify_view, name="two_factor_verify"),
    path("2fa/reset/", tf.two_factor_reset_view, name="two_factor_reset"),
    path("2fa/remove/", tf.two_factor_remove_view, name="two_factor_remove"),
    path("lockouts/", tf.lockouts_view, name="lockouts"),
]
