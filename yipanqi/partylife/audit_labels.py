"""How the audit page names party life's actions and rows (core.audit_labels). Rows about a
member are named after the member: masked (张*丰)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "partylife.officer.appointed": pgettext_lazy("audit", "Branch officer appointed"),
    "partylife.officer.reappointed": pgettext_lazy("audit", "Branch officer appointed again"),
    "partylife.meeting.planned": pgettext_lazy("audit", "Branch meeting planned"),
    "partylife.meeting.updated": pgettext_lazy("audit", "Branch meeting changed"),
    "partylife.meeting.recorded": pgettext_lazy("audit", "Branch meeting recorded as held"),
    "partylife.meeting.confirmed": pgettext_lazy("audit", "Branch meeting record confirmed"),
    "partylife.meeting.cancelled": pgettext_lazy("audit", "Branch meeting cancelled"),
    "partylife.meeting.amended": pgettext_lazy("audit", "Confirmed meeting record amended"),
    "partylife.meeting.photo_added": pgettext_lazy("audit", "Meeting photo added"),
    "partylife.meeting.venue_booked": pgettext_lazy("audit", "Venue booked for a meeting"),
    "partylife.attendance.recorded": pgettext_lazy("audit", "Meeting attendance recorded"),
    "partylife.attendance.changed": pgettext_lazy("audit", "Meeting attendance changed"),
    "partylife.dues_base.set": pgettext_lazy("audit", "Dues base set"),
    "partylife.dues_base.changed": pgettext_lazy("audit", "Dues base changed"),
    "partylife.dues_base.revealed": pgettext_lazy("audit", "Dues bases shown in full"),
    "partylife.dues.paid": pgettext_lazy("audit", "Party dues paid"),
    "partylife.dues.exported": pgettext_lazy("audit", "Dues ledger exported"),
    "partylife.transfer.requested": pgettext_lazy("audit", "Membership transfer requested"),
    "partylife.transfer.approved": pgettext_lazy("audit", "Membership transfer approved"),
    "partylife.transfer.accepted": pgettext_lazy("audit", "Membership transfer completed"),
    "partylife.transfer.rejected": pgettext_lazy("audit", "Membership transfer rejected"),
    "partylife.transfer.withdrawn": pgettext_lazy("audit", "Membership transfer withdrawn"),
    "partylife.transfer.escalated": pgettext_lazy("audit", "Overdue membership transfer escalated"),
    "partylife.demo.meetings_created": pgettext_lazy("audit", "Demo branch meetings created"),
    "partylife.demo.payments_created": pgettext_lazy("audit", "Demo dues payments created"),
}
PARTS = {
    "partylife.attendance": "meeting",
    "partylife.amendment": "meeting",
    "partylife.duesbase": "member",
    "partylife.duespayment": "member",
    "partylife.transfer": "member",
    "partylife.branchofficer": "branch",
}
SYSTEM = {
    "partylife.escalation": pgettext_lazy("audit", "overdue transfer escalation"),
    "partylife.transfer": pgettext_lazy("audit", "membership transfer"),
}
DATA = {
    "amendment": pgettext_lazy("audit", "amendment"),
    "rows": pgettext_lazy("audit", "rows"),
    "purpose": pgettext_lazy("audit", "purpose"),
}
