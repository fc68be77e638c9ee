"""Every route of the URLconf as one concrete path, for the sweeps that must cover new apps'
routes without anyone listing them (2FA, CSRF): each converter is filled with a sample value."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")
SAMPLE = {"uuid": "00000000-0000-0000-0000-000000000001", "slug": "x", "str": "x", "path": "x"}


def _walk(patterns, prefix: str = "") -> list[str]:
    found = []
    for entry in patterns:
        route = str(entry.pattern)
        if route.startswith("^"):
            continue  # regex routes: Django's static/media helpers, DRF format suffixes
        route = CONVERTER.sub(lambda m: SAMPLE.get(m.group(1) or "str", "1"), route)
        if isinstance(entry, URLResolver):
            found += _walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + route)
    return found


def concrete_paths(skip: tuple[str, ...] = ()) -> list[str]:
    """One path per route of the project's URLconf, sorted, leaving out those under `skip`."""
    paths = _walk(get_resolver().url_patterns)
    return sorted({p for p in paths if not (skip and p.startswith(skip))})
