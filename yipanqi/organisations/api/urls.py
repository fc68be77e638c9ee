from django.urls import path

from yipanqi.organisations.api import views as v

urlpatterns = [
    path("areas/", v.AreaListApi.as_view(), name="api-areas"),
    path("areas/<int:pk>/", v.AreaDetailApi.as_view(), name="api-area"),
    path("areas/<int:pk>/rename/", v.AreaRenameApi.as_view(), name="api-area-rename"),
    path("areas/<int:pk>/move/", v.AreaMoveApi.as_view(), name="api-area-move"),
    path(
        "party-organisations/", v.PartyOrganisationListApi.as_view(), name="api-party-organisations"
    ),
    path(
        "party-organisations/<int:pk>/",
        v.PartyOrganisationDetailApi.as_view(),
        name="api-party-organisation",
    ),
    path(
        "party-organisations/<int:pk>/rename/",
        v.PartyOrganisationRenameApi.as_view(),
        name="api-party-organisation-rename",
    ),
    path(
        "party-organisations/<int:pk>/move/",
        v.PartyOrganisationMoveApi.as_view(),
        name="api-party-organisation-move",
    ),
    path("units/", v.UnitListApi.as_view(), name="api-units"),
    path("units/<int:pk>/", v.UnitDetailApi.as_view(), name="api-unit"),
    path("bodies/", v.BodyListApi.as_view(), name="api-bodies"),
    path("bodies/<int:pk>/", v.BodyDetailApi.as_view(), name="api-body"),
    path("memberships/", v.MembershipListApi.as_view(), name="api-memberships"),
    path("memberships/<int:pk>/", v.MembershipDetailApi.as_view(), name="api-membership"),
    path("memberships/<int:pk>/end/", v.MembershipEndApi.as_view(), name="api-membership-end"),
    path("role-grants/", v.RoleGrantListApi.as_view(), name="api-role-grants"),
    path(
        "role-grants/pending/", v.RoleGrantPendingListApi.as_view(), name="api-role-grants-pending"
    ),
    path("role-grants/<int:pk>/", v.RoleGrantDetailApi.as_view(), name="api-role-grant"),
    path(
        "role-grants/<int:pk>/approve/",
        v.RoleGrantApproveApi.as_view(),
        name="api-role-grant-approve",
    ),
    path(
        "role-grants/<int:pk>/reject/", v.RoleGrantRejectApi.as_view(), name="api-role-grant-reject"
    ),
    path(
        "role-grants/<int:pk>/revoke/", v.RoleGrantRevokeApi.as_view(), name="api-role-grant-revoke"
    ),
]
