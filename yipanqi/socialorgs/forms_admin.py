"""Shapes of the administrators' HTML forms: registering an organisation, adding a staff account,
an incubation step, a government purchase and a venture round's call. Choices are handed in by
the view (read through the selectors); amounts are typed in yuan, handed on in integer fen."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.pages import StyledForm
from yipanqi.socialorgs.choices import RATINGS, IncubationStage, LegalForm, PriceClass, Theme
from yipanqi.socialorgs.forms import yuan_field

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # ISO: what type=date reads
NONE = [("", "—")]
TICKS = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})  # Bootstrap's tick boxes


def _keyed(rows: list[Any], label: Any = str) -> tuple[list[tuple[Any, Any]], dict[str, Any]]:
    return [(r.pk, label(r)) for r in rows], {str(r.pk): r for r in rows}


class OrgRegisterForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False,
        help_text=_("18 characters (GB 32100); a community organisation filed with a street may "
                    "have none."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )  # fmt: skip
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    registered_on = forms.DateField(label=_("Registered or filed on"), widget=DATE)
    area = forms.ChoiceField(label=_("Area"))
    hub = forms.ChoiceField(label=_("Hub organisation"), required=False)
    is_hub = forms.BooleanField(label=_("This is a hub organisation"), required=False)
    rating = forms.ChoiceField(
        label=pgettext_lazy("socialorgs", "Rating"), required=False,
        choices=NONE + [(r, r) for r in RATINGS],
    )  # fmt: skip
    party = forms.ChoiceField(label=_("Party organisation"), required=False)
    description = forms.CharField(
        label=_("What it does"), max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, areas: list[Any], hubs: list[Any], parties: list[Any],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["area"].choices, self.areas = _keyed(areas, lambda a: a.name)
        hub_choices, self.hubs = _keyed(hubs, lambda h: h.name)
        self.fields["hub"].choices = NONE + hub_choices
        party_choices, self.parties = _keyed(parties, lambda p: p.name)
        self.fields["party"].choices = NONE + party_choices


class StaffAddForm(StyledForm):
    username = forms.CharField(
        label=_("Username of the account"), max_length=150,
        help_text=_("The account must exist; the system administrator creates accounts and grants "
                    "the social-organisation staff role."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )  # fmt: skip


class IncubationEnterForm(StyledForm):
    street = forms.ChoiceField(label=_("Street"))
    centre = forms.CharField(label=_("Incubation centre"), max_length=100)
    entered_on = forms.DateField(label=_("Entered on"), widget=DATE)
    notes = forms.CharField(
        label=_("Mentor notes"), max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, streets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street"].choices, self.streets = _keyed(streets, lambda a: a.name)


# The steps after entering, as the incubation page offers them (the table decides what is legal).
MOVE_STAGES = [
    (IncubationStage.INCUBATING, _("Start incubating")),
    (IncubationStage.GRADUATED, _("Graduate")),
    (IncubationStage.EXITED, _("Exit")),
]


class IncubationMoveForm(StyledForm):
    stage = forms.ChoiceField(label=_("Step"), choices=MOVE_STAGES)
    on = forms.DateField(label=pgettext_lazy("socialorgs", "Date"), widget=DATE)
    notes = forms.CharField(
        label=_("Mentor notes"), max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )


class PurchaseForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Organisation"))
    community = forms.ChoiceField(label=_("Community"))
    title = forms.CharField(label=_("Service"), max_length=100)
    price_class = forms.ChoiceField(label=_("Price"), choices=PriceClass.choices)
    purchaser = forms.CharField(label=_("Purchaser"), max_length=100)
    contract = yuan_field(_("Contract amount (yuan)"))
    started_on = forms.DateField(label=_("Starts on"), widget=DATE)

    def __init__(self, *args: Any, organisations: list[Any], communities: list[Any],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices, self.organisations = _keyed(organisations, str)
        self.fields["community"].choices, self.communities = _keyed(communities, lambda a: a.name)


class RoundOpenForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    funder = forms.CharField(label=_("Funder"), max_length=100)
    opens_on = forms.DateField(label=_("Applications open"), widget=DATE)
    closes_on = forms.DateField(label=_("Applications close"), widget=DATE)
    cap = yuan_field(_("Cap per project (yuan)"))
    total = yuan_field(_("Total budget (yuan)"))
    themes = forms.MultipleChoiceField(label=_("Themes"), choices=Theme.choices, widget=TICKS)
    allowed_forms = forms.MultipleChoiceField(
        label=_("Who may apply"), choices=LegalForm.choices, required=False,
        widget=TICKS, help_text=_("None ticked: every legal form."),
    )  # fmt: skip
    min_rating = forms.ChoiceField(
        label=_("Least rating"), required=False, choices=NONE + [(r, r) for r in RATINGS]
    )
    rules = forms.CharField(
        label=_("Eligibility rules"), max_length=1000, required=False,
        widget=forms.Textarea({"rows": 3}),
    )  # fmt: skip
    objection_days = forms.IntegerField(label=_("Days of public notice"), min_value=0,
                                        max_value=60)  # fmt: skip
    first_share = forms.IntegerField(label=_("First tranche (%)"), min_value=1, max_value=100)
    pass_mark = forms.IntegerField(label=_("Pass mark"), min_value=0, max_value=100)
    midterm_due = forms.DateField(label=_("Mid-term report due"), widget=DATE, required=False)
