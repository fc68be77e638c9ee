"""`yipanqi rotate_field_keys [--reindex]`: re-seal every sealed column with the current field key
and cipher, and optionally recompute the blind-index digests.

The sealed columns are found, not listed: every `<name>_cipher` binary field of a yipanqi model,
with the context `<app>.<model>.<name>` and, where the model has one, the digest `<name>_digest`;
and every sealed field (core.sealed), which re-seals itself when saved.

Rotating the field (encryption) key, or moving from AES-256-GCM to SM4-GCM:
  1. set YIPANQI_FIELD_KEY to the new key and put the old one in YIPANQI_FIELD_KEYS_PREVIOUS
     (comma-separated, newest first), or set YIPANQI_FIELD_CIPHER; restart the app and the
     worker — old ciphertexts still open;
  2. run `yipanqi rotate_field_keys`; it re-seals every value not sealed with the current key and
     cipher;
  3. when a second run reports 0 re-sealed, remove the old key from YIPANQI_FIELD_KEYS_PREVIOUS.
Rotating the index (digest) key, or moving from HMAC-SHA256 to HMAC-SM3:
  1. set YIPANQI_INDEX_KEY to the new key and YIPANQI_INDEX_KEY_PREVIOUS to the old one (for a
     new hash alone, set YIPANQI_INDEX_HASH and leave the key as it is);
  2. run `yipanqi rotate_field_keys --reindex` at once, in a maintenance window: until it has
     finished, exact search by full ID number or phone, and the duplicate check on new residents,
     miss the rows not yet re-indexed; each old digest is checked against the old key and hashes;
  3. unset YIPANQI_INDEX_KEY_PREVIOUS.
Both steps are idempotent (rows already done are skipped) and each run writes one audit event.
"""

from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from config.env import env
from yipanqi.core import audit, keys, pii
from yipanqi.core.sealed import SealedField


@dataclass(frozen=True)
class Sealed:
    model: type[models.Model]
    stem: str
    digested: bool
    field: bool = False  # a core.sealed field (the value opens on load), not a _cipher column

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.stem}"

    @property
    def columns(self) -> list[str]:
        if self.field:
            return [self.stem]
        return [f"{self.stem}_cipher"] + ([f"{self.stem}_digest"] if self.digested else [])


def sealed_columns() -> list[Sealed]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("yipanqi."):
            continue
        names = {f.name for f in model._meta.concrete_fields}
        for field in model._meta.concrete_fields:
            if isinstance(field, SealedField):
                found.append(Sealed(model, field.name, False, field=True))
            elif field.name.endswith("_cipher") and isinstance(field, models.BinaryField):
                stem = field.name.removesuffix("_cipher")
                found.append(Sealed(model, stem, f"{stem}_digest" in names))
    return found


def old_digests(value: str, context: str, old_key: bytes) -> set[str]:
    """What the digest may have been before: the old key under either hash."""
    return {
        pii.digest(value, context=context, key=old_key, algorithm=name) for name in pii.INDEX_HASHES
    }


def _refresh(row, column: Sealed, *, old_key: bytes | None, counts: Counter) -> bool:
    """Re-seal and re-index one row's sealed column in memory; True if anything changed."""
    if column.field:  # saving it seals it again, under the current key and cipher
        if not getattr(getattr(row, column.stem), "stale", False):
            return False
        counts["resealed"] += 1
        return True
    blob = getattr(row, f"{column.stem}_cipher")
    stale = bool(blob) and not pii.sealed_with_current_key(blob)
    if not blob or not (stale or (old_key and column.digested)):
        return False
    value = pii.decrypt(blob, context=column.context)
    changed = False
    if stale:
        setattr(row, f"{column.stem}_cipher", pii.encrypt(value, context=column.context))
        counts["resealed"] += 1
        changed = True
    digest = pii.digest(value, context=column.context)
    if old_key and column.digested and getattr(row, f"{column.stem}_digest") != digest:
        if getattr(row, f"{column.stem}_digest") not in old_digests(value, column.context, old_key):
            counts["unverified_digests"] += 1  # neither key made it: repaired all the same
        setattr(row, f"{column.stem}_digest", digest)
        counts["reindexed"] += 1
        changed = True
    return changed


def _refresh_row(row, columns: list[Sealed], old_key: bytes | None, counts: Counter) -> bool:
    changes = [_refresh(row, column, old_key=old_key, counts=counts) for column in columns]
    return True in changes  # every column refreshed, not just up to the first change


def rotate_model(model, columns: list[Sealed], *, batch_size, old_key, counts: Counter) -> None:
    names = [name for column in columns for name in column.columns]
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                model._default_manager.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", *names)[:batch_size]
            )
            if not batch:
                return
            changed = [row for row in batch if _refresh_row(row, columns, old_key, counts)]
            model._default_manager.bulk_update(changed, names)
        counts["checked"] += len(batch)
        counts["rows_changed"] += len(changed)
        last_pk = batch[-1].pk


def rotate(*, batch_size: int, old_key: bytes | None) -> Counter:
    """`old_key`: the index key the digests were made with (None: leave the digests alone)."""
    counts: Counter = Counter()
    by_model: dict = {}
    for column in sealed_columns():
        by_model.setdefault(column.model, []).append(column)
    for model, columns in by_model.items():
        rotate_model(model, columns, batch_size=batch_size, old_key=old_key, counts=counts)
    return counts


class Command(BaseCommand):
    help = "Re-seal personal data with the current field key and cipher (--reindex: digests too)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="recompute digests with YIPANQI_INDEX_KEY / YIPANQI_INDEX_HASH (an old key in "
            "YIPANQI_INDEX_KEY_PREVIOUS)",
        )

    def handle(self, *args, batch_size, reindex, **options):
        try:
            old_key = keys.index_key(env("YIPANQI_INDEX_KEY_PREVIOUS")) if reindex else None
            counts = rotate(batch_size=batch_size, old_key=old_key)
        except ValueError as exc:  # a ciphertext under a key that is not configured
            raise CommandError(f"{exc}; add the old key to YIPANQI_FIELD_KEYS_PREVIOUS") from exc
        with transaction.atomic():
            audit.record(
                actor=None,
                actor_username="rotate_field_keys",
                action="core.keys.rotated",
                data={"reindex": reindex, **counts},
                scope_path="",
                district_code="",
            )
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing to do"
        self.stdout.write(self.style.SUCCESS(summary))
