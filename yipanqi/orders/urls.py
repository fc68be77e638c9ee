from django.urls import path

from yipanqi.orders import views

app_name = "orders"
urlpatterns = [path("<int:order_id>/", views.order_detail, name="detail")]
