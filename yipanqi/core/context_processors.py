"""The navigation every page draws (base.html): grouped, role-aware, from core.registry."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.core import notify, registry

MAX_GROUPS = 7  # top-level entries of the desktop bar; the rest fold into "More"
PHONE_BAR = 3  # pages in the phone's bottom bar besides Home and "More"
MORE = "more"


def _visible(roles: set[str]) -> list[dict]:
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "url_name": item.url_name,
            "group": item.group,
            "phone": item.phone,
        }
        for item in registry.nav_items
        if not item.roles or item.roles & roles
    ]


def _groups(items: list[dict], current: str) -> list[dict]:
    """The items by group, groups in their order; past MAX_GROUPS the last ones share "More"."""
    by_key: dict[str, list[dict]] = {}
    for item in items:
        by_key.setdefault(item["group"], []).append(item)
    known = registry.nav_groups
    keys = sorted(by_key, key=lambda k: (known[k].order if k in known else 1000, k))
    groups = [
        {"key": k, "label": known[k].label if k in known else k, "items": by_key[k]} for k in keys
    ]
    if len(groups) > MAX_GROUPS:
        folded = groups[MAX_GROUPS - 1 :]
        more = [dict(i, section=g["label"]) for g in folded for i in g["items"]]
        groups = [*groups[: MAX_GROUPS - 1], {"key": MORE, "label": _("More"), "items": more}]
    for group in groups:
        group["active"] = any(i["url_name"] == current for i in group["items"])
    return groups


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "account_items": [], "nav_groups": [], "phone_bar": []}
    roles_of = registry.resolve("roles")
    roles = set(roles_of(user)) if roles_of else set()
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    visible = _visible(roles)
    items = [i for i in visible if i["group"] != registry.ACCOUNT_GROUP]
    phone = sorted((i for i in items if i["phone"] is not None), key=lambda i: i["phone"])
    return {
        "nav_items": items,
        "account_items": [i for i in visible if i["group"] == registry.ACCOUNT_GROUP],
        "nav_groups": _groups(items, current),
        "phone_bar": phone[:PHONE_BAR],
        "nav_current": current,
        "user_roles": roles,
        "unread_notifications": notify.unread_count(user),
    }
