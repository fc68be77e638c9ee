"""Shapes of HTML input for the order pages; the rules live in actions.py and photos.py."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from yipanqi.core.errors import Invalid
from yipanqi.core.pages import StyledForm
from yipanqi.orders.choices import DispatchKind
from yipanqi.orders.photos import MAX_PHOTOS, check_upload

SCORES = [(n, str(n)) for n in range(1, 6)]
SOLVED = [("yes", _("Yes, solved")), ("no", _("No, not solved"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Zero to MAX_PHOTOS files; their content is checked by photos.check_upload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(n)d photos.") % {"n": MAX_PHOTOS}, code="too_many_photos"
            )
        cleaned = [super(PhotosField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            try:
                check_upload(upload)
            except Invalid as exc:
                raise forms.ValidationError(str(exc.message), code=exc.code) from exc
        return cleaned


class PlaceForm(StyledForm):
    category = forms.ModelChoiceField(
        label=_("What do you need help with?"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("Describe it briefly"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None, empty_label=None)
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    photos = PhotosField(label=_("Photos (optional)"))
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)
    # R-PI-6: shown with the notice until the placer has agreed to its current version
    # (privacy/templates/privacy/includes/_consent.html labels it).
    consent = forms.BooleanField(required=False)
    consent_version = forms.IntegerField(
        required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput
    )

    def __init__(self, *args, categories=None, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["grid"].queryset = grids


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class BulkAcceptForm(forms.Form):
    orders = forms.ModelMultipleChoiceField(queryset=None)

    def __init__(self, *args, orders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orders"].queryset = orders


class DispatchForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Send to"), choices=DispatchKind.choices, widget=forms.RadioSelect
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Party members"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit or social organisation"), queryset=None, required=False
    )
    claim_area = forms.ModelChoiceField(
        label=_("Open for claiming in"), queryset=None, required=False, empty_label=None
    )
    team = forms.ModelChoiceField(label=_("Service team"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, members=None, units=None, areas=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["unit"].queryset = units
        self.fields["claim_area"].queryset = areas
        self.fields["team"].queryset = teams


class ReassignForm(DispatchForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CompleteForm(StyledForm):
    """What was done, and each participant's hours (blank: did not take part)."""

    note = forms.CharField(
        label=_("What was done"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = PhotosField(label=_("Photos (optional)"))

    def __init__(self, *args, participants=(), taker_id=None, max_hours=Decimal("24"), **kwargs):
        super().__init__(*args, **kwargs)
        self.participants, self.taker_id = list(participants), taker_id
        for member in self.participants:
            self.fields[f"hours_{member.pk}"] = forms.DecimalField(
                label=member.person.name,
                required=False,
                min_value=Decimal("0"),
                max_value=min(Decimal(max_hours), Decimal("24")),
                decimal_places=1,
                initial=Decimal("1") if member.pk == taker_id else None,
                widget=forms.NumberInput(
                    attrs={"class": "form-control", "step": "0.5", "inputmode": "decimal"}
                ),
            )

    def hour_fields(self):
        return [self[f"hours_{m.pk}"] for m in self.participants]

    def taker_hours(self):
        """The taker's own field (shown first), then the others (folded away on a phone)."""
        return [
            f
            for f, m in zip(self.hour_fields(), self.participants, strict=True)
            if m.pk == self.taker_id
        ]

    def other_hours(self):
        return [
            f
            for f, m in zip(self.hour_fields(), self.participants, strict=True)
            if m.pk != self.taker_id
        ]

    def hours(self) -> dict:
        return {
            m: self.cleaned_data[f"hours_{m.pk}"]
            for m in self.participants
            if self.cleaned_data.get(f"hours_{m.pk}") is not None
        }


class RateForm(StyledForm):
    score = forms.TypedChoiceField(
        label=_("Your rating"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    solved = forms.ChoiceField(
        label=_("Was the problem solved?"), choices=SOLVED, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
