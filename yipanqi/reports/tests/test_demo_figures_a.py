"""Every figure of the orders, people, grid, deliberation, organisations, centres, venues and
socialorgs apps in `yipanqi report --year 2021 --format json` (the district, and its first town
by code) equals an independent query: hand-written SQL run with sqlite3 on the same demo copy,
following each figure's definition, never the ORM or the dashboard code (issue #17).

Scope: rows whose scope_path starts with the node's path. Datetimes are stored in UTC and the
periods are local days: Asia/Shanghai is UTC+8 all year (no daylight saving since 1991).
"""

import datetime
import json
from collections import defaultdict
from contextlib import closing
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module

import pytest

from yipanqi.core.testing import demo_report, read_demo
from yipanqi.reports.figures import catalogue
from yipanqi.socialorgs.choices import IncubationStage, LegalForm
from yipanqi.venues.choices import VenueKind

pytestmark = pytest.mark.sqlite_demo

APPS = "orders people grid deliberation organisations centres venues socialorgs".split()
# (node, year): 2021 is the demo year; 2020 holds the venture round the seed quotes (13 projects,
# 0.62 on governance), whose figures read 0 in 2021.
CASES = (("district", 2021), ("town", 2021), ("district", 2020))
FIRST_TOWN = "SELECT code FROM organisations_area WHERE kind = 'town' ORDER BY code LIMIT 1"
AREA_PATH = "SELECT path FROM organisations_area WHERE code = ?"


def under(alias: str) -> str:
    return f"substr({alias}.scope_path, 1, length(:path)) = :path"


def within(day: str) -> str:
    return f"{day} BETWEEN :start AND :end"


def local_day(column: str) -> str:
    return within(f"date({column}, '+8 hours')")


def by(column: str, source: str) -> str:
    return f"SELECT {column}, COUNT(*) {source} GROUP BY {column}"


def ratio(part: str, source: str, whole: str = "1") -> str:
    return f"SELECT COUNT(*) FILTER (WHERE {part}), COUNT(*) FILTER (WHERE {whole}) {source}"


def scalar(rows):
    return rows[0][0]


def rate(rows):
    part, whole = rows[0]
    return round(part / whole, 4) if whole else None


def mean_2(rows):
    return round(rows[0][0], 2) if rows[0][0] else None


def hours(places: int):
    """The sum rounded as the decimal field holds it (0 places: a sum of fen, an int)."""
    return lambda rows: round(rows[0][0] or 0, places)


def every(values):
    return lambda rows: {v: dict(rows).get(v, 0) for v in values}


# --- orders -------------------------------------------------------------------------------------
PLACED = f"FROM orders_serviceorder o WHERE {under('o')} AND {local_day('o.placed_at')}"
LATE = f"SELECT e.order_id FROM orders_orderevent e WHERE e.kind = 'overdue' AND {under('e')}"
OPEN_STATES = "('placed', 'accepted', 'dispatched', 'taken', 'done')"
ORDERS = {
    "orders": f"SELECT COUNT(*) {PLACED}",
    "orders_by_status": (by("o.status", PLACED), dict),
    "orders_by_category": (
        "SELECT c.name, COUNT(*) FROM orders_serviceorder o JOIN orders_ordercategory c"
        f" ON c.id = o.category_id WHERE {under('o')} AND {local_day('o.placed_at')}"
        " GROUP BY c.name",
        dict,
    ),
    "on_time_rate": (ratio(f"o.id NOT IN ({LATE})", PLACED), rate),
    "closure_rate": (ratio("o.status = 'closed'", PLACED), rate),
    "satisfaction": (
        "SELECT AVG(r.score) FROM orders_orderrating r JOIN orders_serviceorder o"
        f" ON o.id = r.order_id WHERE {under('r')} AND {under('o')}"
        f" AND {local_day('o.placed_at')}",
        mean_2,
    ),
    "reopen_rate": (ratio("o.reopen_count > 0", PLACED), rate),
    "escalated_orders": f"SELECT COUNT(*) {PLACED} AND o.escalation_level > 0",
    "problems_solved": (
        f"SELECT COUNT(*) FROM orders_serviceorder o WHERE {under('o')} AND o.solved = 1"
        f" AND {local_day('o.closed_at')}"
    ),
    "open_orders": (
        f"SELECT COUNT(*) FROM orders_serviceorder o WHERE {under('o')}"
        f" AND o.status IN {OPEN_STATES}"
    ),
}

