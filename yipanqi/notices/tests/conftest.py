import datetime
from unittest import mock

import pytest
from django.utils import timezone


@pytest.fixture
def world(db):
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.notices.tests.factories import build_notice_world

    return built_once("notices", build_notice_world)


@pytest.fixture
def at():
    """Freeze `timezone.now()` at a given aware time."""
    patches = []

    def freeze(moment: datetime.datetime) -> None:
        patch = mock.patch.object(timezone, "now", lambda: moment)
        patch.start()
        patches.append(patch)

    yield freeze
    for patch in reversed(patches):
        patch.stop()


@pytest.fixture(scope="module")
def shared_notices(django_db_setup, django_db_blocker):
    """One notice world for a module, rolled back at the end; each test runs in a savepoint."""
    from django.db import transaction

    from yipanqi.notices.tests.factories import build_notice_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_notice_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(shared_notices, db):
    return shared_notices
