"""Offline sweep visits in a real browser (issue 21), on the demo served by `yipanqi demo`.

A grid worker opens the sweep's visit list once with signal (the service worker installs and keeps
the visit pages), loses the signal (`context.set_offline(True)`), records three visits — kept on
the phone with their Idempotency-Keys, "待上传 3 条" — gets the signal back, and exactly three
visits are stored; sending the same queue again (a retry after a lost answer) stores nothing more,
and the count goes 3 → 0. Also: finding a household by building and room and "next unvisited" with
signal. Screenshots of the list and the form, phone and desktop, with and without signal, go to
test-artifacts/. No CSP violations.
"""

import re
import sqlite3
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot

pytestmark = pytest.mark.browser

WORKER = "jp_fengzhong_grid"
API = "/api/v1/grid/campaigns/"


def _worker(server) -> dict:
    workers = [a for a in server.accounts if a["role"] == "grid_worker"]
    return next((a for a in workers if a["username"] == WORKER), workers[0])


def _open_sweep(persona) -> int:
    """The worker's open sweep with households still to visit, found through the API."""
    request = persona.context.request
    for campaign in request.get(persona.url + API + "?page_size=50").json()["results"]:
        if campaign["status"] != "open":
            continue
        first = request.get(f"{persona.url}{API}{campaign['id']}/visits/?page_size=1").json()
        if first["results"] and first["results"][0]["pending"]:
            return campaign["id"]
    raise AssertionError("the demo has no open sweep with households to visit")


def _visits(server, campaign: int, keys: tuple[str, ...] = ()) -> list[tuple]:
    """Visits stored for the sweep (read from the served database): all, or those with `keys`."""
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        sql = "SELECT idempotency_key, target_id, visited_by_id FROM grid_visit WHERE campaign_id=?"
        rows = db.execute(sql, [campaign]).fetchall()
    return [r for r in rows if not keys or r[0] in keys]


def _kept(page) -> list[dict]:
    return page.evaluate("VisitQueue.entries(document.getElementById('grid-offline').dataset.user)")


def _record(page) -> str:
    """On an open visit form: "visited", the required questions answered "否", save."""
    address = page.locator("h1").inner_text()
    page.locator("label[for=outcome-visited]").click()
    for row in page.locator(".checklist .answer-row[data-required]").all():
        row.locator("label", has_text="否").click()
    page.get_by_role("button", name="保存走访").click()
    return address


def _ready(page) -> None:
    """The service worker is active and has kept the sweep's pages (offline.js says so)."""
    expect(page.locator("html[data-offline-ready]")).to_be_attached(timeout=60_000)


def test_three_visits_recorded_offline_are_stored_exactly_once(demo_server, chromium):
    worker = Persona(chromium, demo_server, _worker(demo_server), PHONE)
    page, sweep = worker.page, _open_sweep(worker)
    answers: list[tuple[int, str]] = []  # the API's answers to the queue's sends

    def answered(response) -> None:
        if response.request.method == "POST" and response.url.endswith(f"{API}{sweep}/visits/"):
            answers.append((response.status, response.headers.get("idempotent-replayed", "")))

    page.on("response", answered)
    list_url = f"/grid/campaigns/{sweep}/visits/"
    worker.go(list_url)
    _ready(page)
    before = len(_visits(demo_server, sweep))

    worker.context.set_offline(True)
    worker.go(list_url)  # the kept copy, answered by the service worker
    expect(page.locator("[data-offline-banner]")).to_be_visible()
    recorded = []
    for n in range(3):
        page.locator("[data-next-unvisited]").click()
        expect(page.locator("#visit-form")).to_be_visible()
        if n == 0:
            screenshot(page, "grid-offline-form-phone")
        recorded.append(_record(page))
        expect(page).to_have_url(re.compile(re.escape(list_url)))
        expect(page.locator("[data-queue-count]")).to_have_attribute("data-queued", str(n + 1))
    count = page.locator("[data-queue-count]")
    expect(count).to_have_text("待上传 3 条")
    expect(page.locator(".sweep-row.queued")).to_have_count(3)
    screenshot(page, "grid-offline-list-queued-phone")
    kept = _kept(page)
    keys = tuple(e["key"] for e in kept)
    assert sorted(e["address"] for e in kept) == sorted(recorded) and len(set(keys)) == 3
    assert len(_visits(demo_server, sweep)) == before  # nothing reached the server

    worker.context.set_offline(False)  # the page sends the queue as soon as it is online
    expect(count).to_have_attribute("data-queued", "0", timeout=30_000)
    expect(count).to_have_text("已全部上传。")
    assert answers == [(201, "")] * 3

    # A retry of the same three (as when an answer is lost on the way) stores nothing new.
    page.evaluate("async (entries) => { for (const e of entries) await VisitQueue.put(e); }", kept)
    assert len(_kept(page)) == 3
    page.reload()  # a page that opens with signal sends what waits
    expect(count).to_have_text("已全部上传。", timeout=30_000)
    expect(count).to_have_attribute("data-queued", "0")
    assert answers[3:] == [(200, "true")] * 3
    stored = _visits(demo_server, sweep, keys)
    assert len(_visits(demo_server, sweep)) == before + 3
    assert sorted(k for k, _t, _u in stored) == sorted(keys)
    assert len({t for _k, t, _u in stored}) == 3

    for address in recorded:  # with signal: each of the three households is visited
        worker.go(f"{list_url}?q={quote(address)}")
        expect(page.locator(".sweep-row .addr")).to_have_text([address])
        expect(page.locator(".sweep-row")).to_have_class(re.compile(r"\bdone\b"))
    assert worker.violations == []


