"""Area paths in "C" on PostgreSQL (core.collation, decision 030): every path column of every
model is in "C" after migrate, and a grid worker's page of residents is one ordered index range
that stops at the end of the grid's prefix, not a walk of the whole index."""

import json

import pytest
from django.db import connection, transaction

from yipanqi.core import collation
from yipanqi.people import selectors
from yipanqi.people.tests.factories import build_people

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("collations are PostgreSQL's: run with DATABASE_URL=postgres://…")


def test_every_path_column_is_in_c_after_migrate():
    columns = collation.path_columns()
    assert len(columns) > 100 and ("people_person", "scope_path", 255) in columns
    assert collation.not_in_c("default") == []


def test_a_column_put_back_is_set_again():
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                'ALTER TABLE people_person ALTER COLUMN scope_path TYPE varchar(255) COLLATE "default"'
            )
        assert ("people_person", "scope_path", 255) in collation.not_in_c("default")
        assert collation.apply() == ["people_person.scope_path"]
        assert collation.not_in_c("default") == []
        transaction.set_rollback(True)


def _plan(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")  # an ordered index scan, or a sort
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return cursor.fetchone()[0][0]["Plan"]


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def test_a_grid_workers_residents_page_is_an_index_range(district):
    build_people(district)
    user = district.personas["grid_worker_a1"]
    page = selectors.person_list(user=user)[:21]
    scans = [n for n in _nodes(_plan(page)) if n.get("Relation Name") == "people_person"]
    assert scans, json.dumps(_plan(page))[:2000]
    main = scans[0]
    assert main["Node Type"] in {"Index Scan", "Index Only Scan"}, main
    bounds = main.get("Index Cond", "")  # a range that ends where the prefix does
    assert "scope_path" in bounds and ">=" in bounds and "<" in bounds, main
    # …through an index that also gives the page's order: not the pattern-ops `_like` index,
    # whose order is not the column's and would need all the grid's rows sorted first
    assert not main["Index Name"].endswith("_like"), main
