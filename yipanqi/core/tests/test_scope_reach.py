"""Declared reach (core.scope.Reach): every way a scoped model lets a person reach a row besides
the area path is exercised here, and `for_user` stays one filter (no DISTINCT, no union).

For each declared reach a case builds a row that person reaches, then proves: with only that reach
declared the person gets the row; with no reach declared they do not (their grants alone do not
give it); another person does not get it through that reach; the system actor and anonymous
users get nothing through any reach. A reach without a case fails the first test.
"""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yipanqi.centres.models import AssessmentRound, RatingScheme, ServiceCentre
from yipanqi.core.actors import system
from yipanqi.core.scope import Reach, scope_condition, scoped_models
from yipanqi.core.transition_guard import walk_to
from yipanqi.deliberation.models import Meeting, Resolution, Topic
from yipanqi.funding.models import AllocationRun as FundingRun
from yipanqi.funding.models import FundingRule
from yipanqi.grid.choices import Outcome
from yipanqi.grid.models import Campaign, Target, Visit
from yipanqi.notices.models import NoticeRecipient
from yipanqi.officers.models import Assignment, WorkLog, WorkLogPhoto
from yipanqi.orders.choices import OrderStatus
from yipanqi.orders.models import ServiceOrder, ServiceTeam, ServiceTeamMember
from yipanqi.organisations.models import Body
from yipanqi.partylife.models import Amendment as PlAmendment
from yipanqi.partylife.models import Attendance as PlAttendance
from yipanqi.partylife.models import BranchOfficer as PlOfficer
from yipanqi.partylife.models import DuesBase as PlDuesBase
from yipanqi.partylife.models import DuesPayment as PlPayment
from yipanqi.partylife.models import Meeting as PlMeeting
from yipanqi.partylife.models import Transfer as PlTransfer
from yipanqi.people.models import (
    CommunityRegistration,
    Household,
    Participation,
    PartyMember,
    Person,
)
from yipanqi.privacy.models import DataRequest
from yipanqi.socialorgs import models as so
from yipanqi.venues.models import Booking, BookingSeries, Venue
from yipanqi.workforce.models import Appraisal, Course, Enrolment, PayLine, PayTable, Worker

# (model, reach name) → builds (row, person who reaches it) from the test district
Case = Callable[[Any], tuple[Any, Any]]
CASES: dict[tuple[type, str], Case] = {}


def case(model: type, name: str) -> Callable[[Case], Case]:
    def register(build: Case) -> Case:
        CASES[(model, name)] = build
        return build

    return register


def _declared() -> list[tuple[type, Reach]]:
    return [(m, r) for m in scoped_models() for r in getattr(m, "scope_reach", ())]


# --- people: a party member's own records (本人) ---------------------------------------------


def _own_people_row(district, kind: str):
    from yipanqi.people.tests.factories import build_people

    data = build_people(district)
    row = next(r for r in data.rows[kind] if r.owner == "party_member_a1")
    return row.pk, district.personas["party_member_a1"]


@case(Person, "self")
def _person(district):
    return _own_people_row(district, "persons")


@case(Household, "own_household")
def _household(district):
    return _own_people_row(district, "households")


@case(PartyMember, "self")
def _member(district):
    return _own_people_row(district, "members")


@case(CommunityRegistration, "own")
def _registration(district):
    return _own_people_row(district, "registrations")


@case(Participation, "own")
def _participation(district):
    return _own_people_row(district, "participations")


# --- orders: placer, resident, taker, those it was sent to ----------------------------------


def _orders(district):
    from yipanqi.orders.tests.factories import build_orders_world

    return build_orders_world(district)


@case(ServiceOrder, "placer")
def _placer(district):
    w = _orders(district)
    return w.place(by="resident_a1", resident=None).pk, w.personas["resident_a1"]


@case(ServiceOrder, "resident")
def _resident(district):
    w = _orders(district)
    return w.place(by="grid_worker_a1_g2").pk, w.personas["resident_a1"]


@case(ServiceOrder, "taker")
def _taker(district):
    w = _orders(district)
    return w.order_in("taken").pk, w.personas["party_member_a1"]


@case(ServiceOrder, "candidate")
def _candidate(district):
    w = _orders(district)
    return w.order_in("dispatched_members").pk, w.personas["party_member_a1"]


@case(ServiceOrder, "open_claim")
def _open_claim(district):
    w = _orders(district)
    return w.order_in("dispatched_open").pk, w.personas["party_member_a1b"]


