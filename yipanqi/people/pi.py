"""Processing register (core.processing): residents, households and party members."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, SENSITIVE, Activity, declare
from yipanqi.core.retention import Rule, retain

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
            _(
                "Party members' organisational relations, in-service registration (双报到) and "
                "service records (党员管理)"
            ),
            "statutory_duty",
            _("While the membership is held in the district, then transferred with it"),
            ("district_admin", "town_admin", "community_admin"),
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
        "people.PartyMember.*": (SENSITIVE, "party_membership"),
        "people.MembershipTransfer.*": (SENSITIVE, "party_membership"),
        "people.CommunityRegistration.*": (SENSITIVE, "party_membership"),
        "people.Participation.*": (SENSITIVE, "party_membership"),
        "people.ImportJob.file_name": (NOT_PERSONAL, "the uploaded file's name"),
        "people.ImportJob.errors": (ORDINARY, "imports"),
    },
)


def _discard_previews(jobs) -> None:
    from yipanqi.people.imports import files

    for job in jobs:
        if job.stored_path:
            files.discard(job.stored_path)


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
