"""Every action records before/after of each field it changed (DESIGN §2.3, issue 16).

The walk: for each action below, a row is built with the apps' factories, its fields are
snapshotted (`core.workflow.snapshot`: foreign keys as ids), the action runs, and the one audit
event it wrote under its code must have `changes` holding exactly the fields whose stored value
changed, old and new as the row had them (serialised as the audit serialises them). An action that
creates a row must record its main fields as [None, value]; one that deletes a row, each field it
records as [value, None].

`test_every_action_is_walked_or_listed` lists every public function of every app's actions
module or package: a new action fails it until it is walked here or listed, with a reason, in
NOT_WALKED.
"""

import datetime
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.utils import timezone
from django_otp.oath import totp

import yipanqi
from yipanqi.accounts import actions as accounts
from yipanqi.centres.tests import audit_cases as centres_cases
from yipanqi.cobuilding.tests import audit_cases as cobuilding_cases
from yipanqi.core import actions as core_actions
from yipanqi.core import audit
from yipanqi.core.actors import system
from yipanqi.core.models import AuditEvent, PolicySetting
from yipanqi.core.testing import tiny_png
from yipanqi.core.workflow import HIDDEN, snapshot
from yipanqi.deliberation import actions as delib
from yipanqi.deliberation.choices import MeetingKind, SeatParty, VoteChoice
from yipanqi.deliberation.tests import factories as delib_factories
from yipanqi.duties.tests import audit_cases as duties_cases
from yipanqi.funding.tests import audit_cases as funding_cases
from yipanqi.grid import actions as grid
from yipanqi.grid.actions import FollowUp
from yipanqi.grid.actions.incidents import incident_escalate_overdue
from yipanqi.grid.choices import FollowUpKind, Outcome
from yipanqi.grid.tests.factories import build_grid_world
from yipanqi.notices.tests import audit_cases as notices_cases
from yipanqi.officers.tests import audit_cases as officers_cases
from yipanqi.orders import actions as orders
from yipanqi.orders import policies as order_policies
from yipanqi.orders.choices import DispatchKind
from yipanqi.orders.tests import audit_cases_teams as teams_cases
from yipanqi.orders.tests.factories import build_orders_world, make_member
from yipanqi.organisations import actions as org
from yipanqi.organisations.choices import (
    AreaKind,
    BodyKind,
    MemberRole,
    PartyOrganisationKind,
    Role,
    UnitKind,
)
from yipanqi.organisations.models import RoleGrant
from yipanqi.organisations.tests.factories import build_district
from yipanqi.partylife.tests import audit_cases as partylife_cases
from yipanqi.people import actions as people
from yipanqi.people.choices import MembershipKind, MemberStatus, ParticipationKind
from yipanqi.people.models import Person
from yipanqi.people.tests import audit_cases as people_cases
from yipanqi.privacy.tests import audit_cases as privacy_cases
from yipanqi.reports.tests import audit_cases as reports_cases
from yipanqi.socialorgs.tests import audit_cases as socialorgs_cases
from yipanqi.venues.tests import audit_cases as venues_cases
from yipanqi.workforce.tests import audit_cases as workforce_cases

PNG = tiny_png()
TEST = system("test")


class World:
    """The factories' worlds on one district, each built only when a case asks for it."""

    @cached_property
    def d(self) -> Any:
        return build_district()

    @cached_property
    def orders(self) -> Any:
        return build_orders_world(self.d)

    @cached_property
    def delib(self) -> Any:
        return delib_factories.build_world(self.d)

    @cached_property
    def grid(self) -> Any:
        return build_grid_world(self.d)

    @property
    def p(self) -> dict[str, Any]:
        return self.d.personas

    def admin(self) -> Any:
        return self.p["community_admin_a1"]


@dataclass
class Step:
    """What a case runs and how its event is read.

    row: the existing row the action changes (None: `run` creates one, the event's target);
    also: change keys that are not fields of the row (changes of related rows: "present",
          "photo", "target." for every "target.<field>"), allowed beside the row's fields;
    rename: row field → the key it is recorded under (a sealed value is recorded masked under
          another name; None: the field is recorded only through its masked twin);
    hidden: fields recorded as changed without their values;
    bookkeeping: fields a third-party library keeps for itself (django-otp's replay counter, clock
          drift, throttle and last use), not audited.
    """

    code: str
    run: Callable[[], Any]
    row: Model | None = None
    also: tuple[str, ...] = ()
    rename: dict[str, str | None] | None = None
    hidden: tuple[str, ...] = ()
    deleted: bool = False
    bookkeeping: tuple[str, ...] = ()


# --- the cases: one function per case, `(action, case)` in CASES ---------------------------------


def _policy(w: World) -> Step:
    key, code = order_policies.MAX_HOURS_PER_MEMBER.key, w.d.district.district_code
    where = {"district_code": code, "scope_path": w.d.district.path}
    core_actions.policy_set(key=key, value=6, actor=w.p["district_admin"], **where)
    row = PolicySetting.objects.get(key=key, district_code=code)
    run = partial(core_actions.policy_set, key=key, value=5, actor=w.p["district_admin"], **where)
    return Step("core.policy.changed", run, row, rename={"value": key, "district_code": None})


def _user_create(w: World) -> Step:
    return Step(
        "accounts.user.created",
        partial(
            accounts.user_create,
            username="new_user",
            password="An0ther#Passw0rd-21",
            actor=w.p["system_admin"],
        ),
    )


def _user_password(w: World) -> Step:
    user = w.p["no_role"]
    run = partial(accounts.user_set_password, user=user, password="An0ther#Passw0rd-21", actor=user)
    return Step("accounts.user.password_changed", run, user, hidden=("password",))


