urlpatterns: list = []  # endpoints under /api/v1/people/ are added by the people API work
