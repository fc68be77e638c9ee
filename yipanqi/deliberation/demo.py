"""The Fenghua 2021 demo's deliberation records: a four-party hall (四方议事厅) in several urban
communities of 锦屏街道 and 岳林街道 with a year of topics, meetings, votes, resolutions on public
notice, follow-up tasks (some opening service orders) and residents' ratings; the towns' 区域共建
理事会 and 联席会议 with a few sessions each; and in 奉中社区 an upcoming meeting with accepted topics
(the browser test holds it).

Every record goes through this app's actions (and the organisations and orders actions they call),
so the rules and the audit trail are those of real use. The history is replayed at the time each
step would have happened: `timezone.now` reads a demo clock while a step runs, so decided, published
and done times fall in 2021. Ratings come from residents with accounts in the community (the orders
demo made them), written in bulk as `rating_submit` would, with one audit event each.
"""

import datetime
import random
from typing import Any

from django.db.models import Count
from django.utils import timezone

from yipanqi.core import audit
from yipanqi.core.actions import notifications_mark_read
from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock as demo_clock
from yipanqi.core.demo_kit import names
from yipanqi.core.demo_kit.clock import TERM_START, replay
from yipanqi.core.demo_kit.fenghua import CO_BUILDING_TOWNS
from yipanqi.core.demo_kit.rows import audit_created, insert_rows
from yipanqi.core.models import Notification
from yipanqi.deliberation import actions
from yipanqi.deliberation.choices import (
    DELIBERATING_KINDS,
    MeetingKind,
    Outcome,
    SeatParty,
    VoteChoice,
)
from yipanqi.deliberation.demo_texts import COUNCIL_TOPICS, HALL_TOPICS, UPCOMING_TOPICS
from yipanqi.deliberation.models import FollowUp, Meeting, Rating, Resolution, Seat, Topic, Vote
from yipanqi.organisations.choices import AreaKind, BodyKind, UnitKind
from yipanqi.organisations.models import Area, Body, Unit
from yipanqi.people.models import Person

HALL_COMMUNITIES = 3  # per co-building town: 奉中社区 and 民主社区 among them
MEETING_MONTHS = (3, 6, 9, 11)
KINDS = tuple(MeetingKind)
UPCOMING_COMMUNITY = "奉中社区"
ORDER_SHARE = 0.2  # follow-up tasks that need hands and open a service order


def build_deliberation(demo: Any) -> None:
    _ACCOUNTS.clear()
    admin = demo.users.get("district_admin")
    for town_code in CO_BUILDING_TOWNS:
        town = demo.areas[town_code]
        communities = list(Area.objects.filter(path__startswith=town.path, kind=AreaKind.COMMUNITY))
        chosen = _choose(communities)
        for community in chosen:
            actor = demo.community_admins.get(community.code) or admin
            hall = _hall(demo, community, actor)
            _history(hall, actor, names.rng_for("deliberation", community.code))
        for body in Body.objects.filter(area=town, kind__in=DELIBERATING_KINDS):
            _council(body, admin, names.rng_for("deliberation", str(body.pk)))
    _history_read(demo)
    _upcoming(demo)


def _choose(communities: list[Area]) -> list[Area]:
    communities.sort(key=lambda a: a.code)
    named = [a for a in communities if a.name in (UPCOMING_COMMUNITY, "民主社区")]
    rest = [a for a in communities if a not in named]
    return named + rest[: HALL_COMMUNITIES - len(named)]


# --- halls ----------------------------------------------------------------------------------


def _property_company(community: Area) -> Unit | None:
    units = Unit.objects.filter(area=community, kind=UnitKind.PROPERTY_COMPANY)
    return units.order_by("pk").first()


