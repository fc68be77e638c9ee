"""URL patterns of the import and export pages; `people/urls.py` adds them to its list:

from yipanqi.people.urls_io import urlpatterns_io
urlpatterns = [..., *urlpatterns_io]
"""

from django.urls import path

from yipanqi.people import views_io

urlpatterns_io = [
    path("import/", views_io.import_start, name="import_start"),
    path("import/template/", views_io.import_template, name="import_template"),
    path("import/<int:job_id>/", views_io.import_detail, name="import_detail"),
    path("import/<int:job_id>/progress/", views_io.import_progress, name="import_progress"),
    path("import/<int:job_id>/commit/", views_io.import_commit, name="import_commit"),
    path("import/<int:job_id>/rerun/", views_io.import_rerun, name="import_rerun"),
    path("export/", views_io.export, name="export"),
]
