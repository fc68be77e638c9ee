from django.urls import path, re_path

from yipanqi.socialorgs.views import manage as m
from yipanqi.socialorgs.views import registry as r
from yipanqi.socialorgs.views import venture as v

app_name = "socialorgs"
urlpatterns = [
    path("", r.org_list, name="org_list"),
    path("orgs/new/", m.org_new, name="org_new"),
    path("orgs/<int:org_id>/", r.org_detail, name="org_detail"),
    path("orgs/<int:org_id>/staff/", m.org_staff, name="org_staff"),
    path("orgs/<int:org_id>/incubation/", m.org_incubation, name="org_incubation"),
    path("engagements/purchase/", m.purchase_new, name="purchase_new"),
    path("rounds/new/", m.round_new, name="round_new"),
    path("board/", r.board, name="board"),
    path("needs/new/", r.need_new, name="need_new"),
    path("needs/<int:need_id>/", r.need_detail, name="need_detail"),
    path("needs/<int:need_id>/accept/", r.need_accept, name="need_accept"),
    path("offers/new/", r.offer_new, name="offer_new"),
    path("engagements/<int:engagement_id>/", r.engagement_detail, name="engagement_detail"),
    path("engagements/<int:engagement_id>/log/", r.engagement_log, name="engagement_log"),
    path("rounds/", v.round_list, name="round_list"),
    path("rounds/<int:round_id>/", v.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/apply/", v.application_new, name="application_new"),
    path("rounds/<int:round_id>/publicity/", v.publicity, name="publicity"),
    re_path(
        r"^rounds/(?P<round_id>[0-9]+)/(?P<name>close_call|publicise|approve|close)/$",
        v.round_step,
        name="round_step",
    ),
    path("applications/<int:application_id>/", v.application_detail, name="application_detail"),
    re_path(
        r"^applications/(?P<application_id>[0-9]+)/"
        r"(?P<name>screen|assign|sign|midterm|final|close|object)/$",
        v.application_step,
        name="application_step",
    ),
    path("reviews/", v.my_reviews, name="my_reviews"),
    path("reviews/<int:review_id>/", v.review_score, name="review_score"),
    path("tranches/", v.tranches, name="tranches"),
    path("tranches/<int:tranche_id>/pay/", v.tranche_pay, name="tranche_pay"),
]