def _user_deactivate(w: World) -> Step:
    user = w.p["no_role"]
    run = partial(accounts.user_deactivate, user=user, actor=w.p["system_admin"])
    return Step("accounts.user.deactivated", run, user)


def _user_elder_mode(w: World) -> Step:
    user = w.p["no_role"]
    return Step(
        "accounts.user.elder_mode_changed",
        partial(accounts.user_set_elder_mode, user=user, on=True, actor=user),
        user,
    )


def _token_issue(w: World) -> Step:
    return Step("accounts.token.issued", partial(accounts.token_issue, user=w.p["no_role"]))


def _token_revoke(w: World) -> Step:
    user = w.p["no_role"]
    accounts.token_issue(user=user, name="phone")
    token = _token_of(user)
    return Step(
        "accounts.token.revoked", partial(accounts.token_revoke, token=token, actor=user), token
    )


# django-otp keeps these on the device for itself (replay counter, clock drift, throttle, last use)
OTP_BOOKKEEPING = (
    "last_t",
    "drift",
    "last_used_at",
    "throttling_failure_timestamp",
    "throttling_failure_count",
)


def _totp_enrol_confirm(w: World) -> Step:
    """R-AU-1: turning the second factor on records the device's `confirmed`."""
    user = w.admin()
    device = accounts.totp_enrol_start(user=user)  # the first one: no password asked
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    return Step(
        "accounts.two_factor.enrolled",
        partial(accounts.totp_enrol_confirm, user=user, token=code),
        device,
        bookkeeping=OTP_BOOKKEEPING,
    )


def _token_of(user: Any) -> Any:
    from yipanqi.accounts.models import ApiToken

    return ApiToken.objects.get(user=user)


# deliberation


def _hall_create(w: World) -> Step:
    return Step(
        "organisations.body.created",
        partial(delib.hall_create, area=w.d.communities[1], actor=TEST),
    )


def _seat_add(w: World) -> Step:
    body = w.delib.halls["a1"].body
    run = partial(
        delib.seat_add, body=body, member_name="钱七", party=SeatParty.RESIDENTS, actor=w.admin()
    )
    return Step("deliberation.seat.bound", run)


def _seat_bind(w: World) -> Step:
    body = w.delib.halls["a1"].body
    membership = org.membership_add(
        body=body,
        member_name="孙八",
        role=MemberRole.MEMBER,
        term_start=datetime.date(2021, 1, 1),
        actor=TEST,
    )
    run = partial(
        delib.seat_bind, membership=membership, party=SeatParty.RESIDENTS, actor=w.admin()
    )
    return Step("deliberation.seat.bound", run)


def _topic_raise(w: World) -> Step:
    w.delib  # noqa: B018 (built before the action runs)
    return Step(
        "deliberation.topic.raised", partial(delib_factories.raise_topic, w.delib, "a1", "路灯")
    )


def _topic_accept(w: World) -> Step:
    topic = delib_factories.raise_topic(w.delib)
    run = partial(delib.topic_accept, topic=topic, actor=w.admin())
    return Step("deliberation.topic.accepted", run, topic)


def _topic_decline(w: World) -> Step:
    topic = delib_factories.raise_topic(w.delib)
    run = partial(delib.topic_decline, topic=topic, reason="不属本厅", actor=w.admin())
    return Step("deliberation.topic.declined", run, topic)


def _schedule(w: World, topics: tuple = ()) -> Any:
    return delib.meeting_schedule(
        body=w.delib.halls["a1"].body,
        kind=MeetingKind.DELIBERATION,
        title="四方议事会",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        place="社区会议室",
        topics=topics,
        actor=w.admin(),
    )


def _meeting_schedule(w: World) -> Step:
    w.delib  # noqa: B018
    return Step("deliberation.meeting.scheduled", partial(_schedule, w))


def _agenda_add(w: World) -> Step:
    meeting = _schedule(w)
    topic = delib.topic_accept(topic=delib_factories.raise_topic(w.delib), actor=w.admin())
    run = partial(delib.agenda_add, meeting=meeting, topic=topic, actor=w.admin())
    return Step("deliberation.topic.scheduled", run, topic)


def _meeting_open(w: World) -> Step:
    meeting = _schedule(w)
    run = partial(delib.meeting_open, meeting=meeting, actor=w.admin())
    return Step("deliberation.meeting.opened", run, meeting)


def _meeting_close(w: World) -> Step:
    meeting = delib_factories.open_meeting(w.delib)
    run = partial(delib.meeting_close, meeting=meeting, actor=w.admin())
    return Step("deliberation.meeting.closed", run, meeting)


def _meeting_cancel(w: World) -> Step:
    meeting = _schedule(w)
    run = partial(delib.meeting_cancel, meeting=meeting, reason="台风", actor=w.admin())
    return Step("deliberation.meeting.cancelled", run, meeting)


def _attendance(w: World) -> Step:
    meeting = delib_factories.open_meeting(w.delib)
    seats = [s.pk for s in w.delib.halls["a1"].seats]
    delib.attendance_set(meeting=meeting, present=seats, actor=w.admin())
    run = partial(delib.attendance_set, meeting=meeting, present=seats[:3], actor=w.admin())
    return Step("deliberation.meeting.attendance", run, meeting, also=("present",))


def _minutes(w: World) -> Step:
    meeting = delib_factories.open_meeting(w.delib)
    run = partial(
        delib.minutes_save, meeting=meeting, minutes="到会五方，议定增划车位。", actor=w.admin()
    )
    return Step("deliberation.meeting.minutes", run, meeting)


