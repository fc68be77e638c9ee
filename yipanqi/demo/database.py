"""Start the demo from an empty database: SQLite file deleted, or PostgreSQL schema recreated."""

from pathlib import Path

from django.db import connections

SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def database_label(alias: str = "default") -> str:
    settings = connections[alias].settings_dict
    return f"{connections[alias].vendor} {settings['NAME']}"


def sqlite_path(alias: str = "default") -> Path | None:
    connection = connections[alias]
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name).resolve()


def reset_database(alias: str = "default") -> None:
    """Drop everything in the database `alias` points at (the caller has checked it may)."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        path = sqlite_path(alias)
        if path is None:
            raise ValueError("an in-memory SQLite database cannot be rebuilt")
        connection.close()
        for suffix in SQLITE_SIDE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        raise ValueError(f"cannot reset a {connection.vendor} database")
