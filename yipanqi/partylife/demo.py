"""The party-life part of the Fenghua 2021 demo (issue 15): the grid branches of 锦屏街道 and of
民主社区 keep their organisational life here. Each gets a secretary (an existing member of the
branch given an account through the accounts' and people's bulk actions, appointed through the
officer action), a year of meetings with attendance and the members' dues (demo_rows), and a
dozen transfers of membership at every stage, within the district and out of it, through the
transfer actions (the clock replayed in 2021 for the finished ones). The persona member's branch's secretary is `jp_fengzhong_secretary`
(also its dues officer) and its members have this year's dues bases, for the browser test.
That branch is the one holding `jp_fengzhong_member`'s membership (their work unit's)."""

import datetime
from collections import defaultdict
from typing import Any

from django.utils import timezone

from yipanqi.accounts.actions import NewUser, users_create_bulk
from yipanqi.accounts.demo import build_users, display_name
from yipanqi.accounts.models import AccountKind
from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.clock import replay
from yipanqi.core.demo_kit.state import Demo
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import PartyOrganisationKind, Role
from yipanqi.organisations.models import PartyOrganisation
from yipanqi.partylife import actions
from yipanqi.partylife.demo_rows import DemoBranch, PartyRows
from yipanqi.partylife.models import Attendance, DuesPayment, Meeting, Transfer
from yipanqi.people.actions import persons_link_users_bulk
from yipanqi.people.models import PartyMember

TOWN = "锦屏街道"
COMMUNITY = "民主社区"
SECRETARY = "jp_fengzhong_secretary"
FIRST_GRID = "奉中社区第一网格"
# The demo personas who are members: their branches keep their party life here too; the first
# one's branch gets the `jp_fengzhong_secretary` persona.
PERSONA_MEMBERS = ("jp_fengzhong_member", "yl_minzhu_member")


def partylife_counts() -> dict[str, int]:
    return {
        "branch meetings": Meeting.objects.count(),
        "meeting attendance": Attendance.objects.count(),
        "dues payments": DuesPayment.objects.count(),
        "membership transfers": Transfer.objects.count(),
    }


def build_partylife(demo: Demo) -> None:
    actor = system("demo")
    branches = _demo_branches(demo)
    _secretaries(demo, branches, actor)
    PartyRows(actor).write(branches)
    _this_year(demo, actor)
    _transfers(branches, actor)


def _grid_codes(demo: Demo) -> list[str]:
    codes = []
    for town in demo.plan.towns:
        for community in town.communities:
            if town.name == TOWN or community.name == COMMUNITY:
                codes += [g.code for g in community.grids]
    return codes


def _member_branch(username: str) -> Any:
    """The branch holding a demo persona's membership (an in-service member's is often their
    work unit's)."""
    return PartyOrganisation.objects.get(members__person__user__username=username)


def _demo_branches(demo: Demo) -> list[DemoBranch]:
    orgs = [demo.party[code] for code in _grid_codes(demo)]  # with .area and .unit below
    for username in PERSONA_MEMBERS:
        branch = _member_branch(username)
        if branch not in orgs:
            orgs.insert(0, branch)
    members: dict[int, list[dict]] = defaultdict(list)
    rows = (
        PartyMember.objects.filter(branch__in=orgs)
        .exclude(status="transferred_out")
        .order_by("pk")
        .values(
            "id", "branch_id", "person_id", "person__name", "person__birth_date", "person__user_id"
        )
    )
    for r in rows:
        members[r["branch_id"]].append({"id": r["id"], "person": r["person_id"],
            "name": r["person__name"], "birth_date": r["person__birth_date"],
            "user_id": r["person__user_id"]})  # fmt: skip
    groups = _first_groups(orgs)
    return [
        DemoBranch(
            org,
            0,
            "",
            f"{(org.area or org.unit).name}党员活动室",
            members[org.pk],
            groups.get(org.path),
        )
        for org in orgs
        if members[org.pk]
    ]


def _first_groups(orgs: list[PartyOrganisation]) -> dict[str, int]:
    step, paths = PartyOrganisation.steplen, {o.path for o in orgs}
    groups = PartyOrganisation.objects.filter(
        kind=PartyOrganisationKind.GROUP, district_code=orgs[0].district_code
    ).order_by("path")
    found: dict[str, int] = {}
    for group in groups:
        if group.path[:-step] in paths:
            found.setdefault(group.path[:-step], group.pk)
    return found


def _secretaries(demo: Demo, branches: list[DemoBranch], actor: Any) -> None:
    """A member of each branch (without an account yet) becomes its secretary with an account."""
    first = _member_branch(PERSONA_MEMBERS[0]).pk
    chosen = [(b, next(m for m in b.members if m["user_id"] is None)) for b in branches]
    usernames = [SECRETARY if b.branch.pk == first else f"sec_{b.branch.pk}" for b, _m in chosen]
    users = _secretary_accounts(usernames, actor)
    persons_link_users_bulk(links={m["person"]: u for (_b, m), u in zip(chosen, users, strict=True)},
                            actor=actor)  # fmt: skip
    for (item, member), user in zip(chosen, users, strict=True):
        item.secretary_user_id, item.host = user.pk, member["name"]
        member["user_id"] = user.pk
        actions.officer_appoint(branch=item.branch, user=user, duty="secretary", actor=actor)
        if item.branch.pk == first:  # the browser test's persona: a grant shows it the menu
            actions.officer_appoint(branch=item.branch, user=user, duty="dues_officer", actor=actor)
            org_actions.role_grant_create(user=user, role=Role.PARTY_MEMBER,
                                          area=demo.area_named(FIRST_GRID), actor=actor)  # fmt: skip
            demo.users[SECRETARY] = user