def _meeting_photo_add(w: World) -> Step:
    meeting = delib_factories.open_meeting(w.delib)
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    run = partial(delib.meeting_photo_add, meeting=meeting, upload=upload, actor=w.admin())
    return Step("deliberation.meeting.photo_added", run, meeting, also=("photo",))


def _meeting_photo_remove(w: World) -> Step:
    meeting = delib_factories.open_meeting(w.delib)
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    photo = delib.meeting_photo_add(meeting=meeting, upload=upload, actor=w.admin())
    run = partial(delib.meeting_photo_remove, photo=photo, actor=w.admin())
    return Step("deliberation.meeting.photo_removed", run, meeting, also=("photo",))


def _resolution_draft(w: World) -> Step:
    meeting = delib_factories.open_meeting(w.delib)
    topic = meeting.agenda.get()
    run = partial(delib.resolution_draft, topic=topic, text="增划车位", actor=w.admin())
    return Step("deliberation.resolution.drafted", run)


def _vote_new(w: World) -> Step:
    resolution = delib_factories.voted_resolution(w.delib, choices=(VoteChoice.FOR,) * 4)
    seat = w.delib.halls["a1"].seats[4]
    run = partial(
        delib.vote_record,
        resolution=resolution,
        seat=seat,
        choice=VoteChoice.AGAINST,
        note="费用",
        actor=w.admin(),
    )
    return Step("deliberation.vote.recorded", run)


def _vote_changed(w: World) -> Step:
    resolution = delib_factories.voted_resolution(w.delib)
    core_actions.policy_set(
        key="deliberation.vote_changes_allowed",
        district_code=resolution.district_code,
        value=True,
        actor=TEST,
    )
    seat = w.delib.halls["a1"].seats[0]
    vote = resolution.votes.get(seat=seat)
    run = partial(
        delib.vote_record,
        resolution=resolution,
        seat=seat,
        choice=VoteChoice.ABSTAIN,
        note="再议",
        actor=w.admin(),
    )
    return Step("deliberation.vote.recorded", run, vote)


def _resolve(w: World) -> Step:
    resolution = delib_factories.voted_resolution(w.delib)
    run = partial(delib.resolution_resolve, resolution=resolution, actor=w.admin())
    return Step("deliberation.resolution.decided", run, resolution)


def _publish(w: World) -> Step:
    resolution = delib_factories.voted_resolution(w.delib)
    resolution = delib.resolution_resolve(resolution=resolution, actor=w.admin())
    run = partial(delib.resolution_publish, resolution=resolution, actor=w.admin())
    return Step("deliberation.resolution.published", run, resolution)


def _rating(w: World) -> Step:
    resolution = delib_factories.published_resolution(w.delib)
    run = partial(
        delib.rating_submit,
        resolution=resolution,
        score=4,
        comment="不错",
        actor=w.p["resident_a1"],
    )
    return Step("deliberation.rating.submitted", run)


def _follow_up(w: World) -> Any:
    resolution = delib_factories.published_resolution(w.delib)
    return delib.followup_create(
        resolution=resolution, title="增划停车位", owner_name="物业公司", actor=w.admin()
    )


def _followup_create(w: World) -> Step:
    resolution = delib_factories.published_resolution(w.delib)
    run = partial(
        delib.followup_create,
        resolution=resolution,
        title="增划停车位",
        owner_name="物业公司",
        actor=w.admin(),
    )
    return Step("deliberation.followup.created", run)


def _followup_open_order(w: World) -> Step:
    task = _follow_up(w)
    run = partial(delib.followup_open_order, follow_up=task, actor=w.admin())
    return Step("deliberation.followup.order_opened", run, task)


def _followup_complete(w: World) -> Step:
    task = _follow_up(w)
    run = partial(delib.followup_complete, follow_up=task, note="已划线", actor=w.admin())
    return Step("deliberation.followup.done", run, task)


def _followup_cancel(w: World) -> Step:
    task = _follow_up(w)
    run = partial(delib.followup_cancel, follow_up=task, reason="已不需要", actor=w.admin())
    return Step("deliberation.followup.cancelled", run, task)


# grid


def _incident_report(w: World) -> Step:
    w.grid  # noqa: B018
    return Step("grid.incident.reported", partial(w.grid.report))


def _incident(w: World, state: str = "reported") -> Any:
    incident = w.grid.report()
    if state in ("accepted", "handled"):
        incident = grid.incident_accept(incident=incident, actor=w.admin())
    if state == "handled":
        incident = grid.incident_handle(incident=incident, note="已清运", actor=w.admin())
    return incident


def _incident_accept(w: World) -> Step:
    incident = _incident(w)
    run = partial(grid.incident_accept, incident=incident, actor=w.admin())
    return Step("grid.incident.accepted", run, incident)


def _incident_handle(w: World) -> Step:
    incident = _incident(w, "accepted")
    run = partial(grid.incident_handle, incident=incident, note="已清运", actor=w.admin())
    return Step("grid.incident.handled", run, incident)


def _incident_escalate(w: World) -> Step:
    incident = _incident(w)
    run = partial(grid.incident_escalate, incident=incident, reason="需街道协调", actor=w.admin())
    return Step("grid.incident.escalated", run, incident)


