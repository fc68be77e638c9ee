"""`manage.py check --deploy --fail-level WARNING` with the production settings (R-ID-11), run by
`make lint`: throw-away secrets stand in for the deployer's, so the check sees exactly the
settings production would run with."""

import base64
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    key = lambda: base64.b64encode(secrets.token_bytes(32)).decode()  # noqa: E731
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "YIPANQI_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "YIPANQI_FIELD_KEY": key(),
            "YIPANQI_INDEX_KEY": key(),
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'check.sqlite3'}",
        }
        manage = Path(__file__).resolve().parents[1] / "manage.py"
        command = [sys.executable, str(manage), "check", "--deploy", "--fail-level", "WARNING"]
        return subprocess.run(command, env=env).returncode  # nosec B603


if __name__ == "__main__":
    sys.exit(main())
