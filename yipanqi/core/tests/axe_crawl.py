"""Crawl a signed-in persona's pages in a real browser and check each with axe-core (issue 21).

The pages are found, not listed: every link of the persona's navigation as base.html draws it from
the navigation registry (the bar, its dropdowns, the account menu, the phone's bottom bar), then
the links those pages lead to (a list's first detail page, a detail page's forms), one page per
URL shape (ids stand for any id). A new app's menu entries are therefore covered without touching
this file. axe-core comes from npm (node_modules/axe-core) and is evaluated in the test browser
only; nothing serves it to users.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from playwright.sync_api import Error as PlaywrightError

AXE_JS = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
# What issue 21 asks of every page besides the WCAG tags, blocking at any impact: axe's
# best-practice rules for one main landmark with all content in landmarks, a first-level heading
# and no empty table header; and three checks of ours: exactly one first-level heading and no
# visible text under 12 px (PAGE_CHECKS_JS; status chips and badges were 10.5 px), and a menu
# entry named as the page it opens (its <title> and <h1>; the start page greets instead).
AXE_HOUSE_RULES = (
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "landmark-unique",
    "region",
    "page-has-heading-one",
    "empty-table-header",
)
HOUSE_RULES = (*AXE_HOUSE_RULES, "one-h1", "text-size", "menu-name")
MIN_TEXT_PX = 12
# Pages that draw themselves after "load": wait for what they draw before checking.
DRAWN_LATER = {"#swagger-ui": "#swagger-ui .opblock"}
# Links that are not pages: files, JSON, actions reached by a link in a mail, and the reveal of
# personal data (which writes an access-log row; its page is the detail page again).
NOT_A_PAGE = re.compile(
    r"/api/(v1|schema)/|/photos/|/unmask/|/open/|/logout/|/i18n/|/static/|/media/"
    r"|/download|/export|/template/|[?&]format=|\.(csv|xlsx|pdf|png|jpg)$"
)
VIEW_PARAMETERS = ("tab", "view")
DEPTH = 2  # navigation pages, the pages they link to, and the forms of those
PER_PAGE = 4  # new URL shapes followed from one page

# The menu's own links as base.html draws them: bar, dropdowns, account menu, phone bottom bar;
# each with its label (its own text, without a count badge).
NAV_LINKS_JS = """() => [...document.querySelectorAll(
    'nav.navbar a[href], nav.phone-bar a[href]')].map(a => [a.href, [...a.childNodes]
    .filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim()])"""
# The page's title as <title> and its first-level heading say it (their own text).
PAGE_NAME_JS = """() => [document.title.split(' · ')[0].trim(), [...document.querySelectorAll(
    'h1:not([aria-level])')].map(h => h.textContent.replace(/\\s+/g, ' ').trim()).join(' | ')]"""
MAIN_LINKS_JS = """() => [...document.querySelectorAll('main a[href]')]
    .filter(a => !a.hasAttribute('download')).map(a => a.href)"""
PAGE_CHECKS_JS = """(minimum) => {
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].slice(0, 2).map(c => '.' + c).join('');
    const small = [];
    for (const el of document.body.querySelectorAll('*')) {
        const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (text && size < minimum && el.checkVisibility()) small.push(`${name(el)} ${size}px`);
    }
    const h1 = [...document.querySelectorAll('h1, [role=heading]')].filter(h =>
        (h.getAttribute('aria-level') || (h.tagName === 'H1' ? '1' : '')) === '1');
    return {small: small, h1: h1.length};
}"""
AXE_RUN_JS = """([context, options]) => axe.run(context, options).then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), data: (n.any[0] || {}).data || null})),
})))"""


@dataclass
class Finding:
    visit: str
    rule: str
    impact: str
    help: str
    target: str
    detail: str = ""


@dataclass
class Crawl:
    """What one test run saw: the pages visited (persona × viewport × path) and the findings."""

    visits: list[str] = field(default_factory=list)
    followed: set[str] = field(default_factory=set)  # URL shapes reached through links
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.impact in BLOCKING or f.rule in HOUSE_RULES]

    def table(self, findings: list[Finding] | None = None) -> str:
        rows = self.blocking if findings is None else findings
        lines = [f"{'page':52} {'rule':22} {'impact':9} {'target':50} detail"]
        lines += [f"{f.visit:52} {f.rule:22} {f.impact:9} {f.target:50} {f.detail}" for f in rows]
        return "\n".join(lines)


def shape(path: str) -> str:
    """A URL's shape: ids replaced, query dropped (a list's filters and pages are the same page)
    except the parameters that choose another view of it (a board's tabs, a tree or a map)."""
    parts = urlsplit(path)
    views = sorted((k, v) for k, v in parse_qsl(parts.query) if k in VIEW_PARAMETERS)
    return re.sub(r"/\d+(?=/)", "/N", parts.path) + (f"?{urlencode(views)}" if views else "")


def local_path(href: str, origin: str) -> str | None:
    parts = urlsplit(href)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if f"{parts.scheme}://{parts.netloc}" != origin or NOT_A_PAGE.search(path):
        return None
    return path


def fresh(paths: list[str], seen: set[str], limit: int | None = None) -> list[str]:
    """The paths whose shape is not in `seen` yet (at most `limit`), added to it."""
    found = []
    for path in paths:
        if shape(path) not in seen and (limit is None or len(found) < limit):
            seen.add(shape(path))
            found.append(path)
    return found


def describe(data) -> str:
    """axe's numbers for a contrast failure (colours, ratio, text size), else nothing."""
    if not isinstance(data, dict) or "contrastRatio" not in data:
        return ""
    return (
        f"{data.get('fgColor')} on {data.get('bgColor')} = {data['contrastRatio']}:1"
        f" ({data.get('fontSize')}, {data.get('fontWeight')})"
    )


def inject_axe(page) -> None:
    """Evaluated through the DevTools protocol, so the page's strict CSP does not block it."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())


def axe(page, context: object = None) -> list[dict]:
    inject_axe(page)
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": True} for rule in AXE_HOUSE_RULES},
        "resultTypes": ["violations"],
    }
    return page.evaluate(AXE_RUN_JS, [context or {"exclude": []}, options])


class PersonaCrawl:
    """One browser page (a signed-in persona, or a visitor) in one viewport: visits its
    navigation and what that leads to, once per URL shape."""

    def __init__(self, crawl: Crawl, page, origin: str, name: str):
        self.crawl, self.page, self.origin, self.name = crawl, page, origin, name
        self.menu_paths: dict[str, str] = {}
        self.redirected = False

    def record(self, label: str, violations: list[dict]) -> None:
        for v in violations:
            for node in v["nodes"]:
                finding = Finding(label, v["id"], v["impact"], v["help"], node["target"])
                finding.detail = describe(node["data"])
                self.crawl.findings.append(finding)

    def visit(self, path: str) -> bool:
        """Open a page and check it; False when it is not an HTML page that answered (or, for
        the menu-name check, when it sent the browser elsewhere: `self.redirected`)."""
        try:
            response = self.page.goto(self.origin + path)
        except PlaywrightError as error:  # a file download the patterns above did not foresee
            if "Download is starting" in str(error):
                return False
            raise
        label = f"{self.name} {path}"
        # a menu entry may open the one object it lists (a community's own hall), named as such
        self.redirected = response is not None and response.url != self.origin + path
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return False
        if response.status >= 500:
            self.crawl.errors.append(f"{label}: HTTP {response.status}")
            return False
        for drawn, part in DRAWN_LATER.items():
            if self.page.locator(drawn).count():
                self.page.locator(part).first.wait_for()
        self.crawl.visits.append(label)
        self.record(label, axe(self.page))
        self.check_page(label)
        return True

    def check_page(self, label: str) -> None:
        found = self.page.evaluate(PAGE_CHECKS_JS, MIN_TEXT_PX)
        if found["h1"] != 1:
            self.crawl.findings.append(
                Finding(label, "one-h1", "house", "one first-level heading", f"{found['h1']} h1")
            )
        for text in found["small"]:
            help_text = f"text at least {MIN_TEXT_PX} px"
            self.crawl.findings.append(Finding(label, "text-size", "house", help_text, text))

    def links(self, script: str) -> list[str]:
        paths = (local_path(h, self.origin) for h in self.page.evaluate(script))
        return [p for p in dict.fromkeys(paths) if p]

    def menu(self) -> dict[str, str]:
        """The navigation's pages (path → label), from the page on screen."""
        entries = (
            (local_path(h, self.origin), label) for h, label in self.page.evaluate(NAV_LINKS_JS)
        )
        return {path: label for path, label in entries if path and path != "/"}

    def check_name(self, label: str, menu_label: str) -> None:
        title, heading = self.page.evaluate(PAGE_NAME_JS)
        # the heading may name the page's area after a middle dot (共建贡献 · 奉化区)
        if title != menu_label or not f"{heading} · ".startswith(f"{menu_label} · "):
            found = f"menu {menu_label!r}, title {title!r}, h1 {heading!r}"
            self.crawl.findings.append(Finding(label, "menu-name", "house", "", found))

    def run(self, *, follow: bool = True, extra: tuple[str, ...] = ()) -> None:
        """The persona's navigation, every page of it; then, if `follow`, the pages they lead
        to, each URL shape once in the whole crawl (the first persona to reach it checks it)."""
        self.page.goto(self.origin + "/")
        self.menu_paths = menu = self.menu()
        seen: set[str] = set()
        level = fresh(["/", *menu, *extra], seen)
        for _depth in range(DEPTH + 1 if follow else 1):
            following: list[str] = []
            for path in level:
                visited = self.visit(path)
                if visited and path in menu and not self.redirected:
                    self.check_name(f"{self.name} {path}", menu[path])
                if visited and follow:
                    links = [p for p in self.links(MAIN_LINKS_JS) if shape(p) not in seen]
                    following += fresh(links, self.crawl.followed, PER_PAGE)
            level = following

    def check_menus(self) -> None:
        """The menus hidden until opened: the phone's off-canvas menu, and each dropdown."""
        self.page.goto(self.origin + "/")
        toggler = self.page.locator(".navbar-toggler")
        if toggler.is_visible():
            toggler.click()
            self.page.locator("#nav.show:not(.showing)").wait_for()
            self.record(f"{self.name} / (menu open)", axe(self.page, {"include": [["#nav"]]}))
        for toggle in self.page.locator("#nav .dropdown-toggle").all():
            toggle.click()
            menu = {"include": [["#nav .dropdown-menu.show"]]}
            self.record(f"{self.name} / (menu {toggle.inner_text()})", axe(self.page, menu))
            toggle.click()
