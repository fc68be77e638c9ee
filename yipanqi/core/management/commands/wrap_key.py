"""`yipanqi wrap_key field|index [--new]`: a data key wrapped under the KMS master key, for
YIPANQI_FIELD_KEY / YIPANQI_INDEX_KEY when YIPANQI_KEY_SOURCE=envelope (docs/deployment-keys.md).

The clear data key (base64) is read from standard input, or drawn fresh with --new; only the
wrapped key is printed, so the clear one need never be written down."""

import base64
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from yipanqi.core import keys

LABELS = {"field": keys.FIELD_LABEL, "index": keys.INDEX_LABEL}


class Command(BaseCommand):
    help = "Wrap a data key under the KMS master key (YIPANQI_KEY_SOURCE=envelope)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(LABELS))
        parser.add_argument("--new", action="store_true", help="draw a fresh 32-byte key")

    def handle(self, *args, kind, new, **options):
        key = os.urandom(keys.DATA_KEY_BYTES) if new else base64.b64decode(sys.stdin.read())
        if len(key) != keys.DATA_KEY_BYTES:
            raise CommandError(f"a data key is {keys.DATA_KEY_BYTES} bytes, base64-encoded")
        wrapped = keys.kms().wrap(key, label=LABELS[kind])
        self.stdout.write(base64.b64encode(wrapped).decode())
