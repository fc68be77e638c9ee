"""The processing register as a page (R-PI-1), for the audit roles: each activity with its
purpose, lawful basis, retention, roles and the fields it holds, sensitive ones marked."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext

from yipanqi.core import processing, registry
from yipanqi.core.permissions import can_read_access_log


def _field_label(target: str) -> str:
    label, _dot, name = target.rpartition(".")
    model = apps.get_model(label)
    if name == "*":
        return f"{model._meta.verbose_name} · {gettext('all fields')}"
    return f"{model._meta.verbose_name} · {model._meta.get_field(name).verbose_name}"


@login_required
def processing_register(request):
    if not can_read_access_log(request.user):
        raise PermissionDenied
    entries = processing.entries()
    role_label = registry.resolve("role_label") or str
    rows = [
        {
            "activity": activity,
            "basis": processing.BASES[activity.basis],
            "roles": [role_label(r) for r in activity.roles],
            "fields": [
                {"label": _field_label(e.target), "sensitive": e.pi_class == processing.SENSITIVE}
                for e in entries
                if e.activity == activity.key and e.pi_class != processing.NOT_PERSONAL
            ],
        }
        for activity in processing.activities()
    ]
    return render(request, "core/processing_register.html", {"rows": rows})
