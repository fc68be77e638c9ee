from django.urls import path

from yipanqi.people.urls_io import urlpatterns_io  # imports and exports (views_io.py)
from yipanqi.people.views import members, registrations, residents

app_name = "people"
urlpatterns = [
    path("", residents.person_list, name="person_list"),
    path("<int:person_id>/", residents.person_detail, name="person_detail"),
    path("<int:person_id>/unmask/", residents.person_unmask, name="person_unmask"),
    path("<int:person_id>/move-out/", residents.person_move_out, name="person_move_out"),
    path("<int:person_id>/move-back/", residents.person_move_back, name="person_move_back"),
    path("households/<int:household_id>/", residents.household_detail, name="household_detail"),
    path("members/", members.member_list, name="member_list"),
    path("members/<int:member_id>/", members.member_detail, name="member_detail"),
    path("branches/<int:branch_id>/feedback/", members.branch_feedback, name="branch_feedback"),
    path(
        "branches/<int:branch_id>/feedback/export/",
        members.branch_feedback_export,
        name="branch_feedback_export",
    ),
    path("registrations/", registrations.registration_list, name="registration_list"),
    path(
        "registrations/<int:registration_id>/",
        registrations.registration_detail,
        name="registration_detail",
    ),
    path(
        "registrations/<int:registration_id>/confirm/",
        registrations.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "registrations/<int:registration_id>/assign/",
        registrations.registration_assign,
        name="registration_assign",
    ),
    path(
        "registrations/<int:registration_id>/decline/",
        registrations.registration_decline,
        name="registration_decline",
    ),
    *urlpatterns_io,
]
