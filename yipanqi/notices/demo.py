"""The notices part of the Fenghua 2021 demo (issue 14, "Demo"): a year of notices from every
town / street and its communities to their party members — information, calls for volunteers
(some capped and filled, the rest waitlisted), surveys and meeting notices — with realistic read
and reply rates; and, on today's clock, a call of 奉中社区 still open with reminders due and a
survey of 锦屏街道, sent and partly answered through the actions.

How it is built. The 2021 notices, their receipts and history go straight into their tables in
batches (core.demo_kit.rows), each notice followed by one `notices.demo.receipts_created` audit
event naming its receipt rows by id ranges (docs/decisions/005, 010). Audiences are resolved once
from one read of the district's members (each notice reaches the members of its area as they
were then). The open notices go through `notice_create`, `notice_send` and `reply_submit`.
"""

import datetime
import json
import random
from collections import defaultdict
from typing import Any

from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.rows import RowWriter
from yipanqi.core.demo_kit.state import Demo
from yipanqi.notices import actions
from yipanqi.notices.audience import PERSON_COLUMNS, Target
from yipanqi.notices.choices import ATTENDANCE_KINDS, NoticeKind, NoticeStatus, Place
from yipanqi.notices.models import Notice, NoticeEvent, NoticeRecipient
from yipanqi.organisations.models import Area
from yipanqi.people.imports.writer import id_ranges
from yipanqi.people.models import Person

DEMO = system("demo")
# (kind, title, options, places): what towns and communities sent through 2021.
TOWN_NOTICES = (
    (NoticeKind.INFORMATION, "关于开展党史学习教育的通知", [], None),
    (NoticeKind.MEETING, "七一表彰大会参会通知", [], None),
    (NoticeKind.SURVEY, "“我为群众办实事”需求征集", ["就业服务", "养老助餐", "环境整治", "文体活动"], None),
    (NoticeKind.VOLUNTEERS, "疫苗接种点志愿者招募", [], 30),
)  # fmt: skip
COMMUNITY_NOTICES = (
    (NoticeKind.VOLUNTEERS, "垃圾分类督导志愿者招募", [], 8),
    (NoticeKind.MEETING, "主题党日活动通知", [], None),
    (NoticeKind.INFORMATION, "防台防汛安全提醒", [], None),
    (NoticeKind.SURVEY, "小区停车管理意见征询", ["同意", "不同意", "无所谓"], None),
    (NoticeKind.VOLUNTEERS, "重阳节敬老志愿服务招募", [], 10),
)  # fmt: skip
BODIES = {
    NoticeKind.INFORMATION: "请各位党员知悉，并转告身边群众。",
    NoticeKind.MEETING: "请准时参加，不能参加的请回复说明。",
    NoticeKind.SURVEY: "请选择您最关心的一项，也可以留言提出建议。",
    NoticeKind.VOLUNTEERS: "名额有限，先报先得；报满后进入候补，有人退出时依次递补。",
}
READ, REPLY = (0.72, 0.95), (0.5, 0.85)  # ranges of the share reading, and replying of readers


def notices_counts() -> dict[str, int]:
    return {"notices": Notice.objects.count(), "notice receipts": NoticeRecipient.objects.count()}


def build_notices(demo: Demo) -> None:
    """The demo step: a year of notices with receipts, then the open ones of today."""
    Notices2021(demo).write()
    _open_notices(demo)


def _members() -> dict[str, list[Target]]:
    """Every party member as a recipient to be, by the path of their community (one query)."""
    by_community: dict[str, list[Target]] = defaultdict(list)
    rows = Person.objects.filter(party_member__isnull=False).order_by("pk")
    step = Area.steplen * 3
    for row in rows.values_list(*PERSON_COLUMNS):
        target = Target(*row)
        by_community[target.scope_path[:step]].append(target)
    return by_community


