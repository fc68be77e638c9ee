"""schemathesis over the whole OpenAPI schema, as three personas: no server error, no response
that breaks the schema, invalid data refused and valid data accepted or refused for a named domain
reason (R-IO-7, R-AC-3; docs/decisions/016-api-fuzzing.md).

Examples are bounded (FUZZ_EXAMPLES per operation and generation mode, 3 by default) so the run
takes a few minutes at most; YIPANQI_FUZZ_EXAMPLES raises it for a longer run by hand.
"""

import logging
import os
import time

import pytest
from django.db import transaction

from yipanqi.core.tests import fuzz

pytestmark = [pytest.mark.api_fuzz]

FUZZ_EXAMPLES = int(os.environ.get("YIPANQI_FUZZ_EXAMPLES", "3"))
PERSONAS = ["resident_a1", "community_admin_a1", "district_admin"]


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """Built once for the module and rolled back at the end; each test runs in its own savepoint
    (request `db` too)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            district = fuzz.build_world()
            yield district, fuzz.existing_ids()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def schema():
    return fuzz.load_schema()


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_server_error_and_no_schema_violation(fuzz_world, schema, db, persona):
    district, ids = fuzz_world
    pools = fuzz.id_pools(schema, district.personas["district_admin"])
    report = fuzz.Report(persona)
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        fuzz.fuzz_operation(
            operation,
            user=district.personas[persona],
            ids=ids,
            pools=pools,
            examples=FUZZ_EXAMPLES,
            report=report,
        )
    elapsed = time.monotonic() - started
    summary = f"{persona}: {report.calls} calls in {elapsed:.0f}s, statuses {report.statuses}"
    logging.getLogger(__name__).info(summary)
    assert not report.failures, "\n\n".join(report.failures)
    # The run reached the objects: not only 401/404s.
    assert report.statuses.get(200, 0) > 50, summary
