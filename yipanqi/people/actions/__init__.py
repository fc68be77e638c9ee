"""Every write to the people registry. Sensitive values are sealed here (`sealing`) and nowhere else.

`from yipanqi.people.actions import person_create` keeps working: the actions live in the modules
of this package and are re-exported here.
"""

from yipanqi.people.actions.bulk import (
    PARTICIPATION_BATCH,
    NewParticipation,
    participations_record_bulk,
    persons_link_users_bulk,
)
from yipanqi.people.actions.feedback import FEEDBACK_HEADERS, branch_feedback_export
from yipanqi.people.actions.households import (
    household_create,
    household_set_tags,
    household_tags_ensure,
)
from yipanqi.people.actions.members import member_create, member_set_status, member_transfer
from yipanqi.people.actions.persons import (
    person_create,
    person_link_user,
    person_move_back,
    person_move_out,
    person_set_phone,
    person_unmask,
)
from yipanqi.people.actions.registrations import (
    REGISTRATION_FLOW,
    participation_record,
    registration_assign,
    registration_confirm,
    registration_decline,
    registration_submit,
)
from yipanqi.people.actions.sealing import (
    ID_CONTEXT,
    PHONE_CONTEXT,
    sealed_id_number,
    sealed_phone,
)
from yipanqi.people.actions.search import EXACT_SEARCH_EVENT, person_search_exact

__all__ = [
    "EXACT_SEARCH_EVENT",
    "FEEDBACK_HEADERS",
    "ID_CONTEXT",
    "PARTICIPATION_BATCH",
    "PHONE_CONTEXT",
    "REGISTRATION_FLOW",
    "NewParticipation",
    "branch_feedback_export",
    "household_create",
    "household_set_tags",
    "household_tags_ensure",
    "member_create",
    "member_set_status",
    "member_transfer",
    "participation_record",
    "participations_record_bulk",
    "person_create",
    "person_link_user",
    "person_move_back",
    "person_move_out",
    "person_search_exact",
    "person_set_phone",
    "person_unmask",
    "persons_link_users_bulk",
    "registration_assign",
    "registration_confirm",
    "registration_decline",
    "registration_submit",
    "sealed_id_number",
    "sealed_phone",
]
