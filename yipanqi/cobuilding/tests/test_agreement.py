"""Accepting a claim on the board writes the co-building agreement the accepting side fills in;
left empty, the agreement takes its defaults; a bad period is refused and nothing starts."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from yipanqi.cobuilding import actions
from yipanqi.cobuilding.models import Claim, Project

pytestmark = pytest.mark.django_db


def _claim(world):
    return actions.need_claim(
        need=world.need, unit=world.d.units[0], actor=world.personas["liaison_a1"]
    )


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.personas["community_admin_a1"])
    return client


def test_the_agreement_written_on_the_board_is_the_projects(world):
    claim = _claim(world)
    page = _admin(world)
    assert (
        f'name="agreement-{claim.pk}-goal"'
        in page.get(reverse("cobuilding:board")).content.decode()
    )
    p = f"agreement-{claim.pk}-"
    sent = page.post(
        reverse("cobuilding:claim_step", args=[claim.pk, "accept"]),
        {p + "goal": "三个月内修好全部楼道灯", p + "unit_inputs": "电工两名、灯具", p + "community_inputs": "组织居民",
         p + "starts_on": "2021-05-01", p + "ends_on": "2021-07-31", p + "milestones": "5月排查；6月更换"},
    )  # fmt: skip
    assert sent.status_code == 302
    project = Project.objects.get(claim=claim)
    assert (project.goal, project.unit_inputs, project.community_inputs) == (
        "三个月内修好全部楼道灯", "电工两名、灯具", "组织居民",
    )  # fmt: skip
    assert (project.starts_on, project.ends_on) == (
        datetime.date(2021, 5, 1),
        datetime.date(2021, 7, 31),
    )
    assert project.milestones == "5月排查；6月更换"


def test_an_empty_agreement_takes_the_defaults(world):
    claim = _claim(world)
    _admin(world).post(reverse("cobuilding:claim_step", args=[claim.pk, "accept"]))
    assert Project.objects.get(claim=claim).goal == world.need.title


def test_a_period_that_ends_before_it_starts_starts_nothing(world):
    claim = _claim(world)
    p = f"agreement-{claim.pk}-"
    _admin(world).post(
        reverse("cobuilding:claim_step", args=[claim.pk, "accept"]),
        {p + "starts_on": "2021-07-31", p + "ends_on": "2021-05-01"},
    )
    assert not Project.objects.filter(claim=claim).exists()
    assert Claim.objects.get(pk=claim.pk).status == "claimed"