@case(ServiceOrder, "late_claimant")
def _late_claimant(district):
    w = _orders(district)
    order = w.order_in("dispatched_open")
    walk_to(ServiceOrder, order.pk, OrderStatus.CANCELLED)  # not open now
    return order.pk, w.personas["party_member_a1b"]


@case(ServiceOrder, "named_claimant")
def _named_claimant(district):
    w = _orders(district)
    return w.order_in("dispatched_members").pk, w.personas["party_member_a1"]


@case(ServiceOrder, "open_claimant")
def _open_claimant(district):
    w = _orders(district)  # open in grid 1, where party_member_a1 (not a1b: grid 0) is placed
    return w.order_in("dispatched_open").pk, w.personas["party_member_a1"]


@case(ServiceOrder, "organisation")
def _organisation(district):
    w = _orders(district)
    return w.order_in("dispatched_unit").pk, w.personas["unit_liaison_a1"]


# --- orders: service teams (组团式服务): a team's members, the communities it serves -----------


def _teams(district):
    from yipanqi.orders.tests.team_factories import build_team_world

    return build_team_world(_orders(district))


@case(ServiceOrder, "team_member")
def _team_member(district):
    tw = _teams(district)
    return tw.dispatched().pk, tw.personas["unit_staff_a1"]


@case(ServiceOrder, "late_teammate")
def _late_teammate(district):
    from yipanqi.orders.actions import order_take

    tw = _teams(district)
    order = order_take(order=tw.dispatched(), actor=tw.personas["party_member_a1"])
    return order.pk, tw.personas["unit_staff_a1"]


@case(ServiceTeam, "team_member")
def _team_of_member(district):
    tw = _teams(district)
    return tw.team.pk, tw.personas["unit_staff_a1"]


@case(ServiceTeam, "covered_area")
def _team_covering(district):
    from yipanqi.orders.actions import team_create

    w = _orders(district)
    team = team_create(
        lead_organisation=district.party["town0"],
        name="街道服务团",
        coverage=[w.a1],
        actor=district.personas["town_admin_a"],
    )
    return team.pk, district.personas["community_admin_a1"]


@case(ServiceTeamMember, "teammate")
def _teammate(district):
    tw = _teams(district)
    row = tw.team.memberships.get(member=tw.world.members["party_member_a1"])
    return row.pk, tw.personas["unit_staff_a1"]


# --- grid: the household assigned to a member or volunteer -------------------------------------


def _assigned_target(district):
    from yipanqi.grid.tests.factories import build_grid_world

    world = build_grid_world(district)
    target = world.target(world.local, grid=1)
    Target.objects.filter(pk=target.pk).update(assignee=district.personas["party_member_a1"])
    return world, target


@case(Target, "assignee")
def _target(district):
    _, target = _assigned_target(district)
    return target.pk, district.personas["party_member_a1"]


@case(Campaign, "targets")
def _campaign(district):
    world, _ = _assigned_target(district)
    return world.local.pk, district.personas["party_member_a1"]


@case(Visit, "assignee")
def _visit(district):
    _, target = _assigned_target(district)
    visit = Visit.objects.create(
        campaign_id=target.campaign_id,
        target=target,
        household_id=target.household_id,
        round=1,
        outcome=Outcome.VISITED,
        visited_at=timezone.now(),
        scope_path=target.scope_path,
        district_code=target.district_code,
    )
    return visit.pk, district.personas["party_member_a1"]


# --- deliberation: the raiser of a topic, the seat holders of its body ------------------------


@case(Topic, "raiser")
def _raiser(district):
    from yipanqi.deliberation.tests.factories import build_world, raise_topic

    return raise_topic(build_world(district), "a1").pk, district.personas["resident_a1"]


@case(Topic, "seat")
def _topic_seat(district):
    from yipanqi.deliberation.tests.factories import build_world, raise_topic

    return raise_topic(build_world(district), "a1").pk, district.personas["grid_worker_a1"]


@case(Meeting, "seat")
def _meeting_seat(district):
    from yipanqi.deliberation.tests.factories import build_world, open_meeting

    return open_meeting(build_world(district), "a1").pk, district.personas["grid_worker_a1"]


# --- deliberation: a resident reaches the hall and the notices of the areas above their grid ---


