"""More retention rules (R-PI-8): a sweep's household answers and notes go three years after the
sweep ends (the outcome stays for its counts); a venue booking's words go two years after its day."""

import datetime

import pytest
from django.utils import timezone

from yipanqi.core import retention

pytestmark = pytest.mark.django_db
YEAR = datetime.timedelta(days=365)


def test_a_sweeps_answers_go_three_years_after_it_ends(district):
    from yipanqi.grid import actions as grid
    from yipanqi.grid.models import Campaign, Visit
    from yipanqi.grid.tests.factories import build_grid_world

    w = build_grid_world(district)
    worker, target, today = w.personas["grid_worker_a1"], w.target(), timezone.localdate()
    running = {"starts_on": today - YEAR / 12, "ends_on": today + YEAR / 12}
    Campaign.objects.filter(pk=target.campaign_id).update(**running)  # the factory's is of 2021
    visit = grid.visit_record(
        target=target, outcome="visited", answers=w.answers(), note="独居老人", actor=worker
    )
    retention.anonymise_expired()  # the world's own old rows, if any
    visit.refresh_from_db()
    assert visit.answers and visit.note  # its sweep is still running
    Campaign.objects.filter(pk=visit.campaign_id).update(
        starts_on=today - 4 * YEAR, ends_on=today - 3 * YEAR - datetime.timedelta(days=2)
    )
    assert retention.anonymise_expired() >= 1
    visit.refresh_from_db()
    assert (visit.answers, visit.note, visit.outcome) == ({}, "", "visited")
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_a_bookings_words_go_two_years_after_its_day(district):
    from yipanqi.venues.models import Booking, BookingEvent
    from yipanqi.venues.tests.factories import book, build_venue_world

    world = build_venue_world(district)
    booking = book(world, "community", "liaison_a1")
    assert retention.anonymise_expired() == 0
    day = timezone.now() - 2 * YEAR - YEAR / 12
    Booking.objects.filter(pk=booking.pk).update(starts_at=day - YEAR / 365, ends_at=day)
    assert retention.anonymise_expired() == 1
    booking.refresh_from_db()
    assert (booking.purpose, booking.reason, booking.comment) == (retention.ANONYMISED, "", "")
    assert not BookingEvent.objects.filter(booking=booking).exclude(note="").exists()


def test_an_imports_report_and_preview_go_ninety_days_after_it_finished(
    district, settings, tmp_path, django_capture_on_commit_callbacks
):
    from yipanqi.people.imports import files
    from yipanqi.people.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    admin = district.personas["community_admin_a1"]
    report = [{"row": 3, "field": "name", "message": "王小明: 身份证号校验位不对"}]

    def job(name: str, days_ago: int) -> ImportJob:
        preview = files.absolute(f"imports/{name}.xlsx.preview.json")
        preview.parent.mkdir(parents=True, exist_ok=True)
        preview.write_text('[["王小明", "3302**********123X"]]', encoding="utf-8")
        finished = timezone.now() - datetime.timedelta(days=days_ago)
        return ImportJob.objects.create(
            community=district.communities[0], created_by=admin, file_name=f"{name}.xlsx",
            stored_path=f"imports/{name}.xlsx", status="committed", errors=report,
            created_count=5, finished_at=finished,
        )  # fmt: skip

    old, recent = job("old", 91), job("recent", 30)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.anonymise_expired() >= 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.errors, old.stored_path, old.created_count) == ([], "", 5)
    assert not files.absolute("imports/old.xlsx.preview.json").exists()
    assert recent.errors == report
    assert files.absolute("imports/recent.xlsx.preview.json").exists()
