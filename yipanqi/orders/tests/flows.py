"""The five daily flows of issue 21, driven in a phone-sized browser and measured in taps and scroll.

Used by test_flows.py (which asserts the budgets) and runnable by hand against any served demo, to
fill the before/after table of docs/ux.md:

    python -m yipanqi.orders.tests.flows --url http://127.0.0.1:8765 \
        --accounts accounts.json --shell "/tmp/yp_before.sh shell" --variant before

What is counted, from the persona's home page until the flow is done:
- taps: every click or tap on a link, button, checkbox, radio or label (typing into a field is
  counted apart, as "typed");
- scroll: before each tap the page is scrolled the least that brings the control fully into view
  (between the sticky header and the phone's bottom bar), starting from where the page opened
  (an anchor opens it lower, which costs the user nothing). "scroll" is the sum of those moves,
  "max" the longest single move.

`--variant before` drives the pages of the starting commit (f042f0a) where they differ: there the
dispatch page had one checkbox list and the 派单 button at its foot, and 受理 reloaded the board.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

# Heights of fixed or sticky bars at the top and bottom of the viewport that do not hold `el`.
OBSTRUCTIONS_JS = """(el) => {
  let top = 0, bottom = 0;
  const vh = innerHeight;
  for (const bar of document.querySelectorAll('body *')) {
    const position = getComputedStyle(bar).position;
    if ((position !== 'fixed' && position !== 'sticky') || bar.contains(el)) continue;
    const r = bar.getBoundingClientRect();
    if (r.height === 0 || r.height > vh / 2) continue;
    if (r.top <= 1 && r.bottom > 0) top = Math.max(top, r.bottom);
    if (r.bottom >= vh - 1 && r.top < vh) bottom = Math.max(bottom, vh - r.top);
  }
  const box = el.getBoundingClientRect();
  return {top: box.top + scrollY, bottom: box.bottom + scrollY, y: scrollY, vh, barTop: top,
          barBottom: bottom};
}"""


@dataclass
class Meter:
    """Counts one persona's taps, typed fields and scrolling through one flow."""

    page: Page
    taps: int = 0
    typed: int = 0
    scroll: int = 0
    max_scroll: int = 0
    steps: list[str] = field(default_factory=list)

    def reach(self, target: Locator) -> int:
        """Scroll the least that shows `target` whole; returns the pixels moved."""
        target.wait_for(state="visible")
        box = target.evaluate(OBSTRUCTIONS_JS)
        first, last = box["y"] + box["barTop"], box["y"] + box["vh"] - box["barBottom"]
        if box["top"] >= first and box["bottom"] <= last:
            return 0
        wanted = (
            box["top"] - box["barTop"] if box["top"] < first else box["bottom"] - last + box["y"]
        )
        self.page.evaluate("(y) => window.scrollTo(0, y)", max(0, int(wanted)))
        moved = abs(self.page.evaluate("scrollY") - box["y"])
        self.scroll += moved
        self.max_scroll = max(self.max_scroll, moved)
        return moved

    def tap(self, target: Locator, what: str) -> None:
        moved = self.reach(target)
        target.click()
        self.taps += 1
        self.steps.append(f"tap {what}" + (f" (scroll {moved} px)" if moved else ""))

    def type(self, target: Locator, text: str, what: str) -> None:
        moved = self.reach(target)
        target.fill(text)
        self.typed += 1
        self.steps.append(f"type {what}" + (f" (scroll {moved} px)" if moved else ""))

    def result(self, flow: str, **notes) -> dict:
        return {
            "flow": flow,
            "taps": self.taps,
            "typed": self.typed,
            "scroll": self.scroll,
            "max_scroll": self.max_scroll,
            "steps": self.steps,
            **notes,
        }


def order_id_in(url: str) -> int:
    return int(re.search(r"/orders/(\d+)/", url).group(1))


# --- 1. a resident places an order --------------------------------------------------------------


def place_order(page: Page, description: str) -> tuple[dict, int]:
    meter = Meter(page)
    meter.tap(page.locator(".phone-bar a[href='/orders/new/']"), "我要点单")
    meter.tap(page.locator("#place-form label", has_text="维修维护"), "category")
    meter.type(page.locator("#place-form textarea[name=description]"), description, "description")
    meter.tap(page.locator("#place-form button[type=submit]"), "send")
    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    return meter.result("resident places an order"), order_id_in(page.url)


# --- 2. a community admin accepts and dispatches ------------------------------------------------


