"""/api/v1/orders/: list and place, one order, one POST per step, and the category list."""

from django.urls import path

from yipanqi.orders.api import views as v

STEPS = {
    "accept": v.OrderAcceptApi,
    "decline": v.OrderDeclineApi,
    "dispatch": v.OrderDispatchApi,
    "take": v.OrderTakeApi,
    "complete": v.OrderCompleteApi,
    "rate": v.OrderRateApi,
    "cancel": v.OrderCancelApi,
    "reassign": v.OrderReassignApi,
}

urlpatterns = [
    path("", v.OrderListApi.as_view(), name="api-orders"),
    path("categories/", v.OrderCategoryListApi.as_view(), name="api-order-categories"),
    path("<int:order_id>/", v.OrderDetailApi.as_view(), name="api-order"),
] + [
    path(f"<int:order_id>/{step}/", view.as_view(), name=f"api-order-{step}")
    for step, view in STEPS.items()
]