# --- people -------------------------------------------------------------------------------------
DONE = f"FROM people_participation p WHERE {under('p')} AND {within('p.occurred_on')}"
PEOPLE = {
    "households": f"SELECT COUNT(*) FROM people_household h WHERE {under('h')}",
    "residents": f"SELECT COUNT(*) FROM people_person h WHERE {under('h')}",
    "party_members": f"SELECT COUNT(*) FROM people_partymember h WHERE {under('h')}",
    "registered_members": (
        f"SELECT COUNT(DISTINCT r.member_id) FROM people_communityregistration r WHERE {under('r')}"
        " AND r.kind = 'member' AND r.status IN ('confirmed', 'assigned')"
        " AND date(r.submitted_at, '+8 hours') <= :end"
    ),
    "registered_members_active": (
        "SELECT COUNT(DISTINCT r.member_id) FROM people_participation p"
        " JOIN people_communityregistration r ON r.id = p.registration_id"
        f" WHERE {under('p')} AND {within('p.occurred_on')}"
    ),
    "participations": f"SELECT COUNT(*) {DONE}",
    "participation_hours": (f"SELECT SUM(p.hours) {DONE}", hours(1)),
    "participations_by_kind": (by("p.kind", DONE), dict),
}

# --- grid ---------------------------------------------------------------------------------------
SWEEPS = "SELECT c.id FROM grid_campaign c WHERE c.starts_on <= :end AND c.ends_on >= :start"
VISITS = f"FROM grid_visit v WHERE {under('v')} AND v.campaign_id IN ({SWEEPS})"
TARGETS = f"FROM grid_target t WHERE {under('t')} AND t.campaign_id IN ({SWEEPS})"
INCIDENTS = f"FROM grid_incident i WHERE {under('i')} AND {local_day('i.reported_at')}"
GRID = {
    "households_screened": (
        f"SELECT COUNT(DISTINCT v.household_id) {VISITS} AND v.outcome IN ('visited', 'follow_up')"
    ),
    "sweep_campaigns": f"SELECT COUNT(DISTINCT t.campaign_id) {TARGETS}",
    "sweep_households_targeted": f"SELECT COUNT(DISTINCT t.household_id) {TARGETS}",
    "sweep_visits": f"SELECT COUNT(*) {VISITS}",
    "sweep_follow_ups": f"SELECT COUNT(*) {VISITS} AND v.outcome = 'follow_up'",
    "incidents_reported": f"SELECT COUNT(*) {INCIDENTS}",
    "incidents_closed": f"SELECT COUNT(*) {INCIDENTS} AND i.status = 'closed'",
    "incidents_escalated": f"SELECT COUNT(*) {INCIDENTS} AND i.escalation_level >= 2",
}

# --- deliberation -------------------------------------------------------------------------------
TOPICS = f"FROM deliberation_topic t WHERE {under('t')} AND {local_day('t.raised_at')}"
MEETINGS = (
    f"FROM deliberation_meeting m WHERE {under('m')} AND {local_day('m.starts_at')}"
    " AND m.status <> 'cancelled'"
)
DECIDED = f"FROM deliberation_resolution d WHERE {under('d')} AND {local_day('d.decided_at')}"
OF_DECIDED = f"resolution_id IN (SELECT d.id {DECIDED})"
TASKS = f"FROM deliberation_followup f WHERE {under('f')} AND f.{OF_DECIDED}"
RATED = f"FROM deliberation_rating g WHERE {under('g')} AND g.{OF_DECIDED}"
DELIBERATION = {
    "topics_raised": f"SELECT COUNT(*) {TOPICS}",
    "topics_accepted": (
        f"SELECT COUNT(*) {TOPICS} AND t.status IN ('accepted', 'scheduled', 'resolved')"
    ),
    "topics_declined": f"SELECT COUNT(*) {TOPICS} AND t.status = 'declined'",
    "deliberation_meetings": f"SELECT COUNT(*) {MEETINGS}",
    "deliberation_meetings_by_kind": (by("m.kind", MEETINGS), dict),
    "resolutions_decided": f"SELECT COUNT(*) {DECIDED}",
    "resolutions_passed": f"SELECT COUNT(*) {DECIDED} AND d.outcome = 'passed'",
    "follow_ups_done": f"SELECT COUNT(*) {TASKS} AND f.status = 'done'",
    "follow_ups_open": f"SELECT COUNT(*) {TASKS} AND f.status IN ('open', 'in_progress')",
    "orders_from_follow_ups": f"SELECT COUNT(*) {TASKS} AND f.order_id IS NOT NULL",
    "deliberation_ratings": f"SELECT COUNT(*) {RATED}",
    "deliberation_satisfaction": (f"SELECT AVG(g.score) {RATED}", mean_2),
}

