"""Import jobs (批量导入任务): upload → check every row in the background → preview → commit whole.

`import_upload` and `import_commit_request` are the actions a person triggers (audited, each
enqueues a task after its transaction commits); `import_validate` and `import_commit` are the work
those tasks do, also run synchronously by `yipanqi import_people`.
"""

import json
import logging
import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, pii
from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.core.pii import mask_free_text
from yipanqi.core.scope import grant_for
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people.actions import household_tags_ensure
from yipanqi.people.choices import ImportStatus
from yipanqi.people.imports import files, rows, writer
from yipanqi.people.imports.rows import ParsedRow
from yipanqi.people.models import Household, HouseholdTag, ImportJob, Person

TagLink = Household.tags.through

PROGRESS_EVERY = 500  # rows between progress saves (and between duplicate look-ups)
PREVIEW_ROWS = 20
PREVIEW_ERROR_ROWS = 200
STORED_ERRORS = 1000  # error_count keeps the full number
FAILED_MESSAGE = "导入失败，未写入任何数据。请稍后重试，或联系系统管理员。"
RACE_MESSAGE = "导入期间已有居民以相同身份证号码登记，未写入任何数据。请重新上传校验。"
logger = logging.getLogger(__name__)


def jobs_visible_to(user: Any) -> QuerySet[ImportJob]:
    return ImportJob.objects.for_user(user).select_related("community", "created_by")


def _covers(user: Any, path: str) -> bool:
    return any(path.startswith(p) for p in grant_for(user, "change", ImportJob).prefixes)


def can_import_into(user: Any, community: Area) -> bool:
    return community.kind == AreaKind.COMMUNITY and _covers(user, community.path)


def can_commit_import(user: Any, job: ImportJob) -> bool:
    """The uploader or another admin whose scope covers the community (while their grant lasts)."""
    return job.status == ImportStatus.VALID and _covers(user, job.scope_path)


def importable_communities(user: Any) -> QuerySet[Area]:
    prefixes = grant_for(user, "change", ImportJob).prefixes
    if not prefixes:
        return Area.objects.none()
    within = reduce(operator.or_, (Q(path__startswith=p) for p in prefixes))
    return Area.objects.filter(within, kind=AreaKind.COMMUNITY).order_by("path")


@transaction.atomic
def import_upload(*, community: Area, file: Any, actor: Any, enqueue: bool = True) -> ImportJob:
    """Store an upload privately and open a job for it; rows are checked by a background task."""
    if not can_import_into(actor, community):
        raise Forbidden()
    kind = files.kind_from_name(file.name)
    files.check_size(file.size)
    stored = files.store(file)
    files.check_content(stored, kind)
    try:
        job = _create_job(community, file, stored, actor)
    except BaseException:
        files.discard(stored)
        raise
    if enqueue:
        from yipanqi.people.tasks import validate_import

        transaction.on_commit(lambda: validate_import.enqueue(job_id=job.pk))
    return job


def _create_job(community: Area, file: Any, stored: str, actor: Any) -> ImportJob:
    name = mask_free_text(file.name)[-200:]  # a file may be named after a person's ID number
    job = ImportJob(community=community, created_by=actor, file_name=name)
    job.stored_path = stored
    job.place_in(community)
    job.save()
    audit.record(
        actor=actor,
        action="people.import.uploaded",
        target=job,
        data={"file_name": job.file_name, "bytes": file.size, "community": community.code},
    )
    return job


def save_progress(job_id: int, processed: int) -> None:
    """Saved outside any transaction, so the progress bar moves while the job runs."""
    ImportJob.objects.filter(pk=job_id).update(processed_rows=processed, updated_at=timezone.now())


def masked_cells(cells: list[str], index: dict[str, int]) -> list[str]:
    values = [rows.cell(cells, index[h]) for h in rows.HEADERS]
    id_at, phone_at = rows.HEADERS.index("公民身份号码"), rows.HEADERS.index("手机号码")
    values[id_at] = pii.mask_id_number(values[id_at])
    values[phone_at] = pii.mask_phone(values[phone_at])
    return [mask_free_text(v) for v in values]


@dataclass
class Scan:
    """What one pass over the file found."""

    total: int = 0
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)
    parsed: list[rows.ParsedRow] = field(default_factory=list)
    preview: list[list] = field(default_factory=list)  # [row number, masked cells…]
    error_rows: dict[int, list[str]] = field(default_factory=dict)

    def add(self, number, cells, index, parsed, errors, keep: bool) -> None:
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append([number, *masked_cells(cells, index)])
        if errors:
            self.error_count += len(errors)
            self.errors.extend(errors[: max(0, STORED_ERRORS - len(self.errors))])
            if len(self.error_rows) < PREVIEW_ERROR_ROWS:
                self.error_rows[number] = masked_cells(cells, index)
        elif keep:
            self.parsed.append(parsed)

    def refuse(self, errors: list[dict]) -> "Scan":
        self.errors, self.error_count = errors, len(errors)
        return self


