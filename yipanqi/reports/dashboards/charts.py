"""From a node's cached numbers to what its pages show, in the user's language: the key figures,
the figures that need attention (red, with a link to their list), and the chart specifications
dash.js draws with ECharts (each child-node chart carries the children's dashboard URLs, so a
click on a bar opens that child's dashboard). No queries here."""

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from yipanqi.orders.choices import OrderStatus


def L(text: str) -> Any:  # noqa: N802 - a short name for the many labels below
    return pgettext_lazy("dashboard", text)


# (figure key, label, unit): percent values are shares (0–1) shown as %.
KEY_FIGURES = (
    ("orders", L("Orders placed"), ""),
    ("on_time_rate", L("On time"), "%"),
    ("satisfaction", L("Satisfaction (1–5)"), ""),
    ("registered_members", L("Members registered"), ""),
    ("participations", L("Participations"), ""),
    ("households_screened", L("Households screened"), ""),
    ("deliberation_meetings", L("Deliberation meetings"), ""),
    ("venue_bookings", L("Venue bookings"), ""),
    ("town_centres", L("Town centres"), ""),
    ("centres_graded", L("Centres graded"), ""),
    ("venture_projects", L("Venture projects"), ""),
    ("workers_in_post", L("Community workers"), ""),
    ("avg_pay_head", L("Average pay, heads (yuan)"), ""),
    ("funding_received_yuan", L("Funding allocated (yuan)"), ""),
    ("funding_spent_yuan", L("Funding spent (yuan)"), ""),
    ("notice_read_rate", L("Notices read"), "%"),
    ("officer_visits", L("Officers' visits"), ""),
)
SCREEN_FIGURES = (
    "orders", "on_time_rate", "satisfaction", "registered_members", "participations",
    "households_screened", "town_centres", "venture_projects",
)  # fmt: skip

FEED_KINDS = {
    "order_placed": L("Order placed"),
    "order_closed": L("Order closed"),
    "visit": L("Officer's visit"),
    "deliberation": L("Deliberation meeting"),
    "branch_meeting": L("Branch meeting"),
}
MONTH = L("Month %(month)s")