def _incident_overdue(w: World) -> Step:
    incident = _incident(w)
    type(incident).objects.filter(pk=incident.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    run = partial(
        incident_escalate_overdue, obj=incident, now=timezone.now(), actor=system("grid.escalation")
    )
    return Step("grid.incident.escalated", run, incident)


def _incident_close(w: World) -> Step:
    incident = _incident(w, "handled")
    run = partial(
        grid.incident_close, incident=incident, result="已解决", actor=w.p["grid_worker_a1"]
    )
    return Step("grid.incident.closed", run, incident)


def _incident_reopen(w: World) -> Step:
    incident = _incident(w, "handled")
    run = partial(
        grid.incident_close,
        incident=incident,
        result="仍有堆放",
        solved=False,
        actor=w.p["grid_worker_a1"],
    )
    return Step("grid.incident.reopened", run, incident)


def _incident_photo(w: World) -> Step:
    incident = _incident(w)
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    run = partial(
        grid.incident_photo_attach, incident=incident, upload=upload, actor=w.p["grid_worker_a1"]
    )
    return Step("grid.photo.added", run, incident, also=("photo",))


def _campaign_create(w: World) -> Step:
    run = partial(
        grid.campaign_create,
        area=w.d.communities[1],
        title="走访",
        starts_on=datetime.date(2021, 3, 1),
        ends_on=datetime.date(2021, 3, 9),
        actor=w.p["community_admin_a2"],
    )
    return Step("grid.campaign.created", run)


def _campaign_next_round(w: World) -> Step:
    campaign = w.grid.sweep
    run = partial(grid.campaign_next_round, campaign=campaign, actor=w.p["district_admin"])
    return Step("grid.campaign.round_started", run, campaign)


def _campaign_close(w: World) -> Step:
    campaign = w.grid.local
    run = partial(grid.campaign_close, campaign=campaign, actor=w.admin())
    return Step("grid.campaign.closed", run, campaign)


def _campaigns_close_ended(w: World) -> Step:
    campaign = w.grid.local  # ended in 2021, as the world's sweeps all did
    run = partial(grid.campaigns_close_ended, actor=TEST)
    return Step("grid.campaign.ended", run, campaign)


def _target_assign(w: World) -> Step:
    target = w.grid.target(w.grid.local)
    other = next(
        w.p[name]
        for name in ("grid_worker_a1", "grid_worker_a1b")
        if w.p[name].pk != target.assignee_id
    )
    run = partial(grid.target_assign, targets=[target], assignee=other, actor=w.admin())
    return Step("grid.target.assigned", run, target)


def _visit_record(w: World) -> Step:
    target = w.grid.target(w.grid.local)
    run = partial(
        grid.visit_record,
        target=target,
        outcome=Outcome.VISITED,
        answers={str(w.grid.question_ids(w.grid.local)[0]): "no"},
        actor=w.p["grid_worker_a1"],
    )
    return Step("grid.visit.recorded", run, also=("target.",))


def _visit_follow_up(w: World) -> Step:
    target = w.grid.target(w.grid.local)
    visit = grid.visit_record(
        target=target,
        outcome=Outcome.FOLLOW_UP,
        answers={str(w.grid.question_ids(w.grid.local)[0]): "no"},
        actor=w.p["grid_worker_a1"],
    )
    follow_up = FollowUp(kind=FollowUpKind.ORDER, description="独居老人需要助餐")
    run = partial(
        grid.visit_follow_up, visit=visit, follow_up=follow_up, actor=w.p["grid_worker_a1"]
    )
    return Step("grid.visit.followed_up", run, visit)


# orders


def _order_place(w: World) -> Step:
    w.orders  # noqa: B018
    return Step("orders.order.placed", partial(w.orders.place))


def _order_step(state: str, code: str, act: Callable[[World, Any], Any]) -> Callable:
    def case(w: World) -> Step:
        order = w.orders.order_in(state)
        return Step(code, partial(act, w, order), order)

    case.__name__ = code.rsplit(".", 1)[-1]
    return case


def _member(w: World, name: str = "party_member_a1") -> Any:
    return w.orders.members[name]


def _order_overdue(w: World) -> Step:
    order = w.orders.order_in("placed")
    type(order).objects.filter(pk=order.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    run = partial(
        orders.order_escalate_overdue,
        obj=order,
        now=timezone.now(),
        actor=system("orders.escalation"),
    )
    return Step("orders.order.escalated", run, order)


def _order_photo(w: World) -> Step:
    order = w.orders.order_in("placed")
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    run = partial(
        orders.photo_attach, order=order, upload=upload, stage="placed", actor=w.p["resident_a1"]
    )
    return Step("orders.photo.added", run, order, also=("photo",))


# people


def _household_create(w: World) -> Step:
    run = partial(
        people.household_create, grid=w.d.grids[0], building="9", room="101", actor=w.admin()
    )
    return Step("people.household.created", run)


def _household_tags(w: World) -> Step:
    household = people.household_create(grid=w.d.grids[0], building="9", room="101", actor=TEST)
    tags = people.household_tags_ensure(district_code=household.district_code, actor=TEST)
    run = partial(people.household_set_tags, household=household, tags=tags[:2], actor=w.admin())
    return Step("people.household.tags_changed", run, household, also=("tags",))


def _id_number(w: World) -> str:
    return w.orders.id_number()


def _person_create(w: World) -> Step:
    w.orders  # noqa: B018
    run = partial(
        people.person_create,
        area=w.d.grids[0],
        name="周九",
        id_number=_id_number(w),
        actor=w.admin(),
    )
    return Step("people.person.created", run, also=("id_number",))


def _person(w: World) -> Person:
    return people.person_create(
        area=w.d.grids[0], name="周九", id_number=_id_number(w), phone="13812345678", actor=TEST
    )


def _person_phone(w: World) -> Step:
    person = _person(w)
    run = partial(people.person_set_phone, person=person, phone="13987654321", actor=w.admin())
    rename = {"phone_masked": "phone", "phone_cipher": None, "phone_digest": None}
    return Step("people.person.phone_changed", run, person, rename=rename)


def _person_link(w: World) -> Step:
    person = _person(w)
    user = w.p["no_role"]
    run = partial(people.person_link_user, person=person, user=user, actor=w.admin())
    return Step("people.person.account_linked", run, person)


def _member_create(w: World) -> Step:
    person = _person(w)
    run = partial(
        people.member_create,
        person=person,
        kind=MembershipKind.FULL,
        joined_on=datetime.date(2001, 7, 1),
        branch=w.orders.branches["A1"],
        actor=w.admin(),
    )
    return Step("people.member.created", run)


def _member_transfer(w: World) -> Step:
    member = _member(w, "party_member_a1b")
    run = partial(
        people.member_transfer,
        member=member,
        to_branch=w.orders.branches["B1"],
        transferred_on=datetime.date(2021, 5, 1),
        actor=w.p["district_admin"],
    )
    return Step("people.member.transferred", run, member)


def _member_status(w: World) -> Step:
    member = _member(w)
    run = partial(
        people.member_set_status,
        member=member,
        status=MemberStatus.LOST_CONTACT,
        actor=w.p["district_admin"],
    )
    return Step("people.member.status_changed", run, member)


def _registration_submit(w: World) -> Step:
    member = _member(w, "party_member_b1")
    run = partial(
        people.registration_submit, community=w.orders.a1, member=member, skills="水电", actor=TEST
    )
    return Step("people.registration.submitted", run)


def _submitted(w: World) -> Any:
    make_member(w.orders, "new_member", home=w.d.grids[0], community=w.orders.a1, confirm=False)
    return w.orders.registrations["new_member"]


def _registration_confirm(w: World) -> Step:
    registration = _submitted(w)
    run = partial(people.registration_confirm, registration=registration, actor=w.admin())
    return Step("people.registration.confirmed", run, registration)


def _registration_decline(w: World) -> Step:
    registration = _submitted(w)
    run = partial(
        people.registration_decline, registration=registration, reason="重复", actor=w.admin()
    )
    return Step("people.registration.declined", run, registration)


def _registration_assign(w: World) -> Step:
    registration = w.orders.registrations["party_member_a1c"]
    run = partial(
        people.registration_assign, registration=registration, grid=w.d.grids[0], actor=w.admin()
    )
    return Step("people.registration.assigned", run, registration)


def _participation(w: World) -> Step:
    registration = w.orders.registrations["party_member_a1"]
    run = partial(
        people.participation_record,
        registration=registration,
        kind=ParticipationKind.VOLUNTEER,
        occurred_on=datetime.date(2021, 4, 1),
        hours=2.5,
        note="助老",
        actor=TEST,
    )
    return Step("people.participation.recorded", run)


# organisations


def _area_create(w: World) -> Step:
    community = w.d.communities[0]
    run = partial(
        org.area_create,
        parent=community,
        name=f"{community.name}第9网格",
        code=f"{community.code}009",
        kind=AreaKind.GRID,
        actor=w.p["district_admin"],
    )
    return Step("organisations.area.created", run)


def _area_rename(w: World) -> Step:
    area = w.d.grids[0]
    run = partial(org.area_rename, area=area, name="奉中社区东网格", actor=w.p["district_admin"])
    return Step("organisations.area.renamed", run, area)


def _area_move(w: World) -> Step:
    area = w.d.grids[1]
    run = partial(
        org.area_move, area=area, new_parent=w.d.communities[1], actor=w.p["district_admin"]
    )
    return Step("organisations.area.moved", run, area, also=("parent",))


def _party_create(w: World) -> Step:
    community = w.d.communities[1]
    run = partial(
        org.party_organisation_create,
        parent=w.d.party[community.name],
        name="锦山社区第二党支部",
        kind=PartyOrganisationKind.BRANCH,
        area=community,
        actor=w.p["district_admin"],
    )
    return Step("organisations.party_organisation.created", run)


def _party_rename(w: World) -> Step:
    organisation = w.d.party[w.d.communities[0].name]
    run = partial(
        org.party_organisation_rename,
        organisation=organisation,
        name="奉中社区党总支",
        actor=w.p["district_admin"],
    )
    return Step("organisations.party_organisation.renamed", run, organisation)


def _party_move(w: World) -> Step:
    branch = org.party_organisation_create(
        parent=w.d.party[w.d.communities[0].name],
        name="奉中社区第二党支部",
        kind=PartyOrganisationKind.BRANCH,
        area=w.d.communities[0],
        actor=TEST,
    )
    run = partial(
        org.party_organisation_move,
        organisation=branch,
        new_parent=w.d.party["town0"],
        actor=w.p["district_admin"],
    )
    return Step("organisations.party_organisation.moved", run, branch, also=("parent",))


def _unit_create(w: World) -> Step:
    run = partial(
        org.unit_create,
        area=w.d.communities[0],
        name="奉中小学",
        kind=UnitKind.PUBLIC_INSTITUTION,
        actor=w.admin(),
    )
    return Step("organisations.unit.created", run)


def _body_create(w: World) -> Step:
    run = partial(
        org.body_create,
        area=w.d.communities[0],
        name="奉中联席会",
        kind=BodyKind.BIG_COMMITTEE,
        actor=w.admin(),
    )
    return Step("organisations.body.created", run)


def _membership_add(w: World) -> Step:
    run = partial(
        org.membership_add,
        body=w.d.bodies[0],
        member_name="吴十",
        role=MemberRole.MEMBER,
        term_start=datetime.date(2021, 1, 1),
        actor=w.admin(),
    )
    return Step("organisations.membership.added", run)


def _membership_end(w: World) -> Step:
    membership = w.d.bodies[0].memberships.get()
    run = partial(
        org.membership_end,
        membership=membership,
        term_end=datetime.date(2021, 12, 31),
        actor=w.admin(),
    )
    return Step("organisations.membership.ended", run, membership)


def _grant_create(w: World) -> Step:
    run = partial(
        org.role_grant_create,
        user=w.p["no_role"],
        role=Role.RESIDENT,
        area=w.d.grids[0],
        actor=w.p["system_admin"],
    )
    return Step("organisations.role_grant.created", run)


def _pending(w: World) -> RoleGrant:
    grant = org.role_grant_create(
        user=w.p["no_role"], role=Role.GRID_WORKER, area=w.d.grids[0], actor=w.p["system_admin"]
    )
    assert grant.is_pending
    return grant


def _grant_approve(w: World) -> Step:
    grant = _pending(w)
    run = partial(org.role_grant_approve, grant=grant, actor=w.p["security_admin"])
    return Step("organisations.role_grant.approved", run, grant)


def _grant_reject(w: World) -> Step:
    grant = _pending(w)
    run = partial(org.role_grant_reject, grant=grant, actor=w.p["security_admin"])
    return Step("organisations.role_grant.rejected", run, grant, deleted=True)


def _grant_revoke(w: World) -> Step:
    grant = org.role_grant_create(
        user=w.p["no_role"], role=Role.RESIDENT, area=w.d.grids[0], actor=TEST
    )
    run = partial(org.role_grant_revoke, grant=grant, actor=w.p["system_admin"])
    return Step("organisations.role_grant.revoked", run, grant, deleted=True)


CASES: list[tuple[Callable, Callable[[World], Step]]] = [
    (core_actions.policy_set, _policy),
    (accounts.user_create, _user_create),
    (accounts.user_set_password, _user_password),
    (accounts.user_deactivate, _user_deactivate),
    (accounts.user_set_elder_mode, _user_elder_mode),
    (accounts.token_issue, _token_issue),
    (accounts.token_revoke, _token_revoke),
    (accounts.totp_enrol_confirm, _totp_enrol_confirm),
    (delib.hall_create, _hall_create),
    (delib.seat_add, _seat_add),
    (delib.seat_bind, _seat_bind),
    (delib.topic_raise, _topic_raise),
    (delib.topic_accept, _topic_accept),
    (delib.topic_decline, _topic_decline),
    (delib.meeting_schedule, _meeting_schedule),
    (delib.agenda_add, _agenda_add),
    (delib.meeting_open, _meeting_open),
    (delib.meeting_close, _meeting_close),
    (delib.meeting_cancel, _meeting_cancel),
    (delib.attendance_set, _attendance),
    (delib.minutes_save, _minutes),
    (delib.meeting_photo_add, _meeting_photo_add),
    (delib.meeting_photo_remove, _meeting_photo_remove),
    (delib.resolution_draft, _resolution_draft),
    (delib.vote_record, _vote_new),
    (delib.vote_record, _vote_changed),
    (delib.resolution_resolve, _resolve),
    (delib.resolution_publish, _publish),
    (delib.rating_submit, _rating),
    (delib.followup_create, _followup_create),
    (delib.followup_open_order, _followup_open_order),
    (delib.followup_complete, _followup_complete),
    (delib.followup_cancel, _followup_cancel),
    (grid.incident_report, _incident_report),
    (grid.incident_accept, _incident_accept),
    (grid.incident_handle, _incident_handle),
    (grid.incident_escalate, _incident_escalate),
    (incident_escalate_overdue, _incident_overdue),
    (grid.incident_close, _incident_close),
    (grid.incident_close, _incident_reopen),
    (grid.incident_photo_attach, _incident_photo),
    (grid.campaign_create, _campaign_create),
    (grid.campaign_next_round, _campaign_next_round),
    (grid.campaign_close, _campaign_close),
    (grid.campaigns_close_ended, _campaigns_close_ended),
    (grid.target_assign, _target_assign),
    (grid.visit_record, _visit_record),
    (grid.visit_follow_up, _visit_follow_up),
    (orders.order_place, _order_place),
    (
        orders.order_accept,
        _order_step(
            "placed",
            "orders.order.accepted",
            lambda w, o: orders.order_accept(order=o, actor=w.admin()),
        ),
    ),
    (
        orders.order_decline,
        _order_step(
            "placed",
            "orders.order.declined",
            lambda w, o: orders.order_decline(order=o, reason="不属服务范围", actor=w.admin()),
        ),
    ),
    (
        orders.order_cancel,
        _order_step(
            "placed",
            "orders.order.cancelled",
            lambda w, o: orders.order_cancel(order=o, reason="已解决", actor=w.p["resident_a1"]),
        ),
    ),
    (
        orders.order_dispatch,
        _order_step(
            "accepted",
            "orders.order.dispatched",
            lambda w, o: orders.order_dispatch(
                order=o, kind=DispatchKind.MEMBERS, members=[_member(w)], actor=w.admin()
            ),
        ),
    ),
    (
        orders.order_take,
        _order_step(
            "dispatched_members",
            "orders.order.taken",
            lambda w, o: orders.order_take(order=o, actor=w.p["party_member_a1"]),
        ),
    ),
    (
        orders.order_take_undo,
        _order_step(
            "taken",  # taken by party_member_a1 just now: inside the undo window
            "orders.order.take_undone",
            lambda w, o: orders.order_take_undo(order=o, actor=w.p["party_member_a1"]),
        ),
    ),
    (
        orders.order_reassign,
        _order_step(
            "taken",
            "orders.order.reassigned",
            lambda w, o: orders.order_reassign(
                order=o,
                kind=DispatchKind.UNIT,
                unit=w.orders.unit,
                reason="需专业",
                actor=w.admin(),
            ),
        ),
    ),
    (
        orders.order_complete,
        _order_step(
            "taken",
            "orders.order.completed",
            lambda w, o: orders.order_complete(
                order=o,
                note="已修好",
                hours={_member(w): Decimal("2")},
                actor=w.p["party_member_a1"],
            ),
        ),
    ),
    (
        orders.order_rate,
        _order_step(
            "done",
            "orders.order.rated",
            lambda w, o: orders.order_rate(order=o, score=5, solved=True, actor=w.p["resident_a1"]),
        ),
    ),
    (
        orders.order_rate,
        _order_step(
            "done",
            "orders.order.reopened",
            lambda w, o: orders.order_rate(
                order=o, score=2, solved=False, actor=w.p["resident_a1"]
            ),
        ),
    ),
    (orders.order_escalate_overdue, _order_overdue),
    (orders.photo_attach, _order_photo),
    (people.household_create, _household_create),
    (people.household_set_tags, _household_tags),
    (people.person_create, _person_create),
    (people.person_set_phone, _person_phone),
    (people.person_link_user, _person_link),
    (people.member_create, _member_create),
    (people.member_transfer, _member_transfer),
    (people.member_set_status, _member_status),
    (people.registration_submit, _registration_submit),
    (people.registration_confirm, _registration_confirm),
    (people.registration_decline, _registration_decline),
    (people.registration_assign, _registration_assign),
    (people.participation_record, _participation),
    (org.area_create, _area_create),
    (org.area_rename, _area_rename),
    (org.area_move, _area_move),
    (org.party_organisation_create, _party_create),
    (org.party_organisation_rename, _party_rename),
    (org.party_organisation_move, _party_move),
    (org.unit_create, _unit_create),
    (org.body_create, _body_create),
    (org.membership_add, _membership_add),
    (org.membership_end, _membership_end),
    (org.role_grant_create, _grant_create),
    (org.role_grant_approve, _grant_approve),
    (org.role_grant_reject, _grant_reject),
    (org.role_grant_revoke, _grant_revoke),
]

CASES += centres_cases.CASES  # the centres app walks its own (centres/tests/audit_cases.py)
CASES += venues_cases.CASES  # the venues app walks its own (venues/tests/audit_cases.py)
CASES += socialorgs_cases.CASES  # socialorgs/tests/audit_cases.py
CASES += notices_cases.CASES  # the notices app walks its own (notices/tests/audit_cases.py)
CASES += officers_cases.CASES  # the officers app walks its own (officers/tests/audit_cases.py)
CASES += partylife_cases.CASES  # partylife/tests/audit_cases.py
CASES += workforce_cases.CASES  # workforce/tests/audit_cases.py
CASES += privacy_cases.CASES  # privacy/tests/audit_cases.py (consent given, withdrawn)
CASES += funding_cases.CASES  # funding/tests/audit_cases.py
CASES += duties_cases.CASES  # duties/tests/audit_cases.py
CASES += cobuilding_cases.CASES  # cobuilding/tests/audit_cases.py
CASES += reports_cases.CASES  # reports/tests/audit_cases.py (one-click reports)
CASES += teams_cases.CASES  # service teams (组团式服务): orders/tests/audit_cases_teams.py
CASES += people_cases.CASES  # the move-out and its undo: people/tests/audit_cases.py

# Public functions of the actions modules the walk does not run, each with why.
NOT_WALKED = {
    # Bulk twins of walked actions (the demo): the same events, checked by their own tests
    # (organisations/tests/test_actions_bulk.py, people/tests/test_actions_bulk.py, accounts').
    "accounts.users_create_bulk",
    "organisations.areas_create_bulk",
    "organisations.bodies_create_bulk",
    "organisations.memberships_add_bulk",
    "organisations.party_organisations_create_bulk",
    "organisations.units_create_bulk",
    "people.participations_record_bulk",
    "people.persons_link_users_bulk",
    # A district's default lists: rows of the district, no target; the codes created are the data.
    "orders.category_ensure_defaults",
    "people.household_tags_ensure",
    # Events without a changed row: sign-ins and -outs, refusals, exports, searches, unmasking
    # (an access-log row), ending sessions (rows of other tables; counts in the data), a finished
    # backup (a file outside the database; test_backup checks its event).
    "accounts.lockout_recorded",
    "accounts.login_failed",
    "accounts.session_ended",
    "accounts.session_started",
    "accounts.user_sessions_end",
    "people.branch_feedback_export",
    "people.person_search_exact",
    "people.person_unmask",
    "core.backup_recorded",
    # Second factor: starting an enrolment (a device row that counts for nothing until confirmed),
    # verifying a code (the device's replay counter, a recovery code's use), a reset or one's own
    # removal (rows of other tables removed; counts in the data). test_two_factor and
    # test_two_factor_remove check their events; the confirmation is walked above.
    "accounts.totp_enrol_start",
    "accounts.two_factor_verify",
    "accounts.two_factor_reset",
    "accounts.two_factor_remove_own",
    # Lifting a sign-in lock deletes axes' counters (a third-party table; the failures cleared and
    # the reason are in the data); test_lockout_admin checks its event.
    "accounts.lockout_clear",
    # Personal-information rights: a new request records kind, status and due date (created());
    # an answer moves the status through the workflow; a download of one's own data changes no
    # row. privacy/tests/test_rights checks their events and the answer's before/after.
    "privacy.request_submit",
    "privacy.request_answer",
    "privacy.my_data_exported",
    # A batch of walked actions: users_disable_inactive runs user_deactivate per account.
    "accounts.users_disable_inactive",
    # Bookkeeping, not audited: an API token's last use, inbox messages and their read marks.
    "accounts.token_touch",
    "core.notification_send",
    "core.notifications_mark_read",
    # Steps of walked actions: order_rate credits the ledger, whose participations are
    # participation_record's (walked).
    "orders.ledger_credit_participants",
    # Not actions: computations and checks the actions (and their callers) share.
    "deliberation.count_votes",
    "deliberation.known_names",
    "deliberation.order_grid",
    "grid.clean_answers",
    "grid.incident_due_at",
    "grid.target_households",
    "people.exact_search_budget_left",
    "people.sealed_id_number",
    "people.sealed_phone",
}

NOT_WALKED |= centres_cases.NOT_WALKED
NOT_WALKED |= venues_cases.NOT_WALKED
NOT_WALKED |= socialorgs_cases.NOT_WALKED
NOT_WALKED |= notices_cases.NOT_WALKED
NOT_WALKED |= officers_cases.NOT_WALKED
NOT_WALKED |= partylife_cases.NOT_WALKED
NOT_WALKED |= workforce_cases.NOT_WALKED
NOT_WALKED |= privacy_cases.NOT_WALKED
NOT_WALKED |= funding_cases.NOT_WALKED
NOT_WALKED |= duties_cases.NOT_WALKED
NOT_WALKED |= cobuilding_cases.NOT_WALKED
NOT_WALKED |= reports_cases.NOT_WALKED


def _name(function: Callable) -> str:
    return f"{function.__module__.split('.')[1]}.{function.__name__}"


def public_actions() -> set[str]:
    """`app.function` for every public function defined in an app's actions module or package
    (its modules whose names do not start with an underscore)."""
    root = Path(yipanqi.__file__).parent
    found = set()
    for app in sorted(p.name for p in root.iterdir() if p.is_dir()):
        if not ((root / app / "actions.py").exists() or (root / app / "actions").is_dir()):
            continue
        package = importlib.import_module(f"yipanqi.{app}.actions")
        modules = [package]
        if hasattr(package, "__path__"):
            modules += [
                importlib.import_module(f"{package.__name__}.{m.name}")
                for m in pkgutil.walk_packages(package.__path__)
                if not m.name.split(".")[-1].startswith("_")
            ]
        for module in modules:
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if function.__module__ == module.__name__ and not name.startswith("_"):
                    found.add(f"{app}.{name}")
    return found


def test_every_action_is_walked_or_listed():
    walked = {_name(action) for action, _case in CASES}
    actions = public_actions()
    assert actions - walked - NOT_WALKED == set(), "walk these actions here, or list them"
    assert walked & NOT_WALKED == set()
    assert NOT_WALKED - actions == set(), "listed but gone: remove them from NOT_WALKED"


def _fresh(row: Model) -> Model:
    return type(row)._default_manager.get(pk=row.pk)


def _plain(values: dict) -> dict:
    return audit._plain(values)


def _allowed(key: str, also: tuple[str, ...]) -> bool:
    return any(key == a or a.endswith(".") and key.startswith(a) for a in also)


def _expected(step: Step, before: dict, after: dict) -> dict:
    """What the event must hold for the row's fields: the changed ones, renamed or hidden."""
    expected = {}
    for name, change in audit.diff(before, after).items():
        key = (step.rename or {}).get(name, name)
        if key is None or name in step.bookkeeping:
            continue
        expected[key] = [HIDDEN, HIDDEN] if name in step.hidden else change
    return _plain(expected)


def _event(step: Step, since: int, row: Model | None) -> AuditEvent:
    events = AuditEvent.objects.filter(pk__gt=since, action=step.code)
    if row is not None:
        events = events.filter(target_type=row._meta.label_lower, target_id=str(row.pk))
    found = list(events)
    assert len(found) == 1, f"{step.code}: {len(found)} events"
    return found[0]


def _target(event: AuditEvent) -> Model:
    from django.apps import apps

    model = apps.get_model(event.target_type)
    return model._default_manager.get(pk=event.target_id)


@pytest.mark.parametrize(
    ("action", "case"), CASES, ids=[f"{_name(a)}:{c.__name__.strip('_')}" for a, c in CASES]
)
def test_the_audit_event_holds_each_changed_field(db, settings, tmp_path, action, case):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    world = World()
    step = case(world)
    world.d  # noqa: B018 (every case's district is built before the action runs)
    since = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if step.row is None:  # a creation: the event's target is the new row
        step.run()
        event = _event(step, since, None)
        row = _target(event)
        after = snapshot(row)
        fields = {k: v for k, v in event.changes.items() if not _allowed(k, step.also)}
        assert fields, f"{step.code} records none of the new row's fields"
        for name, change in fields.items():
            assert change == _plain({"v": [None, after[name]]})["v"], (step.code, name)
        return
    before = snapshot(_fresh(step.row))
    step.run()
    event = _event(step, since, step.row)
    if step.deleted:
        assert not type(step.row)._default_manager.filter(pk=step.row.pk).exists()
        assert event.changes, f"{step.code} records none of the removed row's fields"
        plain = _plain(before)
        for name, change in event.changes.items():
            assert change == [plain[name], None], (step.code, name)
        return
    expected = _expected(step, before, snapshot(_fresh(step.row)))
    fields = {k: v for k, v in event.changes.items() if not _allowed(k, step.also)}
    assert fields == expected, step.code
