"""Import and export pages (批量导入 / 导出): thin views over people.imports and people.exports."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from yipanqi.core.exports import XLSX_TYPE
from yipanqi.core.pages import run, step
from yipanqi.core.uploads import body_limit, max_body_size
from yipanqi.organisations.models import Area
from yipanqi.people import exports, imports
from yipanqi.people.choices import ImportStatus
from yipanqi.people.imports.files import TOO_LARGE

RUNNING = {ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.COMMITTING}
POLL_DONE = 286  # htmx stops polling on this status


class UploadForm(forms.Form):
    community = forms.ModelChoiceField(
        label=gettext_lazy("Community"), queryset=Area.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(".xlsx or .csv from the template, at most 20 MB."),
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        community = cast(forms.ModelChoiceField, self.fields["community"])
        community.queryset = communities
        community.widget.attrs["class"] = "form-select"
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx,.csv"})


def _job(request, job_id: int):
    """Out of scope and missing look the same: 404."""
    return get_object_or_404(imports.jobs_visible_to(request.user), pk=job_id)


class _SizeLimit(FileUploadHandler):
    """Stops taking a file in once it passes the import limit, rather than spooling it all."""

    too_large = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > imports.MAX_BYTES:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


@max_body_size(body_limit(files=1, per_file=imports.MAX_BYTES))  # 413 from Content-Length
@csrf_exempt  # only so that the size limit is in place before the CSRF check reads the body
def import_start(request):
    limit = _SizeLimit(request)
    request.upload_handlers.insert(0, limit)
    return _import_start(request, limit)


@csrf_protect
@login_required
def _import_start(request, limit: _SizeLimit):
    communities = imports.importable_communities(request.user)
    if not communities.exists():
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, communities=communities)
    if limit.too_large:
        form.is_valid()
        form.errors["file"] = form.error_class([str(TOO_LARGE)])
    elif request.method == "POST" and form.is_valid():
        job, error = run(
            lambda: imports.import_upload(
                community=form.cleaned_data["community"],
                file=form.cleaned_data["file"],
                actor=request.user,
            )
        )
        if job is not None:
            messages.success(request, _("Uploaded. Every row is being checked."))
            return redirect("people:import_detail", job_id=job.pk)
        form.add_error("file", error)
    jobs = imports.jobs_visible_to(request.user)[:20]
    return render(request, "people/io/import_start.html", {"form": form, "jobs": jobs})


@login_required
def import_detail(request, job_id: int):
    job = _job(request, job_id)
    context = {
        "job": job,
        "running": job.status in RUNNING,
        "headers": imports.HEADERS,
        "preview": imports.preview(job) if job.status not in RUNNING else {},
        "can_commit": imports.can_commit_import(request.user, job),
        "stuck": imports.is_stuck(job) and imports.can_import_into(request.user, job.community),
    }
    return render(request, "people/io/import_detail.html", context)


@login_required
def import_progress(request, job_id: int):
    """The polled progress bar; when the job stops running the page reloads to show the result."""
    job = _job(request, job_id)
    context = {"job": job, "running": job.status in RUNNING}
    response = render(request, "people/io/includes/_import_progress.html", context)
    if job.status not in RUNNING:
        response.status_code = POLL_DONE
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_commit(request, job_id: int):
    job = _job(request, job_id)
    call = lambda: imports.import_commit_request(job=job, actor=request.user)  # noqa: E731
    return step(request, call, _("Importing. The page shows the progress."), _back(job))


@login_required
@require_POST
def import_rerun(request, job_id: int):
    job = _job(request, job_id)
    call = lambda: imports.import_rerun(job=job, actor=request.user)  # noqa: E731
    return step(request, call, _("Queued again. The page shows the progress."), _back(job))


def _back(job) -> str:
    return reverse("people:import_detail", args=[job.pk])


def _download(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_GET
def import_template(request):
    if request.GET.get("format") == "csv":
        return _download(imports.template_csv(), "text/csv; charset=utf-8", "居民导入模板.csv")
    return _download(imports.template_xlsx(), XLSX_TYPE, "居民导入模板.xlsx")


@login_required
@require_GET
def export(request):
    """The person list page's current filter, as an XLSX download."""
    filters = exports.filters_from_params(request.GET)
    result, error = run(lambda: exports.person_export(user=request.user, filters=filters))
    if result is None:
        messages.error(request, error)
        query = urlencode([(k, v) for k, values in request.GET.lists() for v in values])
        return redirect(f"{reverse('people:person_list')}?{query}")
    return _download(result.content, XLSX_TYPE, result.file_name)
