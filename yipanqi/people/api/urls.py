from django.urls import path

from yipanqi.people.api import members as m
from yipanqi.people.api import registrations as r
from yipanqi.people.api import residents as p

urlpatterns = [
    path("households/", p.HouseholdListApi.as_view(), name="api-people-households"),
    path("households/<int:pk>/", p.HouseholdDetailApi.as_view(), name="api-people-household"),
    path("persons/", p.PersonListApi.as_view(), name="api-people-persons"),
    path("persons/search/", p.PersonSearchApi.as_view(), name="api-people-person-search"),
    path("persons/<int:pk>/", p.PersonDetailApi.as_view(), name="api-people-person"),
    path("persons/<int:pk>/unmask/", p.PersonUnmaskApi.as_view(), name="api-people-person-unmask"),
    path(
        "persons/<int:pk>/move-out/",
        p.PersonMoveOutApi.as_view(),
        name="api-people-person-move-out",
    ),
    path(
        "persons/<int:pk>/move-back/",
        p.PersonMoveBackApi.as_view(),
        name="api-people-person-move-back",
    ),
    path("members/", m.MemberListApi.as_view(), name="api-people-members"),
    path("members/<int:pk>/", m.MemberDetailApi.as_view(), name="api-people-member"),
    path(
        "members/<int:pk>/transfer/",
        m.MemberTransferApi.as_view(),
        name="api-people-member-transfer",
    ),
    path("members/<int:pk>/status/", m.MemberStatusApi.as_view(), name="api-people-member-status"),
    path("registrations/", r.RegistrationListApi.as_view(), name="api-people-registrations"),
    path(
        "registrations/<int:pk>/",
        r.RegistrationDetailApi.as_view(),
        name="api-people-registration",
    ),
    path(
        "registrations/<int:pk>/confirm/",
        r.RegistrationConfirmApi.as_view(),
        name="api-people-registration-confirm",
    ),
    path(
        "registrations/<int:pk>/decline/",
        r.RegistrationDeclineApi.as_view(),
        name="api-people-registration-decline",
    ),
    path(
        "registrations/<int:pk>/assign/",
        r.RegistrationAssignApi.as_view(),
        name="api-people-registration-assign",
    ),
    path("participations/", r.ParticipationListApi.as_view(), name="api-people-participations"),
    path(
        "branches/<int:pk>/feedback/",
        m.BranchFeedbackApi.as_view(),
        name="api-people-branch-feedback",
    ),
]