def _secretary_accounts(usernames: list[str], actor: Any) -> list[Any]:
    """The persona's secretary signs in with the demo password; the other branches' secretaries
    hold no grant and, like every bulk account without one, cannot sign in."""
    others = [NewUser(u, display_name(u), AccountKind.PUBLIC) for u in usernames if u != SECRETARY]
    made = {u.username: u for u in users_create_bulk(users=others, password=None, actor=actor)}
    if SECRETARY in usernames:
        made[SECRETARY] = build_users([(SECRETARY, AccountKind.PUBLIC)], actor=actor)[0]
    return [made[u] for u in usernames]


def _this_year(demo: Demo, actor: Any) -> None:
    """This year's bases for the persona member's branch, so its members pay in the browser, and
    their payments of the months before this one, some members a few months behind (the persona
    member is up to date: they pay this month in the browser test)."""
    branch = _member_branch(PERSONA_MEMBERS[0])
    rng = names.rng_for("partylife", "this-year")
    today = timezone.localdate()
    for member in (
        PartyMember.objects.filter(branch=branch).select_related("person__user").order_by("pk")
    ):
        base = f"{rng.randrange(3000, 12000, 100)}"
        actions.dues_base_set(member=member, year=today.year, category="income", base_yuan=base,
                              actor=actor)  # fmt: skip
        persona = getattr(member.person.user, "username", "") == PERSONA_MEMBERS[0]
        behind = 0 if persona or rng.random() < 0.8 else rng.randint(1, 3)
        for month in range(1, today.month - behind):
            actions.dues_pay(member=member, month=datetime.date(today.year, month, 1),
                             paid_on=datetime.date(today.year, month, 15),
                             channel=rng.choice(("wechat", "alipay")), actor=actor)  # fmt: skip


def _movers(branches: list[DemoBranch]) -> list[tuple[Any, DemoBranch]]:
    """Members without an account, one per branch, for the transfers (deterministic)."""
    out = []
    for item in branches[1:]:
        spare = [m for m in item.members if m["user_id"] is None]
        if spare:
            out.append((spare[-1]["id"], item))
    return out


def _transfers(branches: list[DemoBranch], actor: Any) -> None:
    """Transfers at every stage, within the district between two demo branches and out of it:
    done (in the district the member moves branch; out of it a letter), rejected, withdrawn,
    waiting for approval, waiting for acceptance (one of them by the persona secretary's branch)
    and one overdue (escalated). Spread over the demo year's months."""
    movers = _movers(branches)
    members = PartyMember.objects.in_bulk([pk for pk, _b in movers])
    persona = _member_branch(PERSONA_MEMBERS[0])
    for n, (stage, (pk, item)) in enumerate(zip(PLAN, movers, strict=False)):
        target = branches[(branches.index(item) + 7) % len(branches)].branch
        if stage == "approved" and item.branch.pk != persona.pk:
            target = persona  # the persona secretary has a member to receive
        # moves within the district come after every demo member joined (people's reference day)
        month = 9 + PLAN[:n].count("done") if stage == "done" else 1 + n * 11 // len(PLAN)
        with replay(clock.at(month, 3, 10)):
            transfer = actions.transfer_request(
                member=members[pk], to_org=None if stage == "letter" else target,
                outside_org="中共宁波市海曙区某社区支部委员会" if stage == "letter" else "",
                reason="工作调动" if n % 2 else "居住地变更", actor=actor,
            )  # fmt: skip
        _advance(transfer, stage, clock.at(month, 10, 10), actor)
    actions.transfers_escalate()


# "done": accepted by another demo branch (the member's branch changes, through people's action);
# "letter": out of the district with a numbered letter.
PLAN = ("letter", "done", "letter", "done", "letter", "done", "letter", "letter", "rejected",
        "withdrawn", "requested", "approved", "overdue")  # fmt: skip


def _advance(transfer: Transfer, stage: str, at: datetime.datetime, actor: Any) -> None:
    if stage == "requested":
        return
    if stage in ("rejected", "withdrawn"):
        with replay(at):
            if stage == "rejected":
                actions.transfer_reject(transfer=transfer, note="材料不齐，请补充", actor=actor)
            else:
                actions.transfer_withdraw(transfer=transfer, note="本人撤回", actor=actor)
        return
    with replay(at if stage != "approved" else timezone.now()):
        actions.transfer_approve(transfer=transfer, actor=actor)
    if stage in ("done", "letter"):
        with replay(at + datetime.timedelta(days=7)):
            letter = "奉组转〔2021〕第12号" if stage == "letter" else ""
            actions.transfer_accept(transfer=transfer, letter_no=letter, actor=actor)
