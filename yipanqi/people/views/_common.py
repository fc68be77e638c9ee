"""Helpers of the people pages; what every app's pages need comes from core.pages."""

from django.urls import NoReverseMatch, reverse

PAGE_SIZE = 30


def optional_url(name: str, query: str = "") -> str:
    """A link to a page another part of the app may not provide yet (imports, exports)."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url
