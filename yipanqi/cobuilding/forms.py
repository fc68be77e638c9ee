"""Forms of co-building pages (the actions check again; forms only shape input)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.cobuilding.choices import Grade, ResourceKind
from yipanqi.core.pages import StyledForm

DATE = forms.DateInput(attrs={"type": "date"})


class ClaimForm(StyledForm):
    note = forms.CharField(label=_("What we offer or ask"), max_length=500, required=False)


class DeclineForm(StyledForm):
    reason = forms.CharField(label=pgettext_lazy("cobuilding", "Reason"), max_length=300)


class AgreementForm(StyledForm):
    """The co-building agreement (共建协议) written when a claim is accepted; every field may be
    left empty (the goal is the item's title, the period three months from today)."""

    goal = forms.CharField(label=_("goal"), max_length=500, required=False)
    unit_inputs = forms.CharField(label=_("what the unit puts in"), max_length=500, required=False)
    community_inputs = forms.CharField(
        label=_("what the community puts in"), max_length=500, required=False
    )
    starts_on = forms.DateField(
        label=_("starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    milestones = forms.CharField(
        label=_("milestones"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )


class ResourceForm(StyledForm):
    title = forms.CharField(label=pgettext_lazy("cobuilding", "Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Resource kind"), choices=ResourceKind.choices)
    capacity = forms.CharField(label=pgettext_lazy("cobuilding", "Capacity"), max_length=100)
    conditions = forms.CharField(label=_("Conditions"), max_length=300, required=False)
    available_from = forms.DateField(label=_("Available from"), widget=DATE)
    available_to = forms.DateField(label=_("Available to"), widget=DATE)
    single_claim = forms.BooleanField(label=_("One claim only"), required=False)


class ReportForm(StyledForm):
    note = forms.CharField(label=pgettext_lazy("cobuilding", "Progress"), max_length=500)


class RateForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=[(i, str(i)) for i in range(5, 0, -1)], coerce=int
    )
    comment = forms.CharField(
        label=pgettext_lazy("cobuilding", "Comment"), max_length=500, required=False
    )


class ProblemForm(StyledForm):
    title = forms.CharField(label=pgettext_lazy("cobuilding", "Title"), max_length=100)
    description = forms.CharField(
        label=pgettext_lazy("cobuilding", "Description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionForm(StyledForm):
    title = forms.CharField(label=_("Session title"), max_length=100)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)


def seat_label(seat) -> str:
    """A council seat as the unit (or position) it speaks for, then the person."""
    return f"{seat.source_unit or seat.title or seat.get_role_display()} · {seat.member_name}"


class CommitmentForm(StyledForm):
    member = forms.TypedChoiceField(label=pgettext_lazy("cobuilding", "Member"), coerce=int)
    what = forms.CharField(label=_("What"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    resources = forms.CharField(label=_("Resources put in"), max_length=300, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, seat_label(m)) for m in members]


class EvidenceForm(StyledForm):
    evidence = forms.CharField(label=pgettext_lazy("cobuilding", "Evidence"), max_length=500)


class ConfirmForm(StyledForm):
    result = forms.CharField(
        label=pgettext_lazy("cobuilding", "Result"), max_length=500, required=False
    )


class EvaluationForm(StyledForm):
    grade = forms.ChoiceField(label=pgettext_lazy("cobuilding", "Grade"), choices=Grade.choices)
    comment = forms.CharField(
        label=pgettext_lazy("cobuilding", "Comment"), max_length=500, required=False
    )
