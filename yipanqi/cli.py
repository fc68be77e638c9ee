"""The `yipanqi` console script: manage.py with the project's settings chosen from the environment."""

import os
import sys
from pathlib import Path

# Commands whose `--db PATH` picks the SQLite file; settings load before the command parses its
# arguments, so the option is read here and turned into DATABASE_URL.
DB_OPTION_COMMANDS = frozenset({"demo", "demo_accounts"})


def db_option(args: list[str]) -> str | None:
    """The value of `--db PATH` or `--db=PATH` in `args`, if any."""
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--db="):
            return arg.removeprefix("--db=")
    return None


def _prepare_command(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else ""
    if command == "demo":
        os.environ.setdefault("YIPANQI_ENV", "demo")  # DEBUG off, demo keys allowed
    path = db_option(argv[2:]) if command in DB_OPTION_COMMANDS else None
    if path:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(path).expanduser().resolve()}"


def configure(argv: list[str] | None = None) -> None:
    _prepare_command(sys.argv if argv is None else argv)
    mode = os.environ.get("YIPANQI_ENV", "development").lower()
    default = (
        "config.settings.production" if mode == "production" else "config.settings.development"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)


def main() -> None:
    configure()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yipanqi", *sys.argv[1:]])