@case(Body, "above")
def _body_above(district):
    from yipanqi.deliberation.tests.factories import build_world

    return build_world(district).halls["a1"].body.pk, district.personas["resident_a1"]


@case(Resolution, "above")
def _notice_above(district):
    from yipanqi.deliberation.tests.factories import build_world, published_resolution

    notice = published_resolution(build_world(district), "a1")
    return notice.pk, district.personas["resident_a1"]


# --- venues: who may book, the owning unit's liaison, the keeper, the booker ---------------------


def _venues(district):
    from yipanqi.venues.tests.factories import build_venue_world

    return build_venue_world(district)


@case(Venue, "bookable")
def _venue_bookable(district):
    return _venues(district).venues["community"].pk, district.personas["resident_a1"]


@case(Venue, "owner_unit")
def _venue_owner_unit(district):
    return _venues(district).venues["unit"].pk, district.personas["liaison_a1"]


@case(Venue, "keeper")
def _venue_keeper(district):
    return _venues(district).venues["community"].pk, district.personas["grid_worker_a1"]


@case(Booking, "booker")
def _booking_booker(district):
    from yipanqi.venues.tests.factories import book

    return book(_venues(district), "community", "liaison_a1").pk, district.personas["liaison_a1"]


@case(Booking, "owner_unit")
def _booking_owner_unit(district):
    from yipanqi.venues.tests.factories import book

    return book(_venues(district), "unit", "liaison_b1").pk, district.personas["liaison_a1"]


@case(Booking, "keeper")
def _booking_keeper(district):
    from yipanqi.venues.tests.factories import book

    booking = book(_venues(district), "community", "liaison_a1")
    return booking.pk, district.personas["grid_worker_a1"]


@case(BookingSeries, "booker")
def _series_booker(district):
    from yipanqi.venues.tests.factories import series

    return series(_venues(district), "liaison_a1").pk, district.personas["liaison_a1"]


# --- centres: the centres, scheme and rounds of the areas above one's grant --------------------


def _centres(district):
    from yipanqi.centres.tests.factories import build_centres_world

    return build_centres_world(district)


@case(ServiceCentre, "above")
def _centre_above(district):
    return _centres(district).towns[0].pk, district.personas["resident_a1"]


@case(RatingScheme, "above")
def _scheme_above(district):
    return _centres(district).scheme.pk, district.personas["resident_a1"]


@case(AssessmentRound, "above")
def _round_above(district):
    return _centres(district).round.pk, district.personas["community_admin_a1"]


# --- notices: a recipient reaches their own receipt ---------------------------------------


@case(NoticeRecipient, "self")
def _receipt_self(district):
    from yipanqi.notices.tests.factories import build_notice_world
    from yipanqi.people.tests.factories import build_people

    world = build_notice_world(build_people(district))
    return world.receipt("a1_call", "member_x0").pk, district.personas["member_x0"]


# --- socialorgs: an organisation's staff, reviewers, offers and rounds of the areas above ----


def _so(district):
    from yipanqi.socialorgs.tests.factories import build_socialorgs_world

    return build_socialorgs_world(district)


@case(so.SocialOrganisation, "staff")
def _so_org_staff(district):
    return _so(district).orgs["a"].pk, district.personas["staff_a"]


@case(so.Incubation, "staff")
def _so_incubation_staff(district):
    import datetime

    from yipanqi.socialorgs import actions as so_actions

    w = _so(district)
    row = so_actions.incubation_enter(organisation=w.orgs["a"], street=district.towns[0], centre="孵化中心",
                                      entered_on=datetime.date(2021, 1, 1), actor=system("test"))  # fmt: skip
    return row.pk, district.personas["staff_a"]


@case(so.Offer, "above")
def _so_offer_above(district):
    return _so(district).offers["a"].pk, district.personas["community_admin_a1"]


@case(so.Offer, "staff")
def _so_offer_staff(district):
    return _so(district).offers["a"].pk, district.personas["staff_a"]


@case(so.Engagement, "staff")
def _so_engagement_staff(district):
    from yipanqi.socialorgs import actions as so_actions

    w = _so(district)
    row = so_actions.need_accept(need=w.needs["a1"], offer=w.offers["a"], actor=system("test"))
    return row.pk, district.personas["staff_a"]


@case(so.VentureRound, "above")
def _so_round_above(district):
    return _so(district).round.pk, district.personas["community_admin_a1"]


@case(so.Application, "staff")
def _so_application_staff(district):
    return _so(district).apply("a").pk, district.personas["staff_a"]