def _hall(demo: Any, community: Area, actor: Any) -> Body:
    rng = names.rng_for("deliberation-seats", community.code)
    secretary = demo.community_admins.get(community.code)
    grid_user = (
        demo.users.get("jp_fengzhong_grid") if community.name == UPCOMING_COMMUNITY else None
    )
    people = names.people(rng, 6)
    seats = [
        (SeatParty.PARTY_ORG, secretary.display_name if secretary else people[0], secretary),
        (SeatParty.GRID_LEADER, grid_user.display_name if grid_user else people[1], grid_user),
        (SeatParty.PROPERTY_COMPANY, people[2], None),
        (SeatParty.RESIDENTS, people[3], None),
        (SeatParty.RESIDENTS, people[4], None),
        (SeatParty.RESIDENTS, people[5], None),
    ]
    body = actions.hall_create(area=community, actor=system("demo", on_behalf_of=actor))
    company = _property_company(community)
    for party, name, user in seats:
        actions.seat_add(
            body=body,
            member_name=name,
            party=party,
            user=user,
            source_unit=company if party == SeatParty.PROPERTY_COMPANY else None,
            term_start=TERM_START,
            actor=system("demo", on_behalf_of=actor),
        )
    return body


def _when(month: int, day: int, hour: int = 14) -> datetime.datetime:
    return demo_clock.at(month, day, hour)


def _history(body: Body, actor: Any, rng: random.Random) -> None:
    seats = list(body.seats.select_related("membership"))
    titles = rng.sample(HALL_TOPICS, len(MEETING_MONTHS) * 2 + 2)
    for i, month in enumerate(MEETING_MONTHS):
        topics = []
        for title, description in titles[i * 2 : i * 2 + 2]:
            with replay(_when(month - 1, rng.randint(2, 25), 10)):
                topic = _raise(body, title, description, actor)
                topics.append(actions.topic_accept(topic=topic, actor=actor))
        kind = KINDS[i % len(KINDS)]
        _meeting(body, kind, topics, seats, actor, _when(month, rng.randint(5, 20)), rng)
    with replay(_when(6, 12, 9)):  # one topic the hall did not take up
        title, description = titles[-1]
        topic = _raise(body, title, description, actor)
        actions.topic_decline(topic=topic, reason="属业主大会表决事项，已转交业委会。", actor=actor)


def _raise(body: Body, title: str, description: str, actor: Any) -> Topic:
    return actions.topic_raise(
        body=body,
        title=title,
        description=description,
        actor=system("demo", on_behalf_of=actor),
    )


def _meeting(body, kind, topics, seats, actor, starts, rng) -> Meeting:
    with replay(starts - datetime.timedelta(days=5)):
        meeting = actions.meeting_schedule(
            body=body,
            kind=kind,
            title=f"{body.area.name}{MeetingKind(kind).label}（{starts.month}月）",
            starts_at=starts,
            place=f"{body.area.name}党群服务中心",
            topics=topics,
            actor=system("demo", on_behalf_of=actor),
            notify_seats=False,  # history: nobody is told of a meeting held months ago
        )
    with replay(starts):
        meeting = actions.meeting_open(meeting=meeting, actor=actor)
        present = _present(seats, rng)
        actions.attendance_set(meeting=meeting, present=[s.pk for s in present], actor=actor)
        for topic in topics:
            _resolve(topic, present, actor, rng)
        actions.minutes_save(meeting=meeting, minutes=_minutes(meeting, topics), actor=actor)
    with replay(starts + datetime.timedelta(hours=2)):
        actions.meeting_close(meeting=meeting, actor=actor)
    _follow_up(meeting, actor, starts, rng)
    return meeting


def _present(seats: list[Seat], rng: random.Random) -> list[Seat]:
    """Everyone, or all but one residents' representative or unit (quorate, every party there)."""
    spare = [s for s in seats if s.party in (SeatParty.RESIDENTS, SeatParty.UNIT)]
    absent = rng.choice(spare) if spare and rng.random() < 0.3 and len(seats) >= 4 else None
    return [s for s in seats if s is not absent]


