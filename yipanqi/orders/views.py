from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from yipanqi.orders.permissions import orders_visible_to


@login_required
def order_detail(request, order_id: int):
    order = get_object_or_404(
        orders_visible_to(request.user).select_related("category", "grid"), pk=order_id
    )
    return render(
        request, "orders/order_detail.html", {"order": order, "events": order.events.all()}
    )
