"""Each persona's home page on a desktop and a phone, elder mode (长辈模式) off and on (issue 21).

The screenshots land in test-artifacts/ as home-<role>-<phone|desktop>-<standard|elder>.png, one
account per role, for people to look at. What a machine can tell is checked too: one h1, the
elder class and stylesheet when the mode is on, no sideways scrolling on the phone, the simple
home (big buttons) for a resident in elder mode and for no one else, no CSP violation.
"""

import pytest

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot
from yipanqi.core.tests.browser_elder import set_elder_mode

pytestmark = pytest.mark.browser

SIMPLE_HOME_ROLES = {"resident"}  # core.home.SIMPLE_HOME_ROLES
CHECKS = """() => ({
  h1: document.querySelectorAll('h1').length,
  elderCss: !!document.querySelector('link[href*="elder"]'),
  bigButtons: document.querySelectorAll('.simple-home-link').length,
  cards: document.querySelectorAll('.home-card').length,
  wide: document.documentElement.scrollWidth > window.innerWidth,
})"""


def one_per_role(accounts: list[dict]) -> list[dict]:
    first: dict[str, dict] = {}
    for account in accounts:
        first.setdefault(account["role"], account)
    return list(first.values())


def look(persona: Persona, role: str, screen: str, elder: bool) -> list[str]:
    """Draw the home page, keep its screenshot, and say what is wrong with it."""
    page = persona.go("/")
    mode = "elder" if elder else "standard"
    screenshot(page, f"home-{role}-{screen}-{mode}")
    seen = page.evaluate(CHECKS)
    where = f"{role} {screen} {mode}"
    problems = []
    if seen["h1"] != 1:
        problems.append(f"{where}: {seen['h1']} h1")
    if seen["elderCss"] != elder:
        problems.append(f"{where}: elder.css {'missing' if elder else 'loaded'}")
    if screen == "phone" and seen["wide"]:
        problems.append(f"{where}: wider than the phone")
    simple = elder and role in SIMPLE_HOME_ROLES
    if simple and seen["bigButtons"] < 4:
        problems.append(f"{where}: {seen['bigButtons']} big buttons on the simple home")
    if not simple and seen["bigButtons"]:
        problems.append(f"{where}: the simple home shown")
    print(f"  {where}: {seen['bigButtons']} big buttons, {seen['cards']} cards")  # noqa: T201
    return problems


def test_home_page_of_every_persona(chromium, demo_server):
    problems, looked = [], 0
    for account in one_per_role(demo_server.accounts):
        persona = Persona(chromium, demo_server, account, PHONE)
        try:
            for elder in (False, True):
                set_elder_mode(persona, elder)
                for screen, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    persona.page.set_viewport_size(viewport)
                    problems += look(persona, account["role"], screen, elder)
                    looked += 1
            set_elder_mode(persona, False)
            problems += [f"{account['role']}: {v}" for v in persona.violations]
        finally:
            persona.context.close()
    print(f"{looked} home pages drawn")  # noqa: T201
    assert looked == 4 * len(one_per_role(demo_server.accounts))
    assert problems == []
