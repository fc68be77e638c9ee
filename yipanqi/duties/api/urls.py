"""/api/v1/duties/: lists and items, access requests and their steps, admitted duties, refused
tasks, the burden meter."""

from django.urls import path

from yipanqi.duties.api import views as v

urlpatterns = [
    path("lists/", v.DutiesListListApi.as_view(), name="api-duties-lists"),
    path("lists/<int:list_id>/", v.DutiesListApi.as_view(), name="api-duties-list"),
    path("lists/<int:list_id>/items/", v.DutiesItemAddApi.as_view(), name="api-duties-item-add"),
    path("items/", v.DutiesItemListApi.as_view(), name="api-duties-items"),
    path("items/<int:item_id>/", v.DutiesItemApi.as_view(), name="api-duties-item"),
    path(
        "items/<int:item_id>/update/",
        v.DutiesItemUpdateApi.as_view(),
        name="api-duties-item-update",
    ),
    path(
        "items/<int:item_id>/progress/",
        v.DutiesItemProgressApi.as_view(),
        name="api-duties-item-progress",
    ),
    path("requests/", v.DutiesRequestListApi.as_view(), name="api-duties-requests"),
    path("requests/<int:request_id>/", v.DutiesRequestApi.as_view(), name="api-duties-request"),
    path(
        "requests/<int:request_id>/approve/",
        v.DutiesRequestApproveApi.as_view(),
        name="api-duties-approve",
    ),
    path(
        "requests/<int:request_id>/refuse/",
        v.DutiesRequestRefuseApi.as_view(),
        name="api-duties-refuse",
    ),
    path(
        "requests/<int:request_id>/withdraw/",
        v.DutiesRequestWithdrawApi.as_view(),
        name="api-duties-withdraw",
    ),
    path(
        "requests/<int:request_id>/retire/",
        v.DutiesRequestRetireApi.as_view(),
        name="api-duties-retire",
    ),
    path("admitted/", v.DutiesAdmittedListApi.as_view(), name="api-duties-admitted"),
    path(
        "admitted/<int:admitted_id>/", v.DutiesAdmittedApi.as_view(), name="api-duties-admitted-one"
    ),
    path("refusals/", v.DutiesRefusalListApi.as_view(), name="api-duties-refusals"),
    path("refusals/<int:refusal_id>/", v.DutiesRefusalApi.as_view(), name="api-duties-refusal"),
    path("burden/", v.DutiesBurdenApi.as_view(), name="api-duties-burden"),
]