# --- organisations ------------------------------------------------------------------------------
ORGANISATIONS = {
    "part_time_committee_members": (
        "SELECT COUNT(*) FROM organisations_bodymembership m JOIN organisations_body b"
        " ON b.id = m.body_id JOIN organisations_area a ON a.id = b.area_id"
        f" WHERE {under('m')} AND m.role = 'part_time_member' AND b.kind = 'big_committee'"
        " AND a.kind = 'town' AND m.term_start <= :end AND coalesce(m.term_end, :start) >= :start"
    ),
}

# --- centres ------------------------------------------------------------------------------------
CENTRES_AT = f"SELECT COUNT(*) FROM centres_servicecentre c WHERE {under('c')} AND c.level = "
GRADED = (
    "FROM centres_centreassessment a JOIN centres_assessmentround r ON r.id = a.round_id"
    f" WHERE {under('a')} AND a.status IN ('published', 'appealed')"
    f" AND {local_day('a.published_at')}"
)
# the score that counts per indicator: the latest one given at the highest level
COUNTED = """
    SELECT indicator_id, value FROM (
        SELECT indicator_id, value, ROW_NUMBER() OVER (PARTITION BY indicator_id ORDER BY
            CASE level WHEN 'district' THEN 2 WHEN 'street' THEN 1 ELSE 0 END DESC, id DESC) AS n
        FROM centres_scoreentry WHERE assessment_id = ?
    ) WHERE n = 1
"""
INDICATORS = """
    SELECT i.id, d.id, d.name, i.max_score, i.weight FROM centres_indicator i
    JOIN centres_dimension d ON d.id = i.dimension_id WHERE d.scheme_id = ?
"""


def dimension_means(db, params):
    """Per dimension name: the mean over the graded assessments of
    100 × Σ(weight × score / max score) / Σ weight over its indicators (no score counts 0)."""
    scores: dict[str, list[Decimal]] = defaultdict(list)
    for assessment, scheme in db.execute(f"SELECT a.id, r.scheme_id {GRADED}", params).fetchall():
        counted = {i: Decimal(str(v)) for i, v in db.execute(COUNTED, (assessment,))}
        sums: dict[tuple, tuple[Decimal, Decimal]] = {}
        for indicator, dim, name, *numbers in db.execute(INDICATORS, (scheme,)):
            top, weight = (Decimal(str(n)) for n in numbers)
            got, weights = sums.get((dim, name), (Decimal(0), Decimal(0)))
            share = weight * counted.get(indicator, Decimal(0)) / top
            sums[(dim, name)] = (got + share, weights + weight)
        for (_dim, name), (got, weights) in sums.items():
            scores[name].append(100 * got / weights)
    cent = Decimal("0.01")
    return {n: float((sum(v) / len(v)).quantize(cent, ROUND_HALF_UP)) for n, v in scores.items()}


