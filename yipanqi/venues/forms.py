"""Shapes of HTML input only: the booking form (one slot or a weekly series) and step notes."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.pages import StyledForm
from yipanqi.venues.actions.series import MAX_WEEKS
from yipanqi.venues.choices import VenueKind, WhoMayBook


class BookingForm(StyledForm):
    choice = forms.ChoiceField(label=_("Booking for"))
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    start = forms.TimeField(
        label=pgettext_lazy("venues", "From"),
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    end = forms.TimeField(
        label=pgettext_lazy("venues", "To"),
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    headcount = forms.IntegerField(label=_("Expected headcount"), min_value=1, max_value=10000)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    weeks = forms.IntegerField(
        label=_("Repeat weekly for (weeks)"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=1,
        help_text=_("1 books this date only."),
    )

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(c.key, c.label) for c in choices]
        self.options = {c.key: c for c in choices}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        # 00:00 as an end is midnight at the end of the day (a 24-hour room's last hour).
        if start and end and end <= start and end != MIDNIGHT:
            self.add_error("end", _("The end must come after the start."))
        return data

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        from django.utils import timezone

        zone = timezone.get_default_timezone()
        d = self.cleaned_data
        end_day = d["date"] + datetime.timedelta(days=1 if d["end"] == MIDNIGHT else 0)
        return (
            datetime.datetime.combine(d["date"], d["start"], zone),
            datetime.datetime.combine(end_day, d["end"], zone),
        )


MIDNIGHT = datetime.time(0, 0)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False)
    code = forms.CharField(max_length=8, required=False)
    rating = forms.IntegerField(min_value=1, max_value=5, required=False)
    comment = forms.CharField(max_length=500, required=False)


DAY_NAMES = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
HOURS_HELP = _("e.g. 08:30-12:00, 14:00-21:00; empty: closed")


def hours_text(spans: list) -> str:
    return ", ".join(f"{a}-{b}" for a, b in spans)


def parse_hours(text: str) -> list[list[str]]:
    """ "08:30-12:00, 14:00-21:00" → [["08:30", "12:00"], ["14:00", "21:00"]] (checked by the
    action)."""
    spans = []
    for part in text.replace("，", ",").split(","):
        if part.strip():
            start, _sep, end = part.strip().replace("–", "-").partition("-")
            spans.append([start.strip(), end.strip()])
    return spans


class VenueForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=VenueKind.choices)
    address = forms.CharField(label=_("Address"), max_length=200)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10000)
    facilities = forms.CharField(label=_("Facilities"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    who_may_book = forms.ChoiceField(label=_("Who may book"), choices=WhoMayBook.choices)
    requires_approval = forms.BooleanField(
        label=_("The owner approves each booking"), required=False
    )
    lead_time_hours = forms.IntegerField(
        label=_("Lead time (hours)"), min_value=0, max_value=720, required=False,
        help_text=_("Empty: the district's default."),
    )  # fmt: skip
    max_hours = forms.IntegerField(
        label=_("Longest booking (hours)"), min_value=1, max_value=24, required=False,
        help_text=_("Empty: the district's default."),
    )  # fmt: skip
    active = forms.BooleanField(label=_("Open for booking"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day, name in enumerate(DAY_NAMES):
            self.fields[f"day{day}"] = forms.CharField(
                label=name, max_length=100, required=False, help_text=HOURS_HELP
            )
            self.fields[f"day{day}"].widget.attrs.setdefault("class", "form-control")

    @classmethod
    def initial_for(cls, venue: Any) -> dict[str, Any]:
        names = list(cls.base_fields)
        initial = {name: getattr(venue, name) for name in names}
        for day in range(7):
            initial[f"day{day}"] = hours_text(venue.open_hours.get(str(day), []))
        return initial

    def values(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["open_hours"] = {str(day): parse_hours(d.pop(f"day{day}") or "") for day in range(7)}
        d["open_hours"] = {k: v for k, v in d["open_hours"].items() if v}
        return d


class NewVenueForm(VenueForm):
    owner = forms.ChoiceField(label=pgettext_lazy("venues", "Owner"))

    field_order = ["owner"]

    def __init__(self, *args: Any, owners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(c.key, c.label) for c in owners]
        self.owners = {c.key: c for c in owners}
        self.order_fields(["owner"])

    def values(self) -> dict[str, Any]:
        d = super().values()
        owner = self.owners[d.pop("owner")]
        return {**d, "owner_area": owner.area, "owner_unit": owner.unit}


class ExceptionForm(StyledForm):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    hours = forms.CharField(
        label=_("Hours that day"), max_length=100, required=False, help_text=HOURS_HELP
    )
    reason = forms.CharField(label=_("Reason"), max_length=100)
