"""Processing register (core.processing): residents, households and party members."""

from typing import Any

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, TruncYear
from django.utils.translation import gettext_lazy as _

from yipanqi.core import retention
from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, SENSITIVE, Activity, declare
from yipanqi.core.retention import ANONYMISED, Rule, retain
from yipanqi.people.policies import MOVED_OUT_RETENTION_DAYS

GRID_STAFF = ("district_admin", "town_admin", "community_admin", "grid_worker")

declare(
    (
        Activity(
            "residents",
            _(
                "The grid's register of residents and households for community services and "
                "grid management (网格化管理)"
            ),
            "statutory_duty",
            _("While the person lives in the district, then anonymised after 3 years"),
            GRID_STAFF,
        ),
        Activity(
            "party_membership",
            _("Party members' organisational relations and their transfers (党员管理)"),
            "statutory_duty",
            _("While the membership is held in the district, then transferred with it"),
            ("district_admin", "town_admin", "community_admin"),
        ),
        # The grid worker arranges the services of the members assigned to the grid
        # (REGISTRATION_POLICY), so reads their registrations; never the members' register.
        Activity(
            "in_service_registration",
            _(
                "In-service party members' registration with their home community (双报到), the "
                "grid they serve and their service records"
            ),
            "statutory_duty",
            _("While the membership is held in the district, then transferred with it"),
            GRID_STAFF,
        ),
        Activity(
            "imports",
            _("Bulk loading of the resident register from a spreadsheet (批量导入)"),
            "statutory_duty",
            _("The import's report is kept 90 days; the rows become the residents activity's"),
            ("district_admin", "community_admin"),
        ),
    ),
    {
        "people.HouseholdTag.name": (NOT_PERSONAL, "a tag's name, e.g. 独居老人"),
        "people.Household.address": (ORDINARY, "residents"),
        "people.Person.name": (ORDINARY, "residents"),
        "people.Person.name_initials": (ORDINARY, "residents"),
        "people.Person.sex": (ORDINARY, "residents"),
        "people.Person.birth_date": (ORDINARY, "residents"),
        "people.Person.ethnicity": (SENSITIVE, "residents"),
        "people.Person.political_status": (SENSITIVE, "residents"),
        "people.Person.id_number_cipher": (SENSITIVE, "residents"),
        "people.Person.id_number_digest": (SENSITIVE, "residents"),
        "people.Person.id_number_masked": (SENSITIVE, "residents"),
        "people.Person.phone_cipher": (ORDINARY, "residents"),
        "people.Person.phone_digest": (ORDINARY, "residents"),
        "people.Person.phone_masked": (ORDINARY, "residents"),
        "people.Person.notes": (SENSITIVE, "residents"),
        "people.Person.moved_out_on": (ORDINARY, "residents"),
        "people.PartyMember.*": (SENSITIVE, "party_membership"),
        "people.MembershipTransfer.*": (SENSITIVE, "party_membership"),
        "people.CommunityRegistration.*": (SENSITIVE, "in_service_registration"),
        "people.Participation.*": (SENSITIVE, "in_service_registration"),
        "people.ImportJob.file_name": (NOT_PERSONAL, "the uploaded file's name"),
        "people.ImportJob.errors": (ORDINARY, "imports"),
    },
)


def _discard_previews(jobs) -> None:
    from yipanqi.people.imports import files

    for job in jobs:
        if job.stored_path:
            files.discard(job.stored_path)


MOVED_OUT_RULE = "people.moved_out_residents"
# What an anonymised resident's ID number digest becomes: unique per row, as the district's
# unique constraint on the digest needs, and never the digest of any number.
ANONYMISED_DIGEST = Concat(Value("anon-"), Cast("pk", CharField()), output_field=CharField())


def is_anonymised(person: Any) -> bool:
    """The resident's record has been anonymised by retention (a move-out can no longer be undone)."""
    return retention.anonymised(MOVED_OUT_RULE, person)


# R-PI-8: 90 days after an import finished, its report (the row-by-row errors, which quote the
# rows) and its masked preview file go; the counts stay.
retain(
    Rule(
        "people.import_reports",
        "imports",
        "people.ImportJob",
        "finished_at",
        90,
        {"errors": [], "stored_path": ""},
        files=_discard_previews,
    )
)

# R-PI-8: three years (a district policy) after a resident moved out of the district, the record
# keeps where they lived (the grid), their sex and birth year, for the counts; their name, numbers,
# sensitive profile and notes go, and so do the links to their household and account.
retain(
    Rule(
        MOVED_OUT_RULE,
        "residents",
        "people.Person",
        "moved_out_on",
        MOVED_OUT_RETENTION_DAYS,
        {
            "name": ANONYMISED,
            "name_initials": "",
            "birth_date": TruncYear("birth_date"),
            # sealed (core.sealed): empty is their only value the job can look for
            "ethnicity": "",
            "political_status": "",
            "notes": "",
            "id_number_cipher": b"",
            "id_number_digest": ANONYMISED_DIGEST,
            "id_number_masked": "",
            "phone_cipher": None,
            "phone_digest": "",
            "phone_masked": "",
            "household": None,
            "user": None,
        },
    )
)
