app_name = "people"
urlpatterns: list = []  # pages are added by the people pages work
