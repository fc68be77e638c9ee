from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.api_docs import ApiDocsReader
from yipanqi.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("yipanqi.accounts.urls")),
    path("org/", include("yipanqi.organisations.urls")),
    path("people/", include("yipanqi.people.urls")),
    path("orders/", include("yipanqi.orders.urls")),
    path("grid/", include("yipanqi.grid.urls")),
    path("deliberation/", include("yipanqi.deliberation.urls")),
    path("centres/", include("yipanqi.centres.urls")),
    path("venues/", include("yipanqi.venues.urls")),
    path("socialorgs/", include("yipanqi.socialorgs.urls")),
    path("notices/", include("yipanqi.notices.urls")),
    path("officers/", include("yipanqi.officers.urls")),
    path("duties/", include("yipanqi.duties.urls")),
    path("funding/", include("yipanqi.funding.urls")),
    path("workforce/", include("yipanqi.workforce.urls")),
    path("partylife/", include("yipanqi.partylife.urls")),
    path("cobuilding/", include("yipanqi.cobuilding.urls")),
    path("privacy/", include("yipanqi.privacy.urls")),
    path("reports/", include("yipanqi.reports.urls")),
    path("", include("yipanqi.core.urls")),  # /audit/ and /inbox/
    path("api/v1/", include("config.api_urls")),
    # Staff only (config.api_docs): the schema answers 401 to anonymous clients, and the docs page
    # sends an anonymous browser to the sign-in page first.
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[ApiDocsReader]),
        name="api-schema",
    ),
    # Swagger UI ships one inline <style>; allow inline styles on this page only (scripts stay strict).
    path(
        "api/docs/",
        login_required(
            csp_update({"style-src": ["'unsafe-inline'"]})(
                SpectacularSwaggerSplitView.as_view(
                    url_name="api-schema", permission_classes=[ApiDocsReader]
                )
            )
        ),
        name="api-docs",
    ),
]

handler400 = "yipanqi.core.views.error_400"
handler403 = "yipanqi.core.views.error_403"
handler404 = "yipanqi.core.views.error_404"
handler500 = "yipanqi.core.views.error_500"
