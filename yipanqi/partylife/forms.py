"""Shapes of HTML input only: meeting, attendance, record, amendment, dues and transfer forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yipanqi.core.pages import StyledForm
from yipanqi.partylife.choices import (
    AMENDABLE,
    AttendanceStatus,
    DuesCategory,
    MeetingKind,
    PaymentChannel,
)

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
MONTH = forms.DateInput(format="%Y-%m", attrs={"type": "month"})


class MonthField(forms.DateField):
    """A month picker (YYYY-MM), read as the first day of the month."""

    widget = MONTH
    input_formats = ["%Y-%m", "%Y-%m-%d"]


class MeetingForm(StyledForm):
    kind = forms.ChoiceField(label=_("Meeting kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    host = forms.CharField(label=_("Host"), max_length=50, required=False)


class MarkForm(StyledForm):
    member = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Attendance status"), choices=AttendanceStatus.choices)
    reason = forms.CharField(label=_("Reason for leave"), max_length=200, required=False)


class RecordForm(StyledForm):
    host = forms.CharField(label=_("Host"), max_length=50, required=False)
    minutes = forms.CharField(
        label=_("Minutes"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    resolutions = forms.CharField(
        label=_("Resolutions"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AmendForm(StyledForm):
    field = forms.ChoiceField(label=_("Field to correct"))
    value = forms.CharField(
        label=_("Corrected value"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)

    def __init__(self, *args: Any, labels: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [(f, labels[f]) for f in AMENDABLE]


class SignInForm(StyledForm):
    code = forms.CharField(label=_("Sign-in code"), max_length=8)


class BaseForm(StyledForm):
    member = forms.ChoiceField(label=_("Member of the branch"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Category"), choices=DuesCategory.choices)
    base = forms.DecimalField(
        label=_("Monthly income after tax (yuan)"),
        required=False,
        decimal_places=2,
        max_digits=10,
        help_text=_("Only for dues by income or pension."),
    )

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, m.person.name) for m in members]


class PaymentForm(StyledForm):
    month = MonthField(label=_("Month"))
    channel = forms.ChoiceField(label=_("Channel"), choices=PaymentChannel.choices)
    receipt_no = forms.CharField(label=_("Receipt number"), max_length=40, required=False)


class OfficerPaymentForm(PaymentForm):
    member = forms.ChoiceField(label=_("Member of the branch"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, m.person.name) for m in members]


class TransferForm(StyledForm):
    to_org = forms.ChoiceField(label=_("To the branch"), required=False)
    outside_org = forms.CharField(
        label=_("Or, out of the district, the receiving organisation"),
        max_length=150,
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, targets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_org"].choices = [("", "—")] + [(t.pk, t.name) for t in targets]


class TransferMemberForm(TransferForm):
    member = forms.ChoiceField(label=_("Member of the branch"))

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, m.person.name) for m in members]
        self.order_fields(["member", "to_org", "outside_org", "reason"])


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)
    letter_no = forms.CharField(label=_("Letter number"), max_length=40, required=False)


DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class VenueBookingForm(StyledForm):
    """A meeting's venue: one the user may book (the venues app's list), for whom, and when."""

    venue = forms.ModelChoiceField(label=_("Venue"), queryset=None, empty_label=None)
    choice = forms.ChoiceField(label=_("Booking for"))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)

    def __init__(self, *args: Any, venues: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues
        self.fields["choice"].choices = [(c.key, c.label) for c in choices]
        self.options = {c.key: c for c in choices}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end must come after the start."))
        return data