CENTRES = {
    "district_centres": CENTRES_AT + "'district'",
    "town_centres": CENTRES_AT + "'town'",
    "grassroots_centres": CENTRES_AT + "'grassroots'",
    "centres_graded": f"SELECT COUNT(*) {GRADED}",
    "centres_by_grade": (
        f"SELECT CASE a.grade WHEN '' THEN 'none' ELSE a.grade END AS g, COUNT(*) {GRADED}"
        " GROUP BY g",
        dict,
    ),
    "centres_dimension_means": dimension_means,
}

# --- venues -------------------------------------------------------------------------------------
ACTIVE = f"FROM venues_venue v WHERE {under('v')} AND v.active = 1"
BOOKED = f"FROM venues_booking b WHERE {under('b')} AND {local_day('b.starts_at')}"
USED = f"{BOOKED} AND b.status = 'used'"
USED_HOURS = f"SELECT 24 * SUM(julianday(b.ends_at) - julianday(b.starts_at)) {USED}"
CREDITS = f"FROM venues_creditentry c WHERE {within('c.used_on')}"
EXCEPTIONS = f"SELECT venue_id, date, hours FROM venues_venueexception WHERE {within('date')}"
OWNER = (
    "CASE WHEN v.owner_unit_id IS NOT NULL THEN 'unit' WHEN o.kind = 'town' THEN 'street'"
    " ELSE 'community' END"
)


def minute_of_day(text: str) -> int:
    hour, minute = text.split(":")
    return int(hour) * 60 + int(minute)  # "24:00" is 1440, the end of the day


