from django.urls import include, path

urlpatterns = [
    path("auth/", include("yipanqi.accounts.api.urls")),
    path("audit/", include("yipanqi.core.api.urls")),
    path("people/", include("yipanqi.people.api.urls")),
    path("orders/", include("yipanqi.orders.api.urls")),
    path("grid/", include("yipanqi.grid.api.urls")),
    path("deliberation/", include("yipanqi.deliberation.api.urls")),
    path("centres/", include("yipanqi.centres.api.urls")),
    path("venues/", include("yipanqi.venues.api.urls")),
    path("socialorgs/", include("yipanqi.socialorgs.api.urls")),
    path("notices/", include("yipanqi.notices.api.urls")),
    path("officers/", include("yipanqi.officers.api.urls")),
    path("duties/", include("yipanqi.duties.api.urls")),
    path("funding/", include("yipanqi.funding.api.urls")),
    path("workforce/", include("yipanqi.workforce.api.urls")),
    path("partylife/", include("yipanqi.partylife.api.urls")),
    path("cobuilding/", include("yipanqi.cobuilding.api.urls")),
    path("privacy/", include("yipanqi.privacy.api.urls")),
    path("reports/", include("yipanqi.reports.api.urls")),
    path("", include("yipanqi.organisations.api.urls")),
]