def dispatch_order(page: Page, order_id: int, variant: str = "after") -> dict:
    meter = Meter(page)
    meter.tap(page.locator(".phone-bar a[href='/orders/board/']"), "派单工作台")
    card = page.locator(f"#order-{order_id}")
    meter.tap(card.locator("form[action$='/accept/'] button"), "受理")
    if variant == "before":
        # 受理 reloaded the board at the top; the order is found again, then 派单, one member
        # ticked in the list and the 派单 button at the foot of the page
        meter.tap(page.locator(f"#order-{order_id} a[href*='/dispatch/']"), "派单")
        meter.tap(page.locator("#dispatch-form input[name=members]").first, "first member")
        meter.tap(page.locator("#dispatch-form button[type=submit]"), "派单 (submit)")
    else:
        expect(page).to_have_url(re.compile(rf"/orders/{order_id}/dispatch/"))
        meter.tap(page.locator("button[name=pick]").first, "派给TA")
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_be_visible()
    return meter.result("community admin accepts and dispatches")


# --- 3. a party member claims and finishes ------------------------------------------------------


def claim_and_finish(page: Page, variant: str = "after") -> dict:
    meter = Meter(page)
    meter.tap(page.locator(".phone-bar a[href='/orders/claim/']"), "抢单")
    card = page.locator(".order-card[data-status=dispatched]").first
    order_id = int(card.get_attribute("id").removeprefix("claim-"))
    meter.tap(card.locator("form[action$='/take/'] button"), "接单")
    card = page.locator(f"#claim-{order_id}")
    expect(card).to_have_attribute("data-status", "taken")
    undo = card.locator("form[action$='/untake/'] button").count() > 0
    meter.tap(card.locator("a[href$='/complete/']"), "登记办结")
    meter.type(
        page.locator("#complete-form textarea[name=note]"), "已上门处理完毕", "what was done"
    )
    meter.tap(page.locator("#complete-form button[type=submit]"), "登记办结 (submit)")
    expect(page).to_have_url(re.compile(rf"/orders/{order_id}/$"))
    return meter.result("party member claims and finishes", undo_offered=undo, order=order_id)


# --- 4. a grid worker records a visit (the grid app's pages; helper D changes them) -------------


