"""Shapes of HTML input only: an expense (with its evidence), own income, a year's rules, a
construction project. Amounts are typed in yuan and handed to the actions in integer fen."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yipanqi.core.pages import StyledForm
from yipanqi.funding.choices import Coverage, Fund, IncomeKind, Rounding


def to_fen(value: Decimal | None) -> int:
    return int((value or Decimal(0)) * 100)


def yuan_field(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=Decimal("0.01"), max_digits=14, decimal_places=2,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )  # fmt: skip


def date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class ExpenseForm(StyledForm):
    fund = forms.ChoiceField(label=_("Fund"), choices=Fund.choices)
    spent_on = date_field(_("Date"))
    payee = forms.CharField(label=_("Payee"), max_length=100)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    amount = yuan_field(_("Amount (yuan)"))
    evidence = forms.FileField(
        label=_("Evidence (invoice, receipt or photo; JPEG, PNG, WebP or PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
    )
    overspend = forms.BooleanField(label=_("Ask for an overspend approval"), required=False)
    overspend_reason = forms.CharField(label=_("Why the overspend"), max_length=300, required=False)


class IncomeForm(StyledForm):
    received_on = date_field(_("Received on"))
    kind = forms.ChoiceField(label=_("Kind"), choices=IncomeKind.choices)
    payer = forms.CharField(label=_("Paid by"), max_length=100)
    amount = yuan_field(_("Amount (yuan)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RuleForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    service = yuan_field(_("Serving-the-masses fund per community (yuan)"))
    work = yuan_field(_("Work fund per 1,000 households (yuan)"))
    rounding = forms.ChoiceField(label=_("Household rounding"), choices=Rounding.choices)
    coverage = forms.ChoiceField(label=_("Communities covered"), choices=Coverage.choices)
    tilt_percent = forms.IntegerField(
        label=_("Share tilted to communities (%)"), min_value=0, max_value=100
    )
    match_district = forms.IntegerField(
        label=_("District share (parts)"), min_value=1, max_value=100
    )
    match_street = forms.IntegerField(label=_("Street share (parts)"), min_value=1, max_value=100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ProjectForm(StyledForm):
    community = forms.ChoiceField(label=_("Community"))
    name = forms.CharField(label=_("Name"), max_length=100)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    address = forms.CharField(label=_("Address"), max_length=200)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=100_000)
    budget = yuan_field(_("Budget (yuan)"))

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.pk, c.name) for c in communities]
        self.communities = {str(c.pk): c for c in communities}