def test_a_visit_whose_answer_is_lost_is_sent_again_and_stored_once(demo_server, chromium):
    """The phone says it has signal, the form's post reaches the server, the answer never comes
    back: the service worker keeps the visit with the form's key, the page sends it again, and
    the server answers with the visit it already stored."""
    worker = Persona(chromium, demo_server, _worker(demo_server), PHONE)
    page, sweep = worker.page, _open_sweep(worker)
    worker.go(f"/grid/campaigns/{sweep}/visits/")
    _ready(page)
    page.locator("[data-next-unvisited]").click()
    expect(page.locator("#visit-form")).to_be_visible()
    target = int(page.locator("#visit-form").get_attribute("data-target"))
    key = page.locator("input[name=idempotency_key]").input_value()
    replays: list[str] = []

    def answer_lost(route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        route.fetch(max_redirects=0)  # the server stores the visit ...
        route.abort("internetdisconnected")  # ... and the answer is lost on the way back

    worker.context.route(re.compile(rf"/grid/campaigns/{sweep}/visits/{target}/$"), answer_lost)

    def answered(response) -> None:
        if response.request.method == "POST" and response.url.endswith(f"{API}{sweep}/visits/"):
            replays.append(response.headers.get("idempotent-replayed", ""))

    page.on("response", answered)
    _record(page)
    count = page.locator("[data-queue-count]")
    expect(count).to_have_text("已全部上传。", timeout=30_000)
    assert replays == ["true"]
    stored = [r for r in _visits(demo_server, sweep) if r[1] == target]
    assert [k for k, _t, _u in stored] == [key]
    assert worker.violations == []


def test_the_worker_finds_a_household_and_the_next_unvisited(demo_server, chromium):
    worker = Persona(chromium, demo_server, _worker(demo_server), PHONE)
    page, sweep = worker.page, _open_sweep(worker)
    worker.go(f"/grid/campaigns/{sweep}/visits/")
    visited, total = (
        int(page.locator("[data-visited]").get_attribute(n)) for n in ("data-visited", "data-total")
    )
    assert 0 < visited < total
    screenshot(page, "grid-sweep-list-phone")
    address = page.locator(".sweep-row:not(.done) .addr").nth(3).inner_text()
    page.get_by_label("楼栋 / 房号").fill(address)
    page.get_by_role("button", name="查找", exact=True).click()
    expect(page.locator(".sweep-row .addr")).to_have_text([address])
    building = address.split("幢")[0] + "幢"
    page.get_by_label("楼栋 / 房号").fill(building)
    page.get_by_role("button", name="查找", exact=True).click()
    rows = page.locator(".sweep-row .addr").all_inner_texts()
    assert rows and all(r.startswith(building) for r in rows)
    screenshot(page, "grid-sweep-search-phone")

    page.locator("[data-next-unvisited]").click()
    first = page.locator("h1").inner_text()
    screenshot(page, "grid-sweep-form-phone")
    page.locator("[data-next-unvisited]").click()  # skip this one
    expect(page.locator("h1")).not_to_have_text(first)
    assert worker.violations == []


def test_desktop_pages_with_and_without_signal(demo_server, chromium):
    worker = Persona(chromium, demo_server, _worker(demo_server), DESKTOP)
    page, sweep = worker.page, _open_sweep(worker)
    list_url = f"/grid/campaigns/{sweep}/visits/"
    worker.go(list_url)
    _ready(page)
    screenshot(page, "grid-sweep-list-desktop")
    page.locator("[data-next-unvisited]").click()
    screenshot(page, "grid-sweep-form-desktop")
    worker.context.set_offline(True)
    worker.go(list_url)
    page.locator("[data-next-unvisited]").click()
    expect(page.locator("#visit-form")).to_be_visible()
    screenshot(page, "grid-offline-form-desktop")
    _record(page)
    count = page.locator("[data-queue-count]")
    expect(count).to_have_text("待上传 1 条")
    screenshot(page, "grid-offline-list-queued-desktop")
    worker.context.set_offline(False)
    expect(count).to_have_attribute("data-queued", "0", timeout=30_000)
    assert worker.violations == []
