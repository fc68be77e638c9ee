"""`yipanqi import_people FILE --community CODE --as USERNAME`: the page's import, run at once.

The same checks and the same all-or-nothing write as an upload through the pages, without the
worker; the job, its report and its audit events are recorded as usual.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from yipanqi.core.errors import DomainError
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people import imports
from yipanqi.people.choices import ImportStatus

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "Import households and residents of one community from an .xlsx or .csv file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--community", required=True, help="division code of the community")
        parser.add_argument("--as", dest="username", required=True, help="the importing user")
        parser.add_argument("--check-only", action="store_true", help="check, do not import")

    def handle(self, *args, file, community, username, check_only, **options):
        area = Area.objects.filter(code=community, kind=AreaKind.COMMUNITY).first()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if area is None or user is None:
            raise CommandError("Unknown community code or user.")
        job = self._upload(Path(file), area, user)
        job = imports.import_validate(job_id=job.pk)
        if job.status != ImportStatus.VALID:
            self._report(job)
            raise CommandError(f"{job.error_count} errors; nothing was imported (job {job.pk}).")
        if check_only:
            self.stdout.write(self.style.SUCCESS(f"{job.total_rows} rows checked, no errors."))
            return
        imports.import_commit_request(job=job, actor=user, enqueue=False)
        job = imports.import_commit(job_id=job.pk, actor_id=user.pk)
        if job.status != ImportStatus.COMMITTED:
            self._report(job)
            raise CommandError(f"The import failed; nothing was written (job {job.pk}).")
        self.stdout.write(
            self.style.SUCCESS(f"{job.created_count} residents imported (job {job.pk}).")
        )

    def _upload(self, path: Path, area, user):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as handle:
                return imports.import_upload(
                    community=area, file=File(handle, name=path.name), actor=user, enqueue=False
                )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc

    def _report(self, job) -> None:
        for error in job.errors[:SHOWN_ERRORS]:
            where = f"第 {error['row']} 行 " if error["row"] else ""
            self.stderr.write(f"{where}{error['field']}：{error['message']}")
