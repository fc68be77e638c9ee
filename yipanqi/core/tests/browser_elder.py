"""Helpers of the browser tests of elder mode and large text (test_large_text, test_home_screens)."""

from yipanqi.core.testing import ARTIFACTS, Persona

TEXT_PX = 32  # 200 % of the browser's default 16 px
IS_ELDER = "document.documentElement.classList.contains('elder')"


def large_text(persona: Persona, px: int = TEXT_PX) -> None:
    """The browser's own text size (its "Font size" setting) set to `px`, for the pages to come.

    A full-page screenshot resets it (Playwright resizes the page through the DevTools protocol),
    so pages shown at large text are captured at the viewport's size (`viewport_shot`)."""
    session = persona.context.new_cdp_session(persona.page)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": px * 13 // 16}})


def set_elder_mode(persona: Persona, on: bool) -> None:
    """Switch elder mode with the header's switch (a POST form), as a user does."""
    page = persona.go("/")
    if page.evaluate(IS_ELDER) != on:
        page.locator("form.elder-switch button").first.click()
        page.wait_for_load_state()
    assert page.evaluate(IS_ELDER) == on


def viewport_shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
