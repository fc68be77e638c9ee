from django.urls import path

from yipanqi.organisations import views, views_contacts

app_name = "organisations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("areas/<int:area_id>/", views.area_detail, name="area_detail"),
    path("areas/<int:area_id>/children/", views.area_children, name="area_children"),
    path("areas/<int:area_id>/new/", views.area_create, name="area_create"),
    path("areas/<int:area_id>/rename/", views.area_rename, name="area_rename"),
    path("areas/<int:area_id>/move/", views.area_move, name="area_move"),
    path("party/<int:organisation_id>/", views.party_detail, name="party_detail"),
    path("party/<int:organisation_id>/children/", views.party_children, name="party_children"),
    path("party/<int:organisation_id>/new/", views.party_create, name="party_create"),
    path("party/<int:organisation_id>/rename/", views.party_rename, name="party_rename"),
    path("party/<int:organisation_id>/move/", views.party_move, name="party_move"),
    path("my-grid-worker/", views_contacts.grid_contacts, name="grid_contacts"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("bodies/<int:body_id>/", views.body_detail, name="body_detail"),
    path("grants/", views.grant_list, name="grant_list"),
    path("grants/<int:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("grants/pending/", views.grant_pending, name="grant_pending"),
    path("grants/<int:grant_id>/approve/", views.grant_approve, name="grant_approve"),
    path("grants/<int:grant_id>/reject/", views.grant_reject, name="grant_reject"),
]
