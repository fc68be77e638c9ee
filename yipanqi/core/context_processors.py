from django.urls import reverse

from yipanqi.core import notify, registry


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles_of = registry.resolve("roles")
    roles = set(roles_of(user)) if roles_of else set()
    items = [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in registry.nav_items
        if not item.roles or item.roles & roles
    ]
    return {
        "nav_items": items,
        "user_roles": roles,
        "unread_notifications": notify.unread_count(user),
    }
