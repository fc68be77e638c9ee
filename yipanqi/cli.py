"""The `yipanqi` console script: manage.py with the project's settings chosen from the environment."""

import os
import sys


def configure() -> None:
    mode = os.environ.get("YIPANQI_ENV", "development").lower()
    default = (
        "config.settings.production" if mode == "production" else "config.settings.development"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)


def main() -> None:
    configure()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yipanqi", *sys.argv[1:]])