def _minutes(meeting: Meeting, topics: list[Topic]) -> str:
    lines = [f"{meeting.title}，议题{len(topics)}项。"]
    lines += [f"{i}. {t.title}：各方充分发表意见后表决。" for i, t in enumerate(topics, 1)]
    return "\n".join(lines)


def _resolve(topic: Topic, present: list[Seat], actor: Any, rng: random.Random) -> None:
    text = f"关于“{topic.title}”：{topic.description[:60]}经议定，按方案实施。"
    resolution = actions.resolution_draft(topic=topic, text=text, actor=actor)
    _votes(resolution, present, actor, rng)
    resolution = actions.resolution_resolve(resolution=resolution, actor=actor)
    actions.resolution_publish(resolution=resolution, actor=actor)


def _votes(resolution: Resolution, present: list[Seat], actor: Any, rng: random.Random) -> None:
    """One vote per seat present, in bulk, each audited as vote_record audits it."""
    against = rng.random() < 0.15  # now and then the residents or the company disagree
    rows = []
    for seat in present:
        choice = VoteChoice.FOR
        if against and seat.party in (SeatParty.RESIDENTS, SeatParty.PROPERTY_COMPANY):
            choice = rng.choice((VoteChoice.AGAINST, VoteChoice.ABSTAIN, VoteChoice.AGAINST))
        note = "费用分摊需再议" if choice == VoteChoice.AGAINST else ""
        vote = Vote(resolution=resolution, seat=seat, choice=choice, note=note, recorded_by=actor)
        vote.place_in(resolution)
        rows.append(vote)
    audit_created(
        insert_rows(Vote, rows),
        "deliberation.vote.recorded",
        changes=lambda v: audit.diff({}, {"choice": v.choice, "note": v.note}),
        data=lambda v: {"choice": v.choice, "resolution": resolution.pk, "changed": False},
        actor=system("demo", on_behalf_of=actor),
    )


def _follow_up(meeting: Meeting, actor: Any, starts, rng: random.Random) -> None:
    """A task per passed resolution, mostly done within weeks. A few need hands: they open a
    service order now (when the demo is built), so that no order from 2021 is left waiting."""
    passed = Resolution.objects.filter(meeting=meeting, outcome=Outcome.PASSED)
    seats = list(meeting.body.seats.select_related("membership"))
    for resolution in passed.select_related("topic"):
        with replay(starts + datetime.timedelta(days=1)):
            task = actions.followup_create(
                resolution=resolution,
                title=f"落实：{resolution.topic.title}"[:100],
                owner_seat=rng.choice(seats[:3]),
                due_on=(starts + datetime.timedelta(days=30)).date(),
                actor=actor,
            )
        if rng.random() < ORDER_SHARE:
            actions.followup_open_order(follow_up=task, actor=actor)
            continue
        with replay(starts + datetime.timedelta(days=rng.randint(10, 40))):
            actions.followup_complete(follow_up=task, note="已按决议落实。", actor=actor)
    _ratings(list(passed), rng)


def _ratings(resolutions: list[Resolution], rng: random.Random) -> None:
    """Residents with accounts in the community rate what was decided (as rating_submit would)."""
    rows = []
    for resolution in resolutions:
        residents = [u for path, u in _accounts() if path.startswith(resolution.scope_path)][:40]
        for user_id in rng.sample(residents, min(len(residents), rng.randint(3, 8))):
            rating = Rating(
                resolution=resolution,
                rated_by_id=user_id,
                score=rng.choices((5, 4, 3, 2), weights=(55, 30, 10, 5))[0],
            )
            rating.place_in(resolution)
            rows.append(rating)
    audit_created(
        insert_rows(Rating, rows),
        "deliberation.rating.submitted",
        data=lambda r: {"score": r.score},
        actor=system("demo"),
    )


_ACCOUNTS: list[tuple[str, int]] = []


