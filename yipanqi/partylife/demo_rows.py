"""The bulk part of party life's demo: a year (2021) of branch meetings with attendance, and the
members' dues bases and payments, written straight into party life's tables in batches
(core.demo_kit.rows) with one audit event per branch naming its rows by id ranges (decisions 005,
010). Most branches are compliant; about one in seven falls behind. The rules used are the
app's own (rules.py): required kinds and periods from policy, dues from the rate table.

The current year is played too, up to today (the build's own date, not the 2021 clock), so the
compliance views show a live period: earlier periods held or missed, the current one held by
some branches (the latest records still awaiting the secretary's confirmation) and still due for
the others. Its random stream is separate, so the 2021 rows and figures do not change."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from yipanqi.core import pii
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.rows import RowWriter
from yipanqi.partylife.choices import DuesCategory, MeetingKind
from yipanqi.partylife.models import Attendance, DuesBase, DuesPayment, Meeting
from yipanqi.partylife.rules import frequencies, mask_base, monthly_dues_fen, periods_in
from yipanqi.partylife.sealing import BASE_CONTEXT
from yipanqi.people.imports.writer import id_ranges

BEHIND_SHARE = 0.15  # branches that fall behind
HELD_RATE = {False: 0.99, True: 0.55}  # chance a required meeting is held, by "behind"
# This year's current period: how many branches have held it already, by "behind".
CURRENT_RATE = {False: 0.5, True: 0.15}
CONFIRM_AFTER_DAYS = 3  # this year's records younger than this still await confirmation
TOPICS = {
    MeetingKind.BRANCH_GENERAL: (
        "学习贯彻党的会议精神",
        "民主评议党员",
        "发展党员讨论",
        "半年工作总结",
    ),
    MeetingKind.COMMITTEE: ("研究本月支部工作", "讨论党员积分", "部署志愿服务", "研究困难党员帮扶"),
    MeetingKind.GROUP: ("学习党章党规", "交流学习体会", "讨论网格服务"),
    MeetingKind.LECTURE: ("书记讲党课：党史学习教育", "党课：为民办实事", "党课：基层治理一盘棋"),
    MeetingKind.THEMED_DAY: (
        "清楼行动",
        "垃圾分类宣传",
        "走访困难群众",
        "重温入党誓词",
        "环境整治",
    ),
}
CHANNELS = ("wechat", "wechat", "alipay", "bank", "cash")


@dataclass
class DemoBranch:
    branch: Any
    secretary_user_id: int
    host: str
    place: str
    members: list[dict]  # id, birth_date, user_id, name
    group_id: int | None = None


class PartyRows:
    def __init__(self, actor: Any):
        self.writer = RowWriter.of(Meeting, Attendance, DuesBase, DuesPayment, actor=actor)
        self.made: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))

    def write(self, branches: list[DemoBranch]) -> None:
        for item in branches:
            rng = names.rng_for("partylife", str(item.branch.pk))
            self._meetings(item, rng)
            self._dues(item, rng)
            self._this_year(item, names.rng_for("partylife", "now", str(item.branch.pk)))
            self.writer.maybe_flush()
        for item in branches:
            made = self.made[item.branch.pk]
            data = {k: {"rows": len(v), "ids": id_ranges(v)} for k, v in made.items()}
            self.writer.event(action="partylife.demo.meetings_created", target=item.branch,
                              data={k: data[k] for k in ("meetings", "attendance") if k in data})  # fmt: skip
            self.writer.event(action="partylife.demo.payments_created", target=item.branch,
                              data={k: data[k] for k in ("bases", "payments") if k in data})  # fmt: skip
        self.writer.finish()

    def _meetings(self, item: DemoBranch, rng: random.Random) -> None:
        behind = rng.random() < BEHIND_SHARE
        start, end = datetime.date(clock.YEAR, 1, 1), datetime.date(clock.YEAR, 12, 31)
        for kind, frequency in frequencies(item.branch.district_code).items():
            if kind == MeetingKind.GROUP and item.group_id is None:
                continue
            for period in periods_in(frequency, start, end):
                if rng.random() < HELD_RATE[behind]:
                    span = (period.end - period.start).days
                    day = period.start + datetime.timedelta(days=rng.randint(0, span - 2))
                    self._meeting(item, kind, day, rng)

    def _this_year(self, item: DemoBranch, rng: random.Random) -> None:
        """The current year up to yesterday: past periods as in 2021, the current one held by
        some branches only."""
        today = timezone.localdate()
        if today.year <= clock.YEAR:
            return
        behind = rng.random() < BEHIND_SHARE
        start = datetime.date(today.year, 1, 1)
        for kind, frequency in frequencies(item.branch.district_code).items():
            if kind == MeetingKind.GROUP and item.group_id is None:
                continue
            for period in periods_in(frequency, start, today):
                current = period.end >= today
                last = min(period.end, today - datetime.timedelta(days=1))
                rate = CURRENT_RATE[behind] if current else HELD_RATE[behind]
                if last >= period.start and rng.random() < rate:
                    span = (last - period.start).days
                    day = period.start + datetime.timedelta(days=rng.randint(0, span))
                    recent = (today - day).days < CONFIRM_AFTER_DAYS
                    self._meeting(item, kind, day, rng, confirmed=not recent)

    def _meeting(
        self,
        item: DemoBranch,
        kind: str,
        day: datetime.date,
        rng: random.Random,
        confirmed: bool = True,
    ) -> None:
        w, b = self.writer, item.branch
        hour = rng.choice((9, 14, 19))
        at = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=clock.LOCAL)
        confirmed_at = at + datetime.timedelta(days=2) if confirmed else None
        pk = w.add(
            Meeting, created_at=w.stamp(at - datetime.timedelta(days=5)), updated_at=w.now,
            scope_path=b.scope_path, district_code=b.district_code, branch_id=b.pk,
            group_id=item.group_id if kind == MeetingKind.GROUP else None, kind=kind,
            held_on=w.day(day), place=item.place, booking_id=None,
            topic=rng.choice(TOPICS[MeetingKind(kind)]), host=item.host,
            minutes="会议传达学习有关精神，党员结合实际交流发言，明确下一步工作。", resolutions="",
            status="confirmed" if confirmed else "recorded", sign_in_code="",
            confirmed_by_id=item.secretary_user_id if confirmed else None,
            confirmed_at=w.stamp(confirmed_at) if confirmed_at else None,
            version=2 if confirmed else 1,
        )  # fmt: skip
        self.made[b.pk]["meetings"].append(pk)
        for member in item.members:
            roll = rng.random()
            status = "present" if roll < 0.85 else ("excused" if roll < 0.93 else "absent")
            present = status == "present"
            row = w.add(
                Attendance, created_at=w.stamp(at), updated_at=w.now, scope_path=b.scope_path,
                district_code=b.district_code, meeting_id=pk, member_id=member["id"],
                status=status, reason="因公出差" if status == "excused" else "",
                method=rng.choice(("qr", "qr", "list")) if present else "",
                signed_in_at=w.stamp(at) if present else None,
            )  # fmt: skip
            self.made[b.pk]["attendance"].append(row)

    def _dues(self, item: DemoBranch, rng: random.Random) -> None:
        w, b = self.writer, item.branch
        for member in item.members:
            category, base_fen = _category(member, rng)
            monthly = monthly_dues_fen(category, base_fen, b.district_code)
            sealed = None if base_fen is None else pii.encrypt(str(base_fen), context=BASE_CONTEXT)
            pk = w.add(
                DuesBase, created_at=w.stamp(clock.at(1, 10, 9)), updated_at=w.now,
                scope_path=b.scope_path, district_code=b.district_code, member_id=member["id"],
                branch_id=b.pk, year=clock.YEAR, category=category, base_cipher=sealed,
                base_masked="" if base_fen is None else mask_base(base_fen), monthly_fen=monthly,
            )  # fmt: skip
            self.made[b.pk]["bases"].append(pk)
            roll = rng.random()
            unpaid = 0 if roll < 0.85 else (rng.randint(1, 3) if roll < 0.95 else rng.randint(4, 6))
            for month in range(1, 13 - unpaid):
                paid = datetime.date(clock.YEAR, month, rng.randint(5, 25))
                row = w.add(
                    DuesPayment, created_at=w.stamp(clock.at(month, paid.day, 10)),
                    updated_at=w.now, scope_path=b.scope_path, district_code=b.district_code,
                    member_id=member["id"], branch_id=b.pk,
                    month=w.day(datetime.date(clock.YEAR, month, 1)), amount_fen=monthly,
                    paid_on=w.day(paid), channel=rng.choice(CHANNELS),
                    receipt_no=f"DF{clock.YEAR}{month:02d}-{member['id']}", idempotency_key="",
                    recorded_by_id=item.secretary_user_id,
                )  # fmt: skip
                self.made[b.pk]["payments"].append(row)


def _category(member: dict, rng: random.Random) -> tuple[str, int | None]:
    if member["birth_date"].year <= clock.YEAR - 60:
        return DuesCategory.RETIREE, rng.randrange(250000, 900000, 1000)
    roll = rng.random()
    if roll < 0.04:
        return DuesCategory.STUDENT, None
    if roll < 0.08:
        return DuesCategory.UNEMPLOYED, None
    return DuesCategory.INCOME, rng.randrange(200000, 1800000, 1000)