@case(so.Application, "reviewer")
def _so_application_reviewer(district):
    from yipanqi.socialorgs import actions as so_actions

    w = _so(district)
    app = w.apply("a")
    so_actions.application_screen(application=app, eligible=True, actor=system("test"))
    so_actions.reviewers_assign(application=app, reviewers=w.reviewers[:1], actor=system("test"))
    return app.pk, district.personas["reviewer_1"]


# --- officers: an officer reaches their own assignments and work logs ----------------------


@case(Assignment, "officer")
def _assignment_officer(district):
    from yipanqi.officers.tests.factories import build_officer_world

    world = build_officer_world(district)
    return world.assignments["a1_guide"].pk, district.personas["officer_a"]


@case(WorkLog, "officer")
def _worklog_officer(district):
    from yipanqi.officers.tests.factories import build_officer_world

    world = build_officer_world(district)
    return world.logs["a1_visit"].pk, district.personas["officer_a"]


@case(WorkLogPhoto, "officer")
def _worklog_photo_officer(district):
    """A photo of the officer's own log (the row alone: the file is not what is reached)."""
    from yipanqi.officers.tests.factories import build_officer_world

    log = build_officer_world(district).logs["a1_visit"]
    photo = WorkLogPhoto(log=log, stored_path="officers/x", content_type="image/png", size=1)
    photo.place_in(log)
    photo.save()
    return photo.pk, district.personas["officer_a"]


# --- privacy: a person reaches their own requests about their information ------------------


@case(DataRequest, "requester")
def _request_requester(district):
    from yipanqi.privacy import actions

    user = district.personas["resident_a1"]
    return actions.request_submit(kind="copy", details="", actor=user).pk, user


# --- partylife: branch officers, the branch's members, the member themself (本人) ------------


def _party(district):
    from yipanqi.partylife.tests.factories import build_party_world

    return build_party_world(district)


@case(PlOfficer, "self")
def _officer_self(district):
    w = _party(district)
    from yipanqi.partylife.models import BranchOfficer as Officer  # noqa: F811

    row = Officer.objects.get(user=w.personas["secretary_a1"])
    return row.pk, w.personas["secretary_a1"]


@case(PlMeeting, "officer")
def _meeting_officer(district):
    w = _party(district)
    return w.meetings["a1_planned"].pk, w.personas["secretary_a1"]


@case(PlMeeting, "branch_member")
def _meeting_branch_member(district):
    w = _party(district)
    return w.meetings["a1_planned"].pk, w.personas["party_member_a1"]


@case(PlAttendance, "officer")
def _attendance_officer(district):
    w = _party(district)
    return w.meetings["a1_confirmed"].attendance.first().pk, w.personas["dues_officer_a1"]


@case(PlAttendance, "own")
def _attendance_own(district):
    w = _party(district)
    row = w.meetings["a1_confirmed"].attendance.get(member=w.members["self"])
    return row.pk, w.personas["party_member_a1"]


@case(PlAmendment, "officer")
def _amendment_officer(district):
    from yipanqi.partylife.actions import meeting_amend

    w = _party(district)
    row = meeting_amend(meeting=w.meetings["a1_confirmed"], field="topic", value="更正",
                        reason="笔误", actor=system("test"))  # fmt: skip
    return row.pk, w.personas["secretary_a1"]


@case(PlDuesBase, "dues_officer")
def _base_dues_officer(district):
    w = _party(district)
    return w.bases["self"].pk, w.personas["dues_officer_a1"]


@case(PlDuesBase, "own")
def _base_own(district):
    w = _party(district)
    return w.bases["self"].pk, w.personas["party_member_a1"]


@case(PlPayment, "dues_officer")
def _payment_dues_officer(district):
    w = _party(district)
    return w.payments["self"].pk, w.personas["dues_officer_a1"]


@case(PlPayment, "own")
def _payment_own(district):
    w = _party(district)
    return w.payments["self"].pk, w.personas["party_member_a1"]


@case(PlTransfer, "sending_officer")
def _transfer_sending(district):
    w = _party(district)
    return w.transfers["a1"].pk, w.personas["secretary_a1"]


@case(PlTransfer, "receiving_officer")
def _transfer_receiving(district):
    w = _party(district)
    return w.transfers["a1"].pk, w.personas["secretary_b1"]


