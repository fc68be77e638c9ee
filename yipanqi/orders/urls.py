from django.urls import path

from yipanqi.orders.views import board, detail, member, resident

app_name = "orders"
urlpatterns = [
    path("", detail.order_list, name="list"),
    path("new/", resident.order_new, name="new"),
    path("mine/", resident.my_orders, name="mine"),
    path("board/", board.board, name="board"),
    path("board/accept/", board.bulk_accept, name="bulk_accept"),
    path("claim/", member.claim, name="claim"),
    path("overview/", detail.overview, name="overview"),
    path("photos/<int:photo_id>/", detail.photo_download, name="photo"),
    path("<int:order_id>/", detail.order_detail, name="detail"),
    path("<int:order_id>/accept/", board.order_accept, name="accept"),
    path("<int:order_id>/decline/", board.order_decline, name="decline"),
    path("<int:order_id>/dispatch/", board.order_dispatch, name="dispatch"),
    path("<int:order_id>/reassign/", board.order_reassign, name="reassign"),
    path("<int:order_id>/cancel/", board.order_cancel, name="cancel"),
    path("<int:order_id>/take/", member.order_take, name="take"),
    path("<int:order_id>/untake/", member.order_untake, name="untake"),
    path("<int:order_id>/complete/", member.order_complete, name="complete"),
    path("<int:order_id>/rate/", resident.order_rate, name="rate"),
]
