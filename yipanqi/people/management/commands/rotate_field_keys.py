"""`yipanqi rotate_field_keys [--reindex]`: re-seal residents' ID numbers and phones with the
current field key, and optionally recompute their blind-index digests.

Rotating the field (encryption) key:
  1. set YIPANQI_FIELD_KEY to the new key and put the old one in YIPANQI_FIELD_KEYS_PREVIOUS
     (comma-separated, newest first); restart the app and the worker — old ciphertexts still open;
  2. run `yipanqi rotate_field_keys`; it re-seals every value not sealed with the current key;
  3. when a second run reports 0 re-sealed, remove the old key from YIPANQI_FIELD_KEYS_PREVIOUS.
Rotating the index (digest) key:
  1. set YIPANQI_INDEX_KEY to the new key and YIPANQI_INDEX_KEY_PREVIOUS to the old one;
  2. run `yipanqi rotate_field_keys --reindex` at once, in a maintenance window: until it has
     finished, exact search by full ID number or phone, and the duplicate check on new residents,
     miss the rows not yet re-indexed; each old digest is verified against the previous key;
  3. unset YIPANQI_INDEX_KEY_PREVIOUS.
Both steps are idempotent (rows already done are skipped) and each run writes one audit event.
"""

import base64
import hashlib
import hmac
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.env import env
from yipanqi.core import audit, pii
from yipanqi.people.actions import ID_CONTEXT, PHONE_CONTEXT
from yipanqi.people.models import Person

SEALED = (("id_number", ID_CONTEXT), ("phone", PHONE_CONTEXT))
COLUMNS = ["id_number_cipher", "id_number_digest", "phone_cipher", "phone_digest"]


def previous_index_key() -> str:
    key = getattr(settings, "BLIND_INDEX_PREVIOUS_KEY", "") or env("YIPANQI_INDEX_KEY_PREVIOUS")
    return str(key or "")


def digest_with(key: str, value: str, context: str) -> str:
    """`pii.digest` under another key (the same message layout; a test keeps them equal)."""
    message = f"{context}\x00{value}".encode()
    return hmac.new(base64.b64decode(key), message, hashlib.sha256).hexdigest()


def _refresh(person: Person, *, reindex: bool, old_key: str, counts: Counter) -> bool:
    """Re-seal and re-index one person's sealed fields in memory; True if anything changed."""
    changed = False
    for field, context in SEALED:
        blob = getattr(person, f"{field}_cipher")
        stale = bool(blob) and not pii.sealed_with_current_key(blob)
        if not blob or not (stale or reindex):
            continue
        value = pii.decrypt(blob, context=context)
        if stale:
            setattr(person, f"{field}_cipher", pii.encrypt(value, context=context))
            counts["resealed"] += 1
            changed = True
        digest = pii.digest(value, context=context)
        if reindex and getattr(person, f"{field}_digest") != digest:
            if getattr(person, f"{field}_digest") != digest_with(old_key, value, context):
                counts["unverified_digests"] += 1  # neither key made it: repaired all the same
            setattr(person, f"{field}_digest", digest)
            counts["reindexed"] += 1
            changed = True
    return changed


def rotate(*, batch_size: int, reindex: bool, old_key: str) -> Counter:
    counts: Counter = Counter()
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                Person.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", *COLUMNS)[:batch_size]
            )
            if not batch:
                return counts
            changed = [
                p for p in batch if _refresh(p, reindex=reindex, old_key=old_key, counts=counts)
            ]
            Person.objects.bulk_update(changed, COLUMNS)
        counts["checked"] += len(batch)
        counts["rows_changed"] += len(changed)
        last_pk = batch[-1].pk


class Command(BaseCommand):
    help = "Re-seal ID numbers and phones with the current field key (--reindex: new digests too)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="recompute digests with YIPANQI_INDEX_KEY (old key in YIPANQI_INDEX_KEY_PREVIOUS)",
        )

    def handle(self, *args, batch_size, reindex, **options):
        old_key = previous_index_key() if reindex else ""
        if reindex and not old_key:
            raise CommandError("--reindex needs the old index key in YIPANQI_INDEX_KEY_PREVIOUS.")
        try:
            counts = rotate(batch_size=batch_size, reindex=reindex, old_key=old_key)
        except ValueError as exc:  # a ciphertext under a key that is not configured
            raise CommandError(f"{exc}; add the old key to YIPANQI_FIELD_KEYS_PREVIOUS") from exc
        with transaction.atomic():
            audit.record(
                actor=None,
                actor_username="rotate_field_keys",
                action="people.person.keys_rotated",
                data={"reindex": reindex, **counts},
                scope_path="",
                district_code="",
            )
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing to do"
        self.stdout.write(self.style.SUCCESS(summary))