class Notices2021:
    def __init__(self, demo: Demo):
        self.demo = demo
        self.writer = RowWriter.of(Notice, NoticeEvent, NoticeRecipient, actor=DEMO)
        self.members = _members()

    def write(self) -> None:
        for town in self.demo.plan.towns:
            area = self.demo.areas[town.code]
            rng = names.rng_for("notices", town.code)
            communities = [self.demo.areas[c.code] for c in town.communities]
            everyone = [t for c in communities for t in self.members.get(c.path, [])]
            for i, spec in enumerate(TOWN_NOTICES):
                self._notice(area, spec, everyone, clock.at(2 + i * 3, 10, 9), rng)
            for c in communities[:4]:  # the first few communities of each town
                for i, spec in enumerate(COMMUNITY_NOTICES):
                    month = 1 + (i * 2 + c.pk) % 11
                    self._notice(c, spec, self.members.get(c.path, []), clock.at(month, 8, 15), rng)
        self.writer.finish()

    def _notice(self, area: Any, spec: tuple, targets: list[Target], sent: Any, rng: Any) -> None:
        if not targets:
            return
        kind, title, options, places = spec
        if kind in ATTENDANCE_KINDS and not options:
            options = ["我参加", "不能参加"]
        w, deadline = self.writer, sent + datetime.timedelta(days=5)
        audience = {"kind": "area", "ids": [area.pk], "members_only": True}
        notice_id = w.add(
            Notice, created_at=w.stamp(sent), updated_at=w.now, scope_path=area.scope_path,
            district_code=area.district_code, area_id=area.pk, title=title, body=BODIES[kind],
            kind=kind, options=json.dumps(options, ensure_ascii=False), free_reply=kind == NoticeKind.SURVEY,
            places=places if places and places < len(targets) else None, deadline=w.stamp(deadline),
            audience=json.dumps(audience), audience_label=f"区域：{area.name}（仅党员）",
            status=NoticeStatus.CLOSED, created_by_id=None, sent_at=w.stamp(sent),
            recipients_total=len(targets), closed_at=w.stamp(deadline), reason="", version=3,
        )  # fmt: skip
        for old, new, when in (("draft", "sending", sent), ("sending", "sent", sent),
                               ("sent", "closed", deadline)):  # fmt: skip
            w.add(NoticeEvent, created_at=w.stamp(when), updated_at=w.now,
                  scope_path=area.scope_path, district_code=area.district_code,
                  notice_id=notice_id, kind=new, actor_id=None, from_status=old, to_status=new,
                  note="")  # fmt: skip
        capped = places if places and places < len(targets) else None
        pks = self._receipts(notice_id, targets, options, capped, sent, kind, rng)
        target = Notice(pk=notice_id, title=title, scope_path=area.scope_path,
                        district_code=area.district_code)  # fmt: skip
        w.event(action="notices.demo.receipts_created", target=target,
                data={"receipts": len(pks), "ids": id_ranges(pks)})  # fmt: skip
        w.maybe_flush()

    def _receipts(self, notice_id: int, targets: list[Target], options: list[str],
                  places: int | None, sent: Any, kind: str, rng: random.Random) -> list[int]:  # fmt: skip
        read_share, reply_share = rng.uniform(*READ), rng.uniform(*REPLY)
        w, pks, accepted = self.writer, [], 0
        for t in targets:
            read = rng.random() < read_share
            read_at = (
                sent + datetime.timedelta(minutes=rng.randint(5, 3 * 24 * 60)) if read else None
            )
            replied_at, option, place = None, None, ""
            if read and options and rng.random() < reply_share:
                replied_at = read_at + datetime.timedelta(minutes=rng.randint(1, 120))
                option = 0 if rng.random() < 0.7 else rng.randrange(len(options))
                if places is not None and option == 0:
                    place = Place.ACCEPTED if accepted < places else Place.WAITLISTED
                    accepted += place == Place.ACCEPTED
            pks.append(w.add(
                NoticeRecipient, created_at=w.stamp(sent), updated_at=w.now,
                scope_path=t.scope_path, district_code=t.district_code, notice_id=notice_id,
                person_id=t.person_id, user_id=t.user_id, name=t.name, area_id=t.area_id,
                branch_id=t.branch_id, read_at=w.stamp(read_at) if read_at else None,
                replied_at=w.stamp(replied_at) if replied_at else None, reply_option=option,
                reply_text="", place=place, reminders_sent=0 if read else 2,
            ))  # fmt: skip
        return pks


def _open_notices(demo: Demo) -> None:
    """Today's open notices, through the actions: 奉中社区's capped call (a reminder due: the
    deadline is within two days) and 锦屏街道's survey, each partly answered."""
    now = timezone.now()
    fengzhong, jinping = demo.area_named("奉中社区"), demo.area_named("锦屏街道")
    call = actions.notice_create(
        area=fengzhong, title="周末清洁家园志愿者招募", kind=NoticeKind.VOLUNTEERS, places=5,
        body="本周六上午8点在社区广场集合，清理楼道和绿化带。名额5人，报满候补。",
        audience={"kind": "area", "ids": [fengzhong.pk], "members_only": True},
        deadline=now + datetime.timedelta(hours=30), actor=DEMO,
    )  # fmt: skip
    survey = actions.notice_create(
        area=jinping, title="党群服务中心开放时间意见征询", kind=NoticeKind.SURVEY,
        body="拟将党群服务中心周末开放时间延长至晚上8点，请提出您的意见。",
        options=["赞成", "不赞成"], free_reply=True,
        audience={"kind": "area", "ids": [fengzhong.pk], "members_only": True},
        deadline=now + datetime.timedelta(days=7), actor=DEMO,
    )  # fmt: skip
    for notice in (call, survey):
        actions.notice_send(notice=notice, actor=DEMO)
    rng = names.rng_for("notices", "open")
    members = set(demo.users.values())
    for notice, share in ((call, 0.5), (survey, 0.3)):
        # the demo personas keep theirs unread, for the walk-through
        rows = notice.recipients.exclude(user__in=members).select_related("notice")
        for recipient in rows.order_by("pk"):
            if rng.random() < share:
                actions.reply_submit(recipient=recipient, option=0, actor=DEMO)
