from django import forms
from django.utils.translation import gettext_lazy as _

from yipanqi.core.pages import StyledForm
from yipanqi.organisations.choices import PartyOrganisationKind, Role, UnitKind


class AreaCreateForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(
        label=_("Division code"),
        max_length=15,
        help_text=_("12 digits for towns and communities; 15 for grids."),
    )


class RenameForm(StyledForm):
    name = forms.CharField(label=_("New name"), max_length=150)


class MoveForm(StyledForm):
    new_parent = forms.ModelChoiceField(label=_("New parent"), queryset=None)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class PartyOrganisationCreateForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartyOrganisationKind.choices)


class UnitCreateForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    area = forms.ModelChoiceField(label=_("Area"), queryset=None)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class GrantCreateForm(StyledForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    area = forms.ModelChoiceField(label=_("Area"), queryset=None)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
