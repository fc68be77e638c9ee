"""What every app's HTML pages need, in one place (issue 16 §3).

- `found(read, **kwargs)`: a selector's row, or a 404 that looks the same for missing and out of
  scope (DESIGN §2.1);
- `run(call)`: run an action; a refusal (`Forbidden`) becomes the 403 page, any other domain error
  comes back as its message, for the page to show;
- `step(request, call, done, default)`: a POSTed step — run it, say how it went, go back;
- `submit(request, form, call, success)`: a POSTed form — run its action, the action's domain
  errors become the form's errors;
- `safe_next(request, default)`: the `next` the page was given, if it stays on this site;
- `is_htmx(request)`, `query_string(pairs)` and `paginate(request, rows, per_page)` (drawn by the
  one include `includes/_pagination.html`);
- `StyledForm`: gives every field the Bootstrap class its widget needs.

Query and form parameters are parsed by `core.params`.
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from yipanqi.core.errors import DomainError, Forbidden

T = TypeVar("T")


def found(read: Callable[..., T], /, **kwargs: Any) -> T:
    """`read(**kwargs)` (a selector, a queryset's `get`, a lambda), or a 404 when it finds nothing.

    Selectors start from the user's scope, so a row out of scope is "does not exist" too: missing
    and not yours answer the same 404.
    """
    try:
        return read(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def run(call: Callable[[], T]) -> tuple[T | None, str | None]:
    """Run an action: (result, None), or (None, the message of the domain error it raised).

    `Forbidden` is not the user's to fix on this page: it becomes the 403 page.
    """
    try:
        return call(), None
    except Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        return None, str(exc.message)


def safe_next(request, default: str) -> str:
    """The `next` (POST, else GET) if it points inside this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def step(request, call: Callable[[], Any], done: str, default: str) -> HttpResponseRedirect:
    """Run one POSTed step, say how it went, and go back to the page it came from."""
    _result, error = run(call)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(safe_next(request, default))


def submit(
    request, form: forms.Form, call: Callable[[dict], T], success: Callable[[T], str]
) -> HttpResponseRedirect | None:
    """A form page's POST: for a valid form run `call(cleaned_data)`, say "Saved." and go to
    `success(result)` (a URL or a URL name). None when the form is to be drawn (again): not posted,
    invalid, or refused by the action, whose error then stands on the field it names (else on the
    form), in the user's language. A `Forbidden` is the 403 page, as with `run`.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        for field, errors in exc.fields.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        if not exc.fields:
            form.add_error(None, exc.message)
        return None
    messages.success(request, _("Saved."))
    return redirect(success(result))


def is_htmx(request) -> bool:
    """The request comes from htmx (it wants a fragment, not the whole page)."""
    return request.headers.get("HX-Request") == "true"


def query_string(pairs: Iterable[tuple[str, Any]]) -> str:
    """The filters of a list page as a query string, without the empty ones (for the pager links)."""
    return urlencode([(k, v) for k, v in pairs if v not in (None, "")])


COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Page numbers over a list counted up to COUNT_CAP rows (decision 029): a big table is never
    counted in full, and no page reads more than the cap's rows before it. Rows beyond the cap
    are reached by narrowing the filters, as the pager says."""

    @cached_property
    def counted(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet) and not rows.query.is_sliced:
            return rows.order_by()[: COUNT_CAP + 1].count()
        return rows.count() if isinstance(rows, QuerySet) else len(rows)

    @cached_property
    def count(self) -> int:
        return min(self.counted, COUNT_CAP)

    @property
    def count_exact(self) -> bool:
        return self.counted <= COUNT_CAP

    @property
    def pages_label(self) -> str:
        return f"{self.num_pages}" if self.count_exact else f"{self.num_pages}+"


def paginate(request, rows, per_page: int) -> Page:
    """The page of `rows` that `?page=` asks for (the last one when out of range)."""
    return CappedPaginator(rows, per_page).get_page(request.GET.get("page"))


class StyledForm(forms.Form):
    """A form whose fields carry Bootstrap's classes (choice lists and radios style themselves)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