def _accounts() -> list[tuple[str, int]]:
    """(area path, user id) of residents with an account, read once per build."""
    if not _ACCOUNTS:
        rows = Person.objects.filter(user__isnull=False).order_by("pk")
        _ACCOUNTS.extend(rows.values_list("scope_path", "user_id"))
    return _ACCOUNTS


# --- councils and the upcoming meeting ---------------------------------------------------------


def _council(body: Body, actor: Any, rng: random.Random) -> None:
    """Seat a council's members (units, or the convening community) and hold two sessions."""
    for position, membership in enumerate(body.memberships.select_related("source_unit")):
        unit = membership.source_unit
        if unit is None:
            party = SeatParty.COMMUNITY
        elif unit.kind in (UnitKind.NON_PUBLIC_ENTERPRISE, UnitKind.SOCIAL_ORGANISATION):
            party = SeatParty.TWO_NEW
        else:
            party = SeatParty.UNIT
        actions.seat_bind(
            membership=membership,
            party=party,
            position=position,
            actor=system("demo", on_behalf_of=actor),
        )
    seats = list(body.seats.select_related("membership"))
    kinds = (MeetingKind.FORUM, MeetingKind.PROBLEM_SOLVING, MeetingKind.SITE_VISIT)
    picked = rng.sample(COUNCIL_TOPICS, 3)
    for i, month in enumerate((4, 8, 10) if body.kind == BodyKind.CO_BUILDING_COUNCIL else (6,)):
        with replay(_when(month, 2, 10)):
            title, description = picked[i]
            topic = actions.topic_accept(topic=_raise(body, title, description, actor), actor=actor)
        _meeting(body, kinds[i], [topic], seats, actor, _when(month, 16), rng)


def _history_read(demo: Any) -> None:
    """Notices of 2021's topics were read long ago: only the upcoming meeting's are new."""
    for user in [*demo.community_admins.values(), demo.users.get("district_admin")]:
        if user is not None:
            mine = Notification.objects.filter(user=user, topic__startswith="deliberation.")
            notifications_mark_read(user=user, ids=mine.values_list("pk", flat=True))


def _upcoming(demo: Any) -> None:
    """奉中社区: an accepted agenda and a meeting in three days, plus a resident's new topic."""
    community = demo.area_named(UPCOMING_COMMUNITY)
    body = Body.objects.get(area=community, kind=BodyKind.DELIBERATION_HALL)
    admin = demo.community_admins.get(community.code) or demo.users["district_admin"]
    topics = [
        actions.topic_accept(topic=_raise(body, title, description, admin), actor=admin)
        for title, description in UPCOMING_TOPICS[:2]
    ]
    resident = demo.users.get("jp_fengzhong_resident")
    title, description = UPCOMING_TOPICS[2]
    actions.topic_raise(body=body, title=title, description=description, actor=resident or admin)
    starts = timezone.localtime() + datetime.timedelta(days=3)
    actions.meeting_schedule(
        body=body,
        kind=MeetingKind.DELIBERATION,
        title="奉中社区四方议事会",
        starts_at=starts.replace(hour=14, minute=30, second=0, microsecond=0),
        place="奉中社区党群服务中心二楼会议室",
        topics=topics,
        actor=system("demo", on_behalf_of=admin),
    )


def deliberation_counts() -> dict[str, int]:
    by_kind = dict(
        Body.objects.filter(kind__in=DELIBERATING_KINDS, seats__isnull=False)
        .values_list("kind")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    return {
        "deliberation halls": by_kind.get(BodyKind.DELIBERATION_HALL, 0),
        "councils with seats": sum(
            n for k, n in by_kind.items() if k != BodyKind.DELIBERATION_HALL
        ),
        "deliberation topics": Topic.objects.count(),
        "deliberation meetings": Meeting.objects.count(),
        "resolutions": Resolution.objects.count(),
        "follow-up tasks": FollowUp.objects.count(),
        "orders from follow-ups": FollowUp.objects.filter(order__isnull=False).count(),
        "resolution ratings": Rating.objects.count(),
    }
