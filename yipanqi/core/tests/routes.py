"""Every route of the URLconf as one concrete path, for the sweeps that must cover new apps'
routes without anyone listing them (2FA, CSRF, foreign ids on pages): each converter is filled with
a sample value, and each step of an app's regex route (`(?P<name>accept|close)`) is a route of its
own."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
SAMPLE = {"uuid": "00000000-0000-0000-0000-000000000001", "slug": "x", "str": "x", "path": "x"}
# An app's regex route: a numeric id group, or a group of step names; anything else in a regex
# (Django's static/media helpers, DRF's format suffixes) is not ours to sweep.
REGEX_ID = re.compile(r"\(\?P<(\w+)>\[0-9\]\+\)")
REGEX_STEPS = re.compile(r"\(\?P<\w+>([a-z_|-]+)\)")


@dataclass(frozen=True)
class Route:
    """One concrete route: `template` holds `{kwarg}` where an integer id goes."""

    template: str

    @property
    def ids(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.template)

    def path(self, **values: int) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), self.template)


def _plain(route: str) -> str:
    def fill(match: re.Match) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        return "{" + name + "}" if converter == "int" else SAMPLE.get(converter, "1")

    return CONVERTER.sub(fill, route)


def _regex(route: str) -> list[str]:
    """The concrete forms of one of our regex routes, or none for a regex that is not ours."""
    body = REGEX_ID.sub(lambda m: "{" + m.group(1) + "}", route.removeprefix("^").removesuffix("$"))
    steps = REGEX_STEPS.search(body)
    forms = [body]
    if steps:
        names = steps.group(1).split("|")
        forms = [body[: steps.start()] + name + body[steps.end() :] for name in names]
    return [] if any(c in f for f in forms for c in "()[]*+?\\") else forms


def _walk(patterns, prefix: str = "") -> list[str]:
    found = []
    for entry in patterns:
        route = str(entry.pattern)
        forms = _regex(route) if route.startswith("^") else [_plain(route)]
        for form in forms:
            if isinstance(entry, URLResolver):
                found += _walk(entry.url_patterns, prefix + form)
            elif isinstance(entry, URLPattern):
                found.append("/" + prefix + form)
    return found


def routes(skip: tuple[str, ...] = ()) -> list[Route]:
    """Every route of the project's URLconf, sorted, leaving out those under `skip`."""
    templates = {t for t in _walk(get_resolver().url_patterns) if not t.startswith(skip or "\0")}
    return [Route(t) for t in sorted(templates)]


def concrete_paths(skip: tuple[str, ...] = ()) -> list[str]:
    """One path per route of the project's URLconf, sorted, leaving out those under `skip`."""
    return sorted({r.path() for r in routes(skip)})
