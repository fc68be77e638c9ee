"""How the audit page names the deliberation app's actions and rows (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "deliberation.seat.bound": pgettext_lazy("audit", "Council seat filled"),
    "deliberation.topic.raised": pgettext_lazy("audit", "Topic raised"),
    "deliberation.topic.accepted": pgettext_lazy("audit", "Topic accepted"),
    "deliberation.topic.declined": pgettext_lazy("audit", "Topic declined"),
    "deliberation.topic.scheduled": pgettext_lazy("audit", "Topic put on a meeting's agenda"),
    "deliberation.topic.resolved": pgettext_lazy("audit", "Topic resolved"),
    "deliberation.meeting.scheduled": pgettext_lazy("audit", "Meeting scheduled"),
    "deliberation.meeting.opened": pgettext_lazy("audit", "Meeting opened"),
    "deliberation.meeting.attendance": pgettext_lazy("audit", "Meeting attendance recorded"),
    "deliberation.meeting.minutes": pgettext_lazy("audit", "Meeting minutes written"),
    "deliberation.meeting.closed": pgettext_lazy("audit", "Meeting closed"),
    "deliberation.meeting.photo_added": pgettext_lazy("audit", "Meeting photo added"),
    "deliberation.meeting.photo_removed": pgettext_lazy("audit", "Meeting photo removed"),
    "deliberation.topic.deferred": pgettext_lazy("audit", "Topic deferred to a later meeting"),
    "deliberation.meeting.cancelled": pgettext_lazy("audit", "Meeting cancelled"),
    "deliberation.resolution.drafted": pgettext_lazy("audit", "Resolution drafted"),
    "deliberation.resolution.decided": pgettext_lazy("audit", "Resolution voted on"),
    "deliberation.resolution.published": pgettext_lazy("audit", "Resolution published"),
    "deliberation.vote.recorded": pgettext_lazy("audit", "Vote recorded"),
    "deliberation.followup.created": pgettext_lazy("audit", "Follow-up task assigned"),
    "deliberation.followup.order_opened": pgettext_lazy(
        "audit", "Service order opened for a follow-up task"
    ),
    "deliberation.followup.done": pgettext_lazy("audit", "Follow-up task done"),
    "deliberation.followup.cancelled": pgettext_lazy("audit", "Follow-up task cancelled"),
    "deliberation.rating.submitted": pgettext_lazy("audit", "Resolution rated"),
}
# A resolution is named by its topic; votes, ratings, seats and attendance by what they belong to.
PARTS = {
    "deliberation.resolution": "topic",
    "deliberation.vote": "resolution",
    "deliberation.rating": "resolution",
    "deliberation.seat": "body",
    "deliberation.attendance": "meeting",
    "deliberation.meetingphoto": "meeting",
}
KINDS = {
    "deliberation.vote": pgettext_lazy("audit", "vote"),
    "deliberation.rating": pgettext_lazy("audit", "rating"),
    "deliberation.attendance": pgettext_lazy("audit", "attendance"),
}
FIELDS = {
    "deliberation.meeting": {"present": pgettext_lazy("audit", "seats present")},
    "deliberation.resolution": {
        "public_title": pgettext_lazy("audit", "title made public"),
        "public_text": pgettext_lazy("audit", "text made public"),
    },
}
MASKED_FIELDS = {"deliberation.followup": {"owner_name"}}
SYSTEM = {"deliberation.follow_up": pgettext_lazy("audit", "follow-up order")}
DATA = {"deferred": pgettext_lazy("audit", "deferred topics")}
