"""/api/v1/privacy/: the notices of the purposes based on consent, and the caller's own consents
(give, withdraw). No ids in the paths: a consent is addressed by its purpose, so a caller can only
ever reach their own."""

from django.urls import path

from yipanqi.privacy.api import views as v

urlpatterns = [
    path("notices/", v.NoticeListApi.as_view(), name="api-privacy-notices"),
    path("consents/", v.ConsentListApi.as_view(), name="api-privacy-consents"),
    path("consents/withdraw/", v.ConsentWithdrawApi.as_view(), name="api-privacy-consent-withdraw"),
]