@case(PlTransfer, "receiving_admin")
def _transfer_receiving_admin(district):
    w = _party(district)
    return w.transfers["a1"].pk, w.personas["community_admin_b1"]


@case(PlTransfer, "own")
def _transfer_own(district):
    from yipanqi.partylife.actions import transfer_request

    w = _party(district)
    row = transfer_request(member=w.members["self"], to_org=w.branches["b1"], reason="迁居",
                           actor=system("test"))  # fmt: skip
    return row.pk, w.personas["party_member_a1"]


# --- workforce: a worker's own record, line, appraisal, enrolment; courses and tables above ----


def _workforce(district):
    from yipanqi.workforce.tests.factories import build_workforce_world

    return build_workforce_world(district)


@case(Worker, "self")
def _worker_self(district):
    return _workforce(district).workers["a1_other"].pk, district.personas["grid_worker_a1"]


@case(PayLine, "self")
def _pay_line_self(district):
    w = _workforce(district)
    line = w.runs["A"].lines.get(worker=w.workers["a1_other"])
    return line.pk, district.personas["grid_worker_a1"]


@case(PayTable, "above")
def _pay_table_above(district):
    return _workforce(district).table.pk, district.personas["town_admin_a"]


@case(Appraisal, "self")
def _appraisal_self(district):
    from yipanqi.workforce.actions import appraisal_record

    worker = _workforce(district).workers["a1_other"]
    row = appraisal_record(worker=worker, year=2021, result="qualified", actor=system("test"))
    return row.pk, district.personas["grid_worker_a1"]


@case(Course, "above")
def _course_above(district):
    return _workforce(district).courses["district"].pk, district.personas["community_admin_b1"]


@case(Course, "enrolled")
def _course_enrolled(district):
    return _workforce(district).courses["town_a"].pk, district.personas["grid_worker_a1"]


@case(Enrolment, "self")
def _enrolment_self(district):
    w = _workforce(district)
    row = w.courses["town_a"].enrolments.get(worker=w.workers["a1_other"])
    return row.pk, district.personas["grid_worker_a1"]


# --- funding: the district's rules and allocation runs, read by the towns and communities ----


def _funding(district):
    from yipanqi.funding.tests.factories import build_funding_world

    return build_funding_world(district)


@case(FundingRule, "above")
def _funding_rule_above(district):
    return _funding(district).rule.pk, district.personas["town_admin_a"]


@case(FundingRun, "above")
def _funding_run_above(district):
    return _funding(district).run.pk, district.personas["community_admin_b1"]


# --- cobuilding: a unit's liaison, a council's seats, residents of the community -------------


def _cob(district):
    from yipanqi.cobuilding.tests.factories import build_reach_rows

    return build_reach_rows(district)


def _cob_case(model, name: str, row: str, persona: str) -> None:
    def build(district):
        rows = _cob(district)
        return rows[row].pk, rows["world"].personas[persona]

    CASES[(model, name)] = build


def _cobuilding_cases() -> None:
    from yipanqi.cobuilding import models as cb

    _cob_case(cb.Resource, "above", "resource", "community_admin_a1")
    _cob_case(cb.Resource, "liaison", "resource", "liaison_a1")
    _cob_case(cb.Claim, "liaison", "claim", "liaison_a1")
    _cob_case(cb.Project, "liaison", "project", "liaison_a1")
    _cob_case(cb.Project, "resident", "project", "resident_a1")
    _cob_case(cb.HardProblem, "council", "problem", "liaison_a2")
    _cob_case(cb.Commitment, "owner", "commitment", "liaison_a1")
    _cob_case(cb.Commitment, "council", "commitment", "liaison_a2")
    _cob_case(cb.Evaluation, "liaison", "evaluation", "liaison_a1")
    CASES[(so.Need, "resident")] = _cob_need_resident
    CASES[(cb.Evaluation, "party")] = _cob_party


def _cob_need_resident(district):
    """The co-building board's needs: a resident of A1 sees A1's open need (one list, 023)."""
    rows = _cob(district)
    return rows["world"].need.pk, district.personas["resident_a1"]


