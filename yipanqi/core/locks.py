"""Serialise a class of writes (tree changes, the audit chain) for the rest of the transaction.

PostgreSQL: a transaction-scoped advisory lock. SQLite: transactions start IMMEDIATE (settings), so
writers already queue on the database lock and nothing more is needed.
"""

import zlib

from django.db import connection


def serialise(name: str) -> None:
    if connection.vendor != "postgresql":
        return
    key = zlib.crc32(name.encode("utf-8"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