def _data_rows(lines):
    return ((number, cells) for number, cells in lines if any(cells))


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def scan_file(job: ImportJob, *, keep_rows: bool) -> Scan:
    """Check every row in batches; after each batch, look up registered ID numbers and save progress."""
    lines = files.read_rows(job.stored_path)
    _number, header = next(lines, (1, []))
    scan = Scan()
    if problems := rows.header_errors(header):
        return scan.refuse(problems)
    index = rows.header_index(header)
    checker = rows.RowChecker(community=job.community, uploader=job.created_by)
    for chunk in _chunks(_data_rows(lines), PROGRESS_EVERY):
        checked = [(n, cells, *checker.check(n, cells, index)) for n, cells in chunk]
        registered = checker.registered({r[4] for r in checked if r[4]})
        for number, cells, parsed, errors, digest in checked:
            if digest in registered:
                errors.append(rows.error(number, "公民身份号码", "该居民已登记，不能重复导入"))
            scan.total += 1
            scan.add(number, cells, index, parsed, errors, keep_rows)
        save_progress(job.pk, scan.total)
    if scan.total == 0:
        return scan.refuse([rows.error(None, "", "文件中没有数据行")])
    return scan


def _write_preview(job: ImportJob, scan: Scan) -> None:
    data = {"rows": scan.preview, "error_rows": scan.error_rows}
    path = files.absolute(job.stored_path + ".preview.json")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path.chmod(0o600)


def preview(job: ImportJob) -> dict:
    """Masked first rows, and the errors grouped by row with that row's masked cells."""
    path = files.absolute(job.stored_path + ".preview.json")
    saved: dict[str, Any] = {"rows": [], "error_rows": {}}
    if job.stored_path and path.exists():
        saved = json.loads(path.read_text(encoding="utf-8"))
    problems: dict = {}
    for item in job.errors:
        entry = problems.setdefault(item["row"], {"row": item["row"], "errors": []})
        entry["cells"] = saved["error_rows"].get(str(item["row"]))
        entry["errors"].append(item)
    return {"rows": saved["rows"], "problems": list(problems.values())}


@transaction.atomic
def _finish(job: ImportJob, status: str, *, actor: Any, action: str, data: dict, **fields) -> None:
    fields["status"] = status
    if status in (ImportStatus.INVALID, ImportStatus.COMMITTED, ImportStatus.FAILED):
        fields["finished_at"] = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor=actor,
        action=action,
        target=job,
        data={"status": status, **data},
        actor_username="" if actor else "system",
    )


def _claim(job_id: int, old: str, new: str) -> ImportJob | None:
    """Move the job on only if it is still where the task expects it (re-delivered tasks do nothing)."""
    if not ImportJob.objects.filter(pk=job_id, status=old).update(status=new, processed_rows=0):
        return None
    return ImportJob.objects.select_related("community", "created_by").get(pk=job_id)


def import_validate(*, job_id: int) -> ImportJob:
    job = _claim(job_id, ImportStatus.UPLOADED, ImportStatus.VALIDATING)
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    try:
        job.total_rows = files.count_data_rows(job.stored_path)
        ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)
        scan = scan_file(job, keep_rows=False)
        _write_preview(job, scan)
    except Exception:
        logger.exception("import job %s could not be checked", job.pk)
        scan = Scan().refuse([rows.error(None, "", "文件无法读取，请使用下载的模板重新填写")])
    status = ImportStatus.INVALID if scan.errors else ImportStatus.VALID
    if status == ImportStatus.INVALID:  # a corrected file is uploaded anew; the report stays
        files.discard(job.stored_path, keep_preview=True)
    _finish(
        job,
        status,
        actor=None,
        action="people.import.checked",
        data={"rows": scan.total, "errors": scan.error_count},
        total_rows=scan.total,
        processed_rows=scan.total,
        error_count=scan.error_count,
        errors=scan.errors,
    )
    return job