def _cob_party(district):
    """B1's unit is evaluated by A1 (registered there too); its party organisation is B1's
    community committee, so B1's administrator gets the feedback."""
    from yipanqi.cobuilding import actions
    from yipanqi.organisations import actions as org
    from yipanqi.organisations.choices import PartyOrganisationKind
    from yipanqi.people.actions import registration_confirm, registration_submit

    rows = _cob(district)
    a1, unit = district.communities[0], district.units[2]
    test = system("test")
    org.party_organisation_create(
        parent=district.party[district.communities[2].name], name="B1单位党支部",
        kind=PartyOrganisationKind.BRANCH, area=district.communities[2], unit=unit, actor=test,
    )  # fmt: skip
    registration = registration_submit(community=a1, unit=unit, actor=test)
    registration_confirm(
        registration=registration, actor=rows["world"].personas["community_admin_a1"]
    )
    row = actions.evaluation_record(
        community=a1, unit=unit, year=2021, grade="good", actor=test,
        today=datetime.date(2021, 12, 2),
    )  # fmt: skip
    return row.pk, district.personas["community_admin_b1"]


_cobuilding_cases()


# --- the tests -------------------------------------------------------------------------------


def test_every_declared_reach_has_a_case():
    declared = {(m, r.name) for m, r in _declared()}

    assert declared == set(CASES), "each Reach needs a case in this module"


@pytest.mark.parametrize(
    ("model", "reach"),
    _declared(),
    ids=[f"{m._meta.label}.{r.name}" for m, r in _declared()],
)
def test_declared_reach_gives_the_row_to_its_person_only(model, reach, district, monkeypatch):
    pk, person = CASES[(model, reach.name)](district)
    stranger = district.personas["no_role"]

    for action in sorted(reach.actions):
        monkeypatch.setattr(model, "scope_reach", (reach,))
        assert model.objects.for_user(person, action).filter(pk=pk).exists(), action
        assert not model.objects.for_user(stranger, action).filter(pk=pk).exists(), action
        stranger_reach = reach.condition(stranger)
        if stranger_reach is not None:
            assert not model.objects.filter(stranger_reach, pk=pk).exists(), action
        monkeypatch.setattr(model, "scope_reach", ())
        assert not model.objects.for_user(person, action).filter(pk=pk).exists(), action


@pytest.mark.parametrize("model", sorted({m for m, _ in _declared()}, key=str))
def test_reach_gives_nothing_to_anonymous_users_or_the_system(model):
    for who in (AnonymousUser(), system("test")):
        for action in {a for r in model.scope_reach for a in r.actions}:
            assert model.objects.for_user(who, action).query.is_empty()
            assert not model.objects.filter(scope_condition(model, who, action)).exists()


def _lists() -> dict[str, Callable[[Any], Any]]:
    """The list reads over models with declared reach, each called with a user."""
    from yipanqi.deliberation import selectors as deliberation
    from yipanqi.grid import selectors as grid
    from yipanqi.notices import selectors as notices
    from yipanqi.officers import selectors as officers
    from yipanqi.orders import selectors as orders
    from yipanqi.partylife import selectors as partylife
    from yipanqi.people import permissions as people
    from yipanqi.socialorgs import selectors as socialorgs
    from yipanqi.venues import selectors as venues
    from yipanqi.workforce import selectors as workforce

    return {
        "people.persons": people.people_visible_to,
        "people.households": people.households_visible_to,
        "people.members": people.members_visible_to,
        "people.registrations": people.registrations_visible_to,
        "people.participations": people.participations_visible_to,
        "orders.order_list": lambda u: orders.order_list(user=u),
        "orders.my_orders": lambda u: orders.my_orders(user=u),
        "orders.taken_orders": lambda u: orders.taken_orders(user=u),
        "orders.claimable_orders": lambda u: orders.claimable_orders(user=u),
        "grid.campaign_list": lambda u: grid.campaign_list(user=u),
        "grid.open_campaigns": lambda u: grid.open_campaigns(user=u),
        "deliberation.body_list": lambda u: deliberation.body_list(user=u),
        "deliberation.my_topics": lambda u: deliberation.my_topics(user=u),
        "deliberation.meeting_list": lambda u: deliberation.meeting_list(user=u),
        "deliberation.resolution_list": lambda u: deliberation.resolution_list(user=u),
        "venues.bookable_venues": lambda u: venues.bookable_venues(user=u),
        "venues.booking_list": lambda u: venues.booking_list(user=u),
        "venues.approval_queue": lambda u: venues.approval_queue(user=u),
        "socialorgs.org_list": lambda u: socialorgs.org_list(user=u),
        "socialorgs.offer_list": lambda u: socialorgs.offer_list(user=u),
        "socialorgs.engagement_list": lambda u: socialorgs.engagement_list(user=u),
        "socialorgs.round_list": lambda u: socialorgs.round_list(user=u),
        "socialorgs.application_list": lambda u: socialorgs.application_list(user=u),
        "socialorgs.incubation_list": lambda u: socialorgs.incubation_list(user=u),
        "notices.inbox": lambda u: notices.inbox(user=u),
        "notices.notice_list": lambda u: notices.notice_list(user=u),
        "officers.assignment_list": lambda u: officers.assignment_list(user=u),
        "officers.worklog_list": lambda u: officers.worklog_list(user=u),
        "partylife.meeting_list": lambda u: partylife.meeting_list(user=u),
        "partylife.attendance_list": lambda u: partylife.attendance_list(user=u),
        "partylife.dues_base_list": lambda u: partylife.dues_base_list(user=u),
        "partylife.payment_list": lambda u: partylife.payment_list(user=u),
        "partylife.transfer_list": lambda u: partylife.transfer_list(user=u),
        "workforce.worker_list": lambda u: workforce.worker_list(user=u, year=2021),
        "workforce.pay_line_list": lambda u: workforce.pay_line_list(user=u),
        "workforce.course_list": lambda u: workforce.course_list(user=u, year=2021),
    }


