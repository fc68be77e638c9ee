"""/api/v1/socialorgs/: the registry, needs and offers, engagements, venture rounds, applications,
reviews, tranches, and one POST per step."""

from django.urls import path

from yipanqi.socialorgs.api import manage as m
from yipanqi.socialorgs.api import views as v

urlpatterns = (
    [
        path("", v.OrgListApi.as_view(), name="api-socialorgs"),
        path("register/", m.OrgRegisterApi.as_view(), name="api-socialorgs-register"),
        path("<int:org_id>/", v.OrgDetailApi.as_view(), name="api-socialorg"),
        path("<int:org_id>/staff/", m.OrgStaffAddApi.as_view(), name="api-socialorg-staff"),
        path(
            "engagements/purchase/",
            m.PurchaseApi.as_view(),
            name="api-socialorgs-engagement-purchase",
        ),
        path("needs/", v.NeedListApi.as_view(), name="api-socialorgs-needs"),
        path("needs/<int:need_id>/", v.NeedDetailApi.as_view(), name="api-socialorgs-need"),
        path(
            "needs/<int:need_id>/accept/",
            v.NeedAcceptApi.as_view(),
            name="api-socialorgs-need-accept",
        ),
        path(
            "needs/<int:need_id>/withdraw/",
            v.NeedWithdrawApi.as_view(),
            name="api-socialorgs-need-withdraw",
        ),
        path("offers/", v.OfferListApi.as_view(), name="api-socialorgs-offers"),
        path("engagements/", v.EngagementListApi.as_view(), name="api-socialorgs-engagements"),
        path(
            "engagements/<int:engagement_id>/",
            v.EngagementDetailApi.as_view(),
            name="api-socialorgs-engagement",
        ),
        path("rounds/", v.RoundListApi.as_view(), name="api-socialorgs-rounds"),
        path("rounds/open/", v.RoundOpenApi.as_view(), name="api-socialorgs-round-open"),
        path("rounds/<int:round_id>/", v.RoundDetailApi.as_view(), name="api-socialorgs-round"),
        path("applications/", v.ApplicationListApi.as_view(), name="api-socialorgs-applications"),
        path(
            "applications/<int:application_id>/",
            v.ApplicationDetailApi.as_view(),
            name="api-socialorgs-application",
        ),
        path("reviews/", v.ReviewListApi.as_view(), name="api-socialorgs-reviews"),
        path("reviews/<int:review_id>/", v.ReviewDetailApi.as_view(), name="api-socialorgs-review"),
        path(
            "tranches/<int:tranche_id>/pay/",
            v.TranchePayApi.as_view(),
            name="api-socialorgs-tranche-pay",
        ),
    ]
    + [
        path(
            f"<int:org_id>/incubation/{step}/",
            view.as_view(),
            name=f"api-socialorg-incubation-{step}",
        )
        for step, view in m.INCUBATION_STEPS.items()
    ]
    + [
        path(f"rounds/<int:round_id>/{step}/", view.as_view(), name=f"api-socialorgs-round-{step}")
        for step, view in v.ROUND_STEPS.items()
    ]
    + [
        path(
            f"engagements/<int:engagement_id>/{step}/",
            view.as_view(),
            name=f"api-socialorgs-engagement-{step}",
        )
        for step, view in v.ENGAGEMENT_STEPS.items()
    ]
    + [
        path(
            f"applications/<int:application_id>/{step}/",
            view.as_view(),
            name=f"api-socialorgs-application-{step}",
        )
        for step, view in v.APPLICATION_STEPS.items()
    ]
    + [
        path(
            f"reviews/<int:review_id>/{step}/",
            view.as_view(),
            name=f"api-socialorgs-review-{step}",
        )
        for step, view in v.REVIEW_STEPS.items()
    ]
)