@transaction.atomic
def import_commit_request(*, job: ImportJob, actor: Any, enqueue: bool = True) -> ImportJob:
    """Ask for a checked job to be written (导入); the write itself runs in the background."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.VALID:
        raise Conflict(_("Only a checked file without errors can be imported."), code="not_valid")
    if not can_commit_import(actor, job):
        raise Forbidden()
    job.status, job.processed_rows = ImportStatus.COMMITTING, 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])
    audit.record(actor=actor, action="people.import.commit_requested", target=job)
    if enqueue:
        from yipanqi.people.tasks import commit_import

        transaction.on_commit(lambda: commit_import.enqueue(job_id=job.pk, actor_id=actor.pk))
    return job


def import_commit(*, job_id: int, actor_id: int) -> ImportJob:
    """Check again, then write every row in one transaction; on any failure nothing is written."""
    job = ImportJob.objects.select_related("community", "created_by").get(pk=job_id)
    if job.status != ImportStatus.COMMITTING:
        return job
    actor = get_user_model().objects.get(pk=actor_id)
    save_progress(job.pk, 0)
    try:
        scan = scan_file(job, keep_rows=True)
        if scan.errors:
            return _failed(job, actor, scan.errors, scan.error_count)
        with transaction.atomic():
            counts = _write(job, scan.parsed, actor)
            _finish(
                job,
                ImportStatus.COMMITTED,
                actor=actor,
                action="people.import.committed",
                data=counts,
                processed_rows=scan.total,
                created_count=counts["persons_created"],
            )
    except IntegrityError:
        return _failed(job, actor, [rows.error(None, "公民身份号码", RACE_MESSAGE)])
    except Exception:
        logger.exception("import job %s failed", job.pk)
        return _failed(job, actor, [rows.error(None, "", FAILED_MESSAGE)])
    files.discard(job.stored_path)  # the data now lives in the registry (data minimisation)
    return job


def _households(rows: list[ParsedRow]) -> tuple[dict, list[Household]]:
    """Household id per address key: existing households are reused, the others created."""
    existing = Household.objects.filter(grid_id__in={r.grid.pk for r in rows}).values_list(
        "pk", "grid_id", "building", "unit_no", "room"
    )
    ids = {tuple(key): pk for pk, *key in existing}
    new: dict[tuple, Household] = {}
    for row in rows:
        key = row.household_key
        if key in ids or key in new:
            continue
        v = row.values
        household = Household(
            grid=row.grid,
            building=v["building"],
            unit_no=v["unit_no"],
            room=v["room"],
            address=writer.household_address(row.grid, v["building"], v["unit_no"], v["room"]),
        )
        household.place_in(row.grid)
        new[key] = household
    created = Household.objects.bulk_create(list(new.values()), batch_size=writer.BATCH)
    ids.update({key: h.pk for key, h in new.items()})
    return ids, created


def _tags(district_code: str, names: set[str], actor: Any) -> dict[str, int]:
    """Tag id per name; a district without a tag list of its own is given the default one."""
    tags = dict(HouseholdTag.objects.filter(district_code=district_code).values_list("name", "pk"))
    if names - set(tags) and not tags:
        household_tags_ensure(district_code=district_code, actor=actor)
        return _tags(district_code, set(), actor)
    return tags


def _link_tags(job: ImportJob, rows: list[ParsedRow], households: dict, actor: Any) -> int:
    wanted = {(households[r.household_key], name) for r in rows for name in r.tags}
    if not wanted:
        return 0
    tag_ids = _tags(job.district_code, {name for _h, name in wanted}, actor)
    pairs = {(household_id, tag_ids[name]) for household_id, name in wanted}
    present = set(
        TagLink.objects.filter(household_id__in={h for h, _t in pairs}).values_list(
            "household_id", "householdtag_id"
        )
    )
    links = [TagLink(household_id=h, householdtag_id=t) for h, t in pairs - present]
    TagLink.objects.bulk_create(links, batch_size=writer.BATCH)
    return len(links)


def _write(job: ImportJob, rows: list[ParsedRow], actor: Any) -> dict[str, Any]:
    """Write every row; the caller holds the transaction, so a failure leaves nothing behind."""
    households, created = _households(rows)
    linked = _link_tags(job, rows, households, actor)
    people = [writer.person_row(row, households[row.household_key]) for row in rows]
    Person.objects.bulk_create(people, batch_size=writer.BATCH)
    return {
        "households_created": len(created),
        "households_reused": len({r.household_key for r in rows}) - len(created),
        "persons_created": len(people),
        "tags_linked": linked,
        "household_ids": writer.id_ranges([h.pk for h in created]),
        "person_ids": writer.id_ranges([p.pk for p in people]),
    }


def _failed(job: ImportJob, actor: Any, errors: list[dict], count: int | None = None) -> ImportJob:
    job.refresh_from_db()
    files.discard(job.stored_path, keep_preview=True)
    _finish(
        job,
        ImportStatus.FAILED,
        actor=actor,
        action="people.import.failed",
        data={"errors": count or len(errors)},
        errors=errors[:STORED_ERRORS],
        error_count=count or len(errors),
    )
    return job