@pytest.mark.parametrize("name", sorted(_lists()))
@pytest.mark.parametrize("persona", ["party_member_a1", "grid_worker_a1", "district_admin"])
def test_scoped_lists_are_one_query_without_distinct(name, persona, district):
    user = district.personas[persona]
    rows = _lists()[name](user)

    with CaptureQueriesContext(connection) as queries:
        list(rows)

    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) == (0 if rows.query.is_empty() else 1), sql
    assert not any("DISTINCT" in q.upper() for q in sql)


def test_claimable_orders_is_one_query_without_distinct(district):
    from yipanqi.orders import selectors as orders
    from yipanqi.orders.tests.factories import build_orders_world

    world = build_orders_world(district)
    world.order_in("dispatched_members")
    world.order_in("dispatched_open")
    rows = orders.claimable_orders(user=world.personas["party_member_a1"])

    with CaptureQueriesContext(connection) as queries:
        assert len(list(rows)) == 2

    assert len(queries.captured_queries) == 1
    assert "DISTINCT" not in queries.captured_queries[0]["sql"].upper()


# --- the system check validates declared reach (fail closed) -----------------------------------


def _ledger(reach: Any, scoped: Any = True) -> type:
    from django.db import models

    from yipanqi.core.models import ScopedModel

    class Ledger(ScopedModel):  # noqa: DJ008
        scope_policy = {"view": frozenset({"district_admin"})}

        class Meta:
            app_label = "core"

    Ledger.scope_reach = reach
    Ledger.scoped = scoped
    assert isinstance(Ledger._meta.get_field("scope_path"), models.CharField)
    return Ledger


@pytest.mark.parametrize(
    ("reach", "problem"),
    [
        ((Reach("own", lambda u: None),), None),
        (Reach("own", lambda u: None), "must be a tuple"),
        (("own",), "is not a core.scope.Reach"),
        ((Reach("", lambda u: None),), "unique, non-empty name"),
        ((Reach("own", lambda u: None), Reach("own", lambda u: None)), "unique, non-empty name"),
        ((Reach("own", "user"),), "no callable condition"),  # type: ignore[arg-type]
        ((Reach("own", lambda u: None, ()),), "applies to no action"),
        ((Reach("own", lambda u: None, ("veiw",)),), "outside scope_policy: ['veiw']"),
    ],
)
def test_system_check_validates_declared_reach(reach, problem):
    from django.test.utils import isolate_apps

    from yipanqi.core.checks import scope_errors

    with isolate_apps("yipanqi.core"):
        errors = [e for e in scope_errors([_ledger(reach)]) if e.id == "yipanqi.E004"]

    assert [problem in e.msg for e in errors] == ([] if problem is None else [True])


def test_system_check_refuses_reach_on_an_unscoped_model():
    from django.test.utils import isolate_apps

    from yipanqi.core.checks import scope_errors

    with isolate_apps("yipanqi.core"):
        model = _ledger((Reach("own", lambda u: None),), scoped="an inbox belongs to its user")
        errors = scope_errors([model])

    assert [e.id for e in errors] == ["yipanqi.E004"]
    assert "not scoped" in errors[0].msg
