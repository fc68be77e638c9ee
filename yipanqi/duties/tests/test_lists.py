"""Responsibility lists: set by the level above, a year's list starts as a copy of the last, the
organisation itself marks progress with an evidence file (a photo or PDF; other files refused)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.testing import tiny_png
from yipanqi.duties import actions
from yipanqi.duties.models import DutyEvidence, DutyItem
from yipanqi.duties.tests.factories import TEST

pytestmark = pytest.mark.django_db


def _code(call) -> str:
    with pytest.raises((Invalid, Forbidden, Conflict)) as caught:
        call()
    return caught.value.code


def test_the_level_above_sets_a_list(world):
    p, (a1, a2, _b1, _b2) = world.personas, world.district.communities
    year = world.lists["a1"].year
    assert actions.duty_list_create(area=a2, year=year, actor=p["town_admin_a"]).area == a2
    town = world.district.towns[0]
    assert _code(lambda: actions.duty_list_create(area=town, year=year + 1,
                                                  actor=p["town_admin_a"])) == "permission_denied"  # fmt: skip
    assert _code(lambda: actions.duty_list_create(area=a1, year=year + 1,
                                                  actor=p["community_admin_a1"])) == "permission_denied"  # fmt: skip
    assert _code(lambda: actions.duty_list_create(area=a1, year=year, actor=TEST)) == "list_exists"
    district = world.district.district
    assert (
        actions.duty_list_create(area=district, year=year + 1, actor=p["district_admin"]).year
        == year + 1
    )


def test_next_years_list_copies_the_items_fresh(world):
    item = world.lists["a1"].items.first()
    actions.duty_item_progress(
        item=item, progress="done", note="已完成", actor=world.personas["community_admin_a1"]
    )
    nxt = actions.duty_list_create(
        area=world.district.communities[0], year=world.lists["a1"].year + 1, actor=TEST
    )
    titles = list(nxt.items.values_list("title", "progress"))
    assert titles == [("奉中社区职责1", "not_started"), ("奉中社区职责2", "not_started")]


def test_items_need_title_basis_owner(world):
    lst = world.lists["a1"]
    for change, code in (({"title": ""}, "title_required"), ({"basis": " "}, "basis_required"),
                         ({"owner": ""}, "owner_required")):  # fmt: skip
        fields = {"title": "t", "basis": "b", "owner": "o"} | change
        assert _code(lambda f=fields: actions.duty_item_add(duty_list=lst, actor=TEST, **f)) == code


def test_the_organisation_marks_its_own_progress_with_evidence(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = world.lists["a1"].items.first()
    admin = world.personas["community_admin_a1"]
    photo = SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")
    actions.duty_item_progress(item=item, progress="done", upload=photo, actor=admin)
    assert DutyItem.objects.get(pk=item.pk).progress == "done"
    assert DutyEvidence.objects.filter(item=item).count() == 1
    fake = SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 10, content_type="image/png")
    assert (
        _code(
            lambda: actions.duty_item_progress(item=item, progress="done", upload=fake, actor=admin)
        )
        == "file_type"
    )
    assert (
        _code(lambda: actions.duty_item_progress(item=item, progress="done", actor=admin))
        == "evidence_required"
    )
    assert (
        _code(lambda: actions.duty_item_progress(item=item, progress="x", actor=admin))
        == "bad_progress"
    )
    for other in ("community_admin_b1", "town_admin_a", "district_admin"):

        def call(o=other):
            return actions.duty_item_progress(
                item=item, progress="in_progress", actor=world.personas[o]
            )

        assert _code(call) == "permission_denied", other
