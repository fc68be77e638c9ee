"""Every page of the resident and the grid worker reads at 200 % text on a 390-px phone, in elder
mode (长辈模式) and out of it, without scrolling sideways (issue 21, WCAG 1.4.4 and 1.4.10).

How 200 % text is made: Chromium's own text-size setting (the "Font size" of Chrome's settings,
what a browser's larger-text preference changes) raised from 16 to 32 px through the DevTools
protocol (`Page.setFontSizes`), before the pages load. Every rem and em then grows as it does for
a user who asked for larger text, em-based media queries see it, and the elder mode's own 125 %
multiplies it (40-px text), as it would for that user. Setting `html { font-size: 200% }` from a
script would instead replace the elder mode's size (and miss media queries). Page zoom (Ctrl +)
is another check: it narrows the layout viewport (195 CSS px for a 390-px phone at 200 %).

Pages: the persona's navigation as the page draws it (the menu, the phone's bottom bar and the
links of the home page), then the first page of each new kind those pages link to (an order, an
incident, a sweep and its households, a person …: the main detail pages), up to MAX_PAGES. Elder
mode is switched on through the header's switch, as a user does. Each page is printed. In both
modes no label of the phone's bottom bar breaks inside a word.
"""

import re

import pytest

from yipanqi.core.testing import PHONE, Persona
from yipanqi.core.tests.browser_elder import large_text, set_elder_mode, viewport_shot

pytestmark = pytest.mark.browser

MAX_PAGES = 60  # per persona and mode: the crawl stops there
SKIP = re.compile(r"^/(static|api|accounts/logout)|export|download|/photos?/|\.(csv|xlsx|docx|pdf)")
PERSONAS = ["resident", "grid_worker"]

WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"
# The outermost elements that stick out on the right: not the closed off-canvas menu, which
# waits there, nor what scrolls inside its own box (a .table-responsive).
WIDE = """() => {
  const scrolls = (e) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX);
  const inside = (e) => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
    if (scrolls(p)) return true; } return false; };
  const wide = [...document.querySelectorAll('body *')].filter(e =>
    e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.offcanvas') && !inside(e));
  return wide.filter(e => !wide.includes(e.parentElement)).slice(0, 3)
    .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
}"""
LINKS = "(els) => els.map(e => e.getAttribute('href'))"
# A label of the phone's bottom bar drawn on more lines than it has words: broken inside a word.
BROKEN_LABELS = """() => [...document.querySelectorAll('.phone-bar-item')].filter(item => {
  const range = document.createRange(); range.selectNodeContents(item);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  return lines > item.textContent.trim().split(/\\s+/).length;
}).map(item => item.textContent.trim())"""


def shape(path: str) -> str:
    """One page of each kind: /orders/12/ and /orders/3/ are the same kind; filters are ignored."""
    return re.sub(r"\d+", "N", path.split("?")[0].split("#")[0])


def links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, LINKS)
    return [h for h in hrefs if h and h.startswith("/") and not SKIP.search(h)]


def crawl(persona: Persona) -> list[dict]:
    """Visit the navigation, then one page of each kind linked from it; measure each page."""
    page = persona.go("/")
    queue = links(page, "nav a[href], main a[href]")
    seen_kinds, results = {"/"}, [measure(persona, "/")]
    for path in queue:
        if len(results) >= MAX_PAGES:
            break
        if shape(path) in seen_kinds:
            continue
        seen_kinds.add(shape(path))
        results.append(measure(persona, path))
        queue.extend(h for h in links(persona.page, "main a[href]") if shape(h) not in seen_kinds)
    return results


def measure(persona: Persona, path: str) -> dict:
    page = persona.page
    response = page.goto(persona.url + path)
    width, viewport = page.evaluate(WIDTH)
    result = {"path": path, "status": response.status if response else 0}
    result.update(
        width=width, viewport=viewport, wide=page.evaluate(WIDE) if width > viewport else []
    )
    result["broken_labels"] = page.evaluate(BROKEN_LABELS)
    wide = f"  {result['wide']}" if result["wide"] else ""
    print(f"  {result['status']} {width:>4}/{viewport} {path}{wide}")  # noqa: T201
    return result


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
@pytest.mark.parametrize("role", PERSONAS)
def test_pages_fit_a_phone_at_200_percent_text(chromium, demo_server, role, elder):
    persona = Persona(chromium, demo_server, demo_server.account(role), PHONE)
    try:
        large_text(persona)
        set_elder_mode(persona, elder)
        print(f"\n{role}, {'elder mode' if elder else 'standard'}, 390 px, 200 % text:")  # noqa: T201
        results = crawl(persona)
        viewport_shot(persona.go("/"), f"large-text-{role}-{'elder' if elder else 'standard'}")
        set_elder_mode(persona, False)  # the next test starts from the standard mode
    finally:
        persona.context.close()
    print(f"  {len(results)} pages")  # noqa: T201
    nav = [r for r in results if not re.search(r"\d", r["path"])]
    assert len(nav) >= 5, "the crawl found too few pages of the navigation"
    assert any(re.search(r"/\d+/", r["path"]) for r in results), "no detail page was reached"
    assert [r for r in results if r["status"] >= 400] == []
    assert [(r["path"], r["width"], r["wide"]) for r in results if r["width"] > r["viewport"]] == []
    assert {label for r in results for label in r["broken_labels"]} == set()
    assert persona.violations == []
