urlpatterns: list = []  # /api/v1/orders/ endpoints are added by the orders API work
