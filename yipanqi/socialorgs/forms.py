"""Shapes of HTML input only: a need, an offer, an application (on a phone), scores, step notes.
Amounts are typed in yuan and handed to the actions in integer fen."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.pages import StyledForm
from yipanqi.socialorgs.choices import PriceClass, ServiceKind, Theme

LINES = 3  # budget lines on the phone form (most projects have two or three)


def to_fen(value: Decimal | None) -> int:
    return int((value or Decimal(0)) * 100)


def yuan_field(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_digits=12, decimal_places=2, required=required,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )  # fmt: skip


class NeedForm(StyledForm):
    community = forms.ChoiceField(label=_("Community"))
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Service kind"), choices=ServiceKind.choices)
    people = forms.IntegerField(label=_("People affected"), min_value=1, max_value=1_000_000)
    budget = yuan_field(_("Budget (yuan)"), required=False)
    description = forms.CharField(
        label=_("Description"), max_length=1000, required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.pk, c.name) for c in communities]
        self.communities = {str(c.pk): c for c in communities}


class OfferForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Organisation"))
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Service kind"), choices=ServiceKind.choices)
    price_class = forms.ChoiceField(label=_("Price"), choices=PriceClass.choices)
    area = forms.ChoiceField(label=_("Area served"))
    capacity = forms.IntegerField(label=_("People per month"), min_value=1, max_value=1_000_000)

    def __init__(self, *args: Any, organisations: list[Any], areas: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["area"].choices = [(a.pk, a.name) for a in areas]
        self.organisations = {str(o.pk): o for o in organisations}
        self.areas = {str(a.pk): a for a in areas}


class ApplicationForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Applicant"))
    title = forms.CharField(label=_("Project"), max_length=100)
    theme = forms.ChoiceField(label=_("Theme"))
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args: Any, organisations: list[Any], themes: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["theme"].choices = [(t, Theme(t).label) for t in themes]
        self.organisations = {str(o.pk): o for o in organisations}
        for i in range(1, LINES + 1):
            self.fields[f"item_{i}"] = forms.CharField(
                label=_("Budget item %(n)d") % {"n": i}, max_length=100, required=i == 1
            )
            self.fields[f"amount_{i}"] = yuan_field(_("Amount %(n)d (yuan)") % {"n": i}, i == 1)
        for name, field in self.fields.items():
            if name.startswith(("item_", "amount_")):
                field.widget.attrs.setdefault("class", "form-control")

    def lines(self) -> list[tuple[str, int]]:
        d = self.cleaned_data
        return [
            (d[f"item_{i}"], to_fen(d[f"amount_{i}"]))
            for i in range(1, LINES + 1)
            if d.get(f"item_{i}") or d.get(f"amount_{i}")
        ]


class ScoreForm(StyledForm):
    comment = forms.CharField(
        label=pgettext_lazy("socialorgs", "Comment"), max_length=500, required=False
    )

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.DecimalField(
                label=f"{c.name}（0–{c.max_score}）", max_digits=5, decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5",
                                                "class": "form-control"}),
            )  # fmt: skip
        self.order_fields([f"score_{c.pk}" for c in criteria] + ["comment"])

    def scores(self) -> dict[int, Decimal]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}