def show(value: Any, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{value * 100:.1f}%"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def key_figures(figures: dict[str, Any], keys: tuple[str, ...] | None = None) -> list[dict]:
    chosen = [f for f in KEY_FIGURES if keys is None or f[0] in keys]
    return [
        {"key": k, "label": str(label), "value": show(figures.get(k), unit)}
        for k, label, unit in chosen
    ]


def attention(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Figures that mean "needs attention"; `alert` (shown in red) when above zero."""
    year = payload["year"]
    rows = (
        (payload["attention"]["overdue_orders"], L("Overdue open orders"),
         reverse("orders:list") + "?overdue=1"),
        (payload["figures"].get("training_short", 0), L("Workers behind on training"),
         reverse("workforce:worker_list") + f"?flag=short&year={year}"),
        (payload["attention"]["meetings_missed"], L("Branch meetings missed"),
         reverse("partylife:compliance") + f"?behind=1&year={year}"),
    )  # fmt: skip
    return [
        {"value": n or 0, "label": str(label), "url": url, "alert": bool(n)}
        for n, label, url in rows
    ]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _children_chart(key: str, title: Any, children: list[dict], series: list[tuple]) -> dict:
    """A chart with one category per child; `series`: (label, field, kind, percent)."""
    return {
        "id": f"dash-{key}",
        "title": str(title),
        "categories": [c["name"] for c in children],
        "urls": [reverse("reports:dash_node", args=[c["code"]]) for c in children],
        "series": [
            {
                "name": str(label),
                "type": kind,
                "percent": percent,
                "data": [_pct(c[field]) if percent else c[field] for c in children],
            }
            for label, field, kind, percent in series
        ],
    }


def _month_chart(key: str, title: Any, months: int, series: list[dict], stack: bool) -> dict:
    return {
        "id": f"dash-{key}",
        "title": str(title),
        "categories": [str(MONTH % {"month": m}) for m in range(1, months + 1)],
        "urls": None,
        "series": [{**s, "type": "bar" if stack else "line", "stack": stack} for s in series],
    }


def charts(payload: dict[str, Any]) -> list[dict[str, Any]]:
    children = payload["children"]
    by_month = payload["orders_by_month"]
    months = max((len(v) for v in by_month.values()), default=12)
    members = payload["members_by_month"]
    result = [
        _month_chart("orders-month", L("Orders by month and state"), months, [
            {"name": str(OrderStatus(s).label), "data": data} for s, data in by_month.items()
        ], stack=True),
        _month_chart("members-month", L("Registrations and participation by month"),
                     len(members["participations"]), [
            {"name": str(L("Registrations")), "data": members["registrations"]},
            {"name": str(L("Participations")), "data": members["participations"]},
        ], stack=False),
    ]  # fmt: skip
    if not children:
        return result
    c = _children_chart
    return result + [
        c("on-time", L("On time and satisfaction"), children, [
            (L("On-time rate"), "on_time_rate", "bar", True),
            (L("Satisfaction (1–5)"), "satisfaction", "line", False)]),
        c("members", L("Registrations and participation"), children, [
            (L("Members registered"), "registered", "bar", False),
            (L("Participations"), "participations", "bar", False)]),
        c("sweep", L("Sweep coverage"), children, [
            (L("Households screened"), "screened", "bar", False),
            (L("Households targeted"), "targeted", "bar", False)]),
        c("deliberation", L("Deliberation"), children, [
            (L("Deliberation meetings"), "meetings", "bar", False),
            (L("Resolutions"), "resolutions", "bar", False)]),
        c("venues", L("Venues use"), children, [
            (L("Venue bookings"), "bookings", "bar", False),
            (L("Bookings used"), "bookings_used", "bar", False)]),
        c("centres", L("Centres' grades"), children, [
            (L("Centres graded"), "centres_graded", "bar", False)]),
        c("venture", L("Venture projects"), children, [
            (L("Venture projects"), "venture_projects", "bar", False)]),
        c("workforce", L("Workforce training"), children, [
            (L("Average training days"), "training_avg", "bar", False),
            (L("Workers behind on training"), "training_short", "bar", False)]),
        c("funding", L("Funding allocated and spent"), children, [
            (L("Funding allocated (yuan)"), "received_yuan", "bar", False),
            (L("Funding spent (yuan)"), "spent_yuan", "bar", False)]),
        c("notices", L("Notices' response"), children, [
            (L("Notices read"), "notice_read_rate", "bar", True)]),
        c("officers", L("Officers' coverage"), children, [
            (L("Officers' visits"), "officer_visits", "bar", False),
            (L("Officer assignments"), "officer_assignments", "bar", False)]),
    ]  # fmt: skip


def pay_averages(figures: dict[str, Any]) -> list[dict[str, str]]:
    posts = (("avg_pay_head", L("Heads")), ("avg_pay_deputy", L("Deputies")),
             ("avg_pay_other", L("Other workers")))  # fmt: skip
    return [{"label": str(label), "value": show(figures.get(k), "")} for k, label in posts]


def grades(figures: dict[str, Any]) -> list[dict[str, Any]]:
    none = str(L("Below every grade"))
    by_grade = figures.get("centres_by_grade") or {}
    return [{"grade": none if g == "none" else g, "count": n} for g, n in by_grade.items()]


def feed(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"when": r["at"][5:10] if r["day"] else r["at"][5:16].replace("T", " "),
         "what": str(FEED_KINDS[r["kind"]]),
         "place": r["place"]}
        for r in rows
    ]  # fmt: skip


def ranking(children: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Children by on-time rate, then satisfaction, then orders (the screen's town ranking)."""
    rows = sorted(
        children,
        key=lambda c: (-(c["on_time_rate"] or 0), -(c["satisfaction"] or 0), -c["orders"]),
    )
    return [
        {"rank": i, "name": c["name"], "on_time": show(c["on_time_rate"], "%"),
         "satisfaction": show(c["satisfaction"], ""), "orders": show(c["orders"], "")}
        for i, c in enumerate(rows, start=1)
    ]  # fmt: skip
