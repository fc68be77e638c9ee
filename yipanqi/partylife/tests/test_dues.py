"""Dues computation against an independent computation: vectors at each band edge, rounding to
the fen, fixed amounts; remittance totals sum exactly; a member's yearly statement."""

import datetime
from decimal import Decimal

import pytest

from yipanqi.partylife import actions, selectors
from yipanqi.partylife.rules import mask_base, monthly_dues_fen

# (category, monthly income in yuan, dues in yuan) — written out from the national rule:
# ≤3,000 0.5 %, ≤5,000 1 %, ≤10,000 1.5 %, above 2 %; retirees ≤5,000 0.5 %, above 1 %.
VECTORS = [
    ("income", "0", "0.00"),
    ("income", "2999.99", "15.00"),  # 14.99995 rounds half up
    ("income", "3000", "15.00"),
    ("income", "3000.01", "30.00"),
    ("income", "5000", "50.00"),
    ("income", "5000.01", "75.00"),
    ("income", "10000", "150.00"),
    ("income", "10000.01", "200.00"),
    ("income", "12345.67", "246.91"),
    ("retiree", "5000", "25.00"),
    ("retiree", "5000.01", "50.00"),
    ("student", None, "0.20"),
    ("farmer", None, "0.50"),
    ("unemployed", None, "0.20"),
]


@pytest.mark.parametrize(("category", "income", "dues"), VECTORS)
def test_band_edges(db, category, income, dues):
    base_fen = None if income is None else int(Decimal(income) * 100)
    assert monthly_dues_fen(category, base_fen, "330213") == int(Decimal(dues) * 100)


def test_masking_hides_the_amount():
    assert mask_base(400000) == "¥*,***"
    assert mask_base(80000) == "¥***"


def test_payments_and_remittance_sum_exactly(world):
    from yipanqi.core.actors import system

    officer = system("test")
    months = [datetime.date(2021, m, 1) for m in range(2, 13)]
    for member in (world.members["self"], world.members["b1"]):
        for month in months[:7]:
            actions.dues_pay(member=member, month=month, actor=officer)
    expected = {  # independent: monthly dues × months paid (1 + 7)
        world.branches["a1"].pk: 4000 * 8,
        world.branches["b1"].pk: 24000 * 8,
    }
    rows = selectors.remittance(user=world.personas["district_admin"], year=2021)
    assert {b.pk: fen for b, fen in rows} == expected
    assert sum(fen for _b, fen in rows) == sum(expected.values())
    by_town = selectors.remittance_by_town(user=world.personas["district_admin"], year=2021)
    assert {t: fen for t, fen, _rows in by_town} == {"锦屏街道": 32000, "岳林街道": 192000}
    town = selectors.remittance(user=world.personas["town_admin_a"], year=2021)
    assert [(b.pk, fen) for b, fen in town] == [(world.branches["a1"].pk, 32000)]


def test_the_statement_and_ledger(world):
    client_of = world.personas["party_member_a1"]
    base, payments = selectors.my_dues(user=client_of, year=2021)
    assert base.monthly_fen == 4000 and [p.month.month for p in payments] == [1]
    assert selectors.visible_base(user=client_of, base=base) == 400000
    assert selectors.visible_base(user=world.personas["dues_officer_a1"], base=base) == 400000
    for name in ("secretary_a1", "community_admin_a1", "district_admin"):
        assert selectors.visible_base(user=world.personas[name], base=base) is None
    ledger = selectors.branch_ledger(
        branch=world.branches["a1"], year=2021, today=datetime.date(2021, 6, 30)
    )
    arrears = {r.member.pk: r.arrears for r in ledger}
    assert arrears[world.members["self"].pk] == [2, 3, 4, 5, 6]
    assert arrears[world.members["a2"].pk] == [1, 2, 3, 4, 5, 6]