def _pending_midway(page: Page, list_url: str) -> tuple[str, str]:
    """The address and link of the household halfway down the list of those still to visit (a
    door the worker stands at, on average)."""
    page.goto(list_url)
    pending = []
    while True:
        rows = page.locator("a.sweep-row", has=page.locator(".text-bg-danger"))
        pending += [
            (r.locator(".addr").inner_text().strip(), r.get_attribute("href")) for r in rows.all()
        ]
        following = page.locator("a.page-link", has_text=re.compile("下一页|Next"))
        if not following.count():
            return pending[len(pending) // 2]
        following.click()
        page.wait_for_load_state()


def record_visit(page: Page, scout: Page, base_url: str) -> dict:
    meter = Meter(page)
    todo = page.locator("main a[href*='/visits/']").first
    address, href = _pending_midway(scout, base_url + todo.get_attribute("href"))
    meter.tap(todo, "待走访户")
    page.wait_for_url(re.compile(r"/visits/"))
    page.wait_for_load_state()
    search = page.locator("main form[method=get] input[type=search], main input[name=q]")
    searched = bool(search.count())
    if searched:  # the grid app's search by building/room (helper D, issue 21)
        meter.type(search.first, address, "building/room")
        meter.tap(page.locator("main form[method=get] button[type=submit]").first, "search")
        page.wait_for_url(re.compile(r"[?&]q="))
    target = page.locator(f"a.sweep-row[href='{href}']")
    turned = 1
    while not target.count():
        meter.tap(page.locator("a.page-link", has_text=re.compile("下一页|Next")), "next page")
        turned += 1
        page.wait_for_url(re.compile(rf"[?&]page={turned}"))
    meter.tap(target, address)
    meter.tap(page.locator("#visit-form label", has_text="无人在家"), "无人在家")
    meter.tap(page.locator("#visit-form button[type=submit]").last, "save")
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_be_visible()
    return meter.result("grid worker records a visit", searched=searched)


# --- 5. the resident hears of every step and rates ----------------------------------------------


ADVANCE = """
from yipanqi.accounts.actions import user_create
from yipanqi.core.actors import system
from yipanqi.orders import actions
from yipanqi.orders.models import ServiceOrder
from yipanqi.people.actions import person_link_user
order = ServiceOrder.objects.get(pk={order_id})
person = order.candidates.first().member.person
account = person.user is not None
if not account:  # the starting code could suggest a member without an account first
    user = user_create(username="flow_taker_%d" % person.pk, password="Flow#taker2021x",
                       actor=system("flows"), validate=False)
    person = person_link_user(person=person, user=user, actor=system("flows"))
order = actions.order_take(order=order, actor=person.user)
actions.order_complete(order=order, note="已上门处理", actor=person.user)
print("ACCOUNT" if account else "NO-ACCOUNT")
"""


def advance_by_taker(shell: Callable[[str], str], order_id: int) -> bool:
    """The member the order went to takes and completes it (their steps are measured in flow 3);
    whether that member had an account to do it with."""
    out = shell(ADVANCE.format(order_id=order_id))
    return out.strip().splitlines()[-1] == "ACCOUNT"


def notified_and_rates(page: Page, title: str) -> dict:
    meter = Meter(page)
    meter.tap(page.locator("a.inbox-link"), "消息中心")
    page.wait_for_url(re.compile(r"/inbox/"))
    notices = page.locator(".list-group-item", has_text=title)
    notices.first.wait_for(state="visible")  # all_inner_texts does not wait for the page
    received = notices.locator(".fw-semibold").all_inner_texts()
    meter.tap(notices.first.locator("button[type=submit]"), "open the newest notice")
    page.wait_for_load_state()
    if "/rate/" not in page.url:
        meter.tap(page.locator("a[href$='/rate/']").first, "评价")
    meter.tap(page.locator("#rate-form label", has_text="5 ★"), "5 stars")
    meter.tap(page.locator("#rate-form input[name=solved][value=yes] + label"), "solved")
    meter.tap(page.locator("#rate-form button[type=submit]"), "submit")
    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    return meter.result("resident is notified at every step", notices=received)


# --- running all five ---------------------------------------------------------------------------


@dataclass
class Demo:
    """A served demo: its address, its accounts, and a way to run Python inside its database."""

    url: str
    accounts: list[dict]
    shell: Callable[[str], str]

    def account(self, role: str) -> dict:
        return next(a for a in self.accounts if a["role"] == role)


def phone_page(browser, demo: Demo, account: dict) -> Page:
    from yipanqi.core.testing import PHONE, sign_in

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    sign_in(page, demo.url, account)
    return page


def run_all(browser, demo: Demo, variant: str = "after") -> list[dict]:
    title = f"厨房水龙头漏水 {int(time.time()) % 100000}"
    resident = phone_page(browser, demo, demo.account("resident"))
    placed, order_id = place_order(resident, title)
    admin = phone_page(browser, demo, demo.account("community_admin"))
    dispatched = dispatch_order(admin, order_id, variant)
    member = phone_page(browser, demo, demo.account("party_member"))
    claimed = claim_and_finish(member, variant)
    worker = phone_page(browser, demo, demo.account("grid_worker"))
    scout = phone_page(browser, demo, demo.account("grid_worker"))
    visited = record_visit(worker, scout, demo.url)
    had_account = advance_by_taker(demo.shell, order_id)
    dispatched["taker_had_account"] = had_account
    resident.goto(demo.url + "/")
    notified = notified_and_rates(resident, title)
    for page in (resident, admin, member, worker, scout):
        page.context.close()
    return [placed, dispatched, claimed, visited, notified]


def table(results: list[dict]) -> str:
    lines = ["| flow | taps | typed | scroll px (max) |", "|---|---|---|---|"]
    for r in results:
        lines.append(
            f"| {r['flow']} | {r['taps']} | {r['typed']} | {r['scroll']} ({r['max_scroll']}) |"
        )
    return "\n".join(lines)


def _shell_runner(command: str, env: dict) -> Callable[[str], str]:
    def run(code: str) -> str:
        argv = [*shlex.split(command), "-c", code]
        done = subprocess.run(
            argv, env=env, check=True, capture_output=True, text=True, timeout=120
        )
        return done.stdout

    return run


def main() -> None:
    from playwright.sync_api import sync_playwright

    from yipanqi.core.testing import launch_chromium

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--accounts", required=True, help="`yipanqi demo_accounts --json` output")
    parser.add_argument("--shell", required=True, help="command running `shell` in the demo")
    parser.add_argument("--variant", choices=("before", "after"), default="after")
    parser.add_argument("--out", help="write the results as JSON here")
    args = parser.parse_args()
    demo = Demo(
        args.url,
        json.loads(Path(args.accounts).read_text()),
        _shell_runner(args.shell, dict(os.environ)),
    )
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        results = run_all(browser, demo, args.variant)
        browser.close()
    if args.out:
        Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    sys.stdout.write(table(results) + "\n")
    for r in results:
        rest = {k: v for k, v in r.items() if k not in ("steps", "flow")}
        sys.stdout.write(f"{r['flow']}: {r['steps']} {rest}\n")


if __name__ == "__main__":
    main()