def opening_hours(db, params) -> float:
    """Hours the active venues of the node are open over the period: each day the intervals of
    its dated exception if there is one, else those of its weekday ("0" Monday)."""
    dated = db.execute(EXCEPTIONS, params)
    exceptions = {(venue, day): json.loads(spans) for venue, day, spans in dated}
    first, last = (datetime.date.fromisoformat(params[k]) for k in ("start", "end"))
    days = [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    minutes = 0
    for venue, week in db.execute(f"SELECT v.id, v.open_hours {ACTIVE}", params).fetchall():
        week = json.loads(week)
        for day in days:
            spans = exceptions.get((venue, day.isoformat()))
            if spans is None:
                spans = week.get(str(day.weekday()), [])
            minutes += sum(minute_of_day(b) - minute_of_day(a) for a, b in spans)
    return minutes / 60


def utilisation(db, params):
    used = db.execute(USED_HOURS, params).fetchone()[0] or 0
    opening = opening_hours(db, params)
    return round(used / opening, 4) if opening else None


VENUES = {
    "venues": f"SELECT COUNT(*) {ACTIVE}",
    "venues_by_kind": (by("v.kind", ACTIVE), every(VenueKind.values)),
    "venues_by_owner_type": (
        f"SELECT {OWNER} AS t, COUNT(*) FROM venues_venue v JOIN organisations_area o"
        f" ON o.id = v.owner_area_id WHERE {under('v')} AND v.active = 1 GROUP BY t",
        every(("street", "community", "unit")),
    ),
    "venue_bookings": (
        f"SELECT COUNT(*) {BOOKED} AND b.status IN ('approved', 'checked_in', 'used', 'no_show')"
    ),
    "venue_bookings_used": f"SELECT COUNT(*) {USED}",
    "venue_hours_used": (USED_HOURS, hours(1)),
    "venue_utilisation": utilisation,
    "venue_hours_shared": (f"SELECT SUM(c.hours) {CREDITS} AND {under('c')}", hours(2)),
    "venue_hours_borrowed": (
        f"SELECT SUM(c.hours) {CREDITS} AND substr(c.borrower_path, 1, length(:path)) = :path",
        hours(2),
    ),
    "venue_no_show_rate": (
        ratio("b.status = 'no_show'", BOOKED, whole="b.status IN ('used', 'no_show')"),
        rate,
    ),
}

# --- socialorgs ---------------------------------------------------------------------------------
ORGS = f"FROM socialorgs_socialorganisation s WHERE {under('s')}"
STARTED = f"FROM socialorgs_engagement e WHERE {under('e')} AND {within('e.started_on')}"
PURCHASED = f"{STARTED} AND e.kind = 'purchased'"
INCUBATIONS = f"FROM socialorgs_incubation n WHERE {under('n')}"
FUNDED = (
    "FROM socialorgs_application p JOIN socialorgs_ventureround r ON r.id = p.round_id"
    f" WHERE {under('p')} AND p.status IN ('approved', 'signed', 'midterm_passed', 'stopped',"
    " 'completed', 'closed') AND r.year BETWEEN CAST(substr(:start, 1, 4) AS INTEGER)"
    " AND CAST(substr(:end, 1, 4) AS INTEGER)"
)
GOVERNANCE = ratio("p.theme = 'governance'", FUNDED)


def share_2(rows):
    """part / whole to two decimals, halves rounded up (integer arithmetic); 0.0 of nothing."""
    part, whole = rows[0]
    return (200 * part + whole) // (2 * whole) / 100 if whole else 0.0


SOCIALORGS = {
    "social_organisations": f"SELECT COUNT(*) {ORGS}",
    "social_organisations_by_form": (by("s.legal_form", ORGS), every(LegalForm.values)),
    "incubations_by_stage": (by("n.status", INCUBATIONS), every(IncubationStage.values)),
    "needs_matched": (
        "SELECT COUNT(*) FROM socialorgs_need n JOIN socialorgs_engagement e ON e.need_id = n.id"
        f" WHERE {under('n')} AND n.status = 'matched' AND {within('e.started_on')}"
    ),
    "engagements": f"SELECT COUNT(*) {STARTED}",
    "purchased_services": f"SELECT COUNT(*) {PURCHASED}",
    "purchased_contract_fen": (f"SELECT SUM(e.contract_fen) {PURCHASED}", hours(0)),
    "venture_projects": f"SELECT COUNT(*) {FUNDED}",
    "venture_governance_projects": (GOVERNANCE, scalar),
    "venture_governance_share": (GOVERNANCE, share_2),
    "venture_funding_fen": (f"SELECT SUM(p.granted_fen) {FUNDED}", hours(0)),
    "venture_funding_yuan": f"SELECT COALESCE(SUM(p.granted_fen), 0) / 100.0 {FUNDED}",
    "venture_paid_fen": (
        "SELECT SUM(t.amount_fen) FROM socialorgs_tranche t JOIN socialorgs_application p"
        f" ON p.id = t.application_id WHERE {under('p')} AND t.status = 'paid'"
        f" AND {within('t.paid_on')}",
        hours(0),
    ),
}

QUERIES = ORDERS | PEOPLE | GRID | DELIBERATION | ORGANISATIONS | CENTRES | VENUES | SOCIALORGS


def independent(db, key: str, params: dict):
    """A query is SQL giving one number, (SQL, what makes the figure of its rows) or a function."""
    query = QUERIES[key]
    if callable(query):
        return query(db, params)
    sql, post = (query, scalar) if isinstance(query, str) else query
    return post(db.execute(sql, params).fetchall())


@pytest.fixture(scope="module")
def demo():
    """node → (its figures from `yipanqi report`, the parameters of the independent queries)."""
    with closing(read_demo()) as connection:
        (town,) = connection.execute(FIRST_TOWN).fetchone()
        made = {}
        for node, year in CASES:
            figures = demo_report(year, town if node == "town" else None)
            (path,) = connection.execute(AREA_PATH, (figures["area"]["code"],)).fetchone()
            assert figures["area"]["kind"] == node
            made[node, year] = (
                figures,
                {"path": path, "start": f"{year}-01-01", "end": f"{year}-12-31"},
            )
    return made


@pytest.mark.parametrize("key", list(QUERIES))
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_figure_equals_an_independent_query(demo, case, key):
    figures, params = demo[case]
    with closing(read_demo()) as db:
        expected = independent(db, key, params)
    assert figures[key] == expected, f"{case[0]} {key}: report {figures[key]!r}, SQL {expected!r}"


def test_every_figure_of_these_apps_has_an_independent_query():
    listed = {k for k, d in catalogue().items() if d.app in APPS}
    defined = {k for app in APPS for k in import_module(f"yipanqi.{app}.dashboard").DEFINITIONS}
    assert listed == defined == set(QUERIES)
