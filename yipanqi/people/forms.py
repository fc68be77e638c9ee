"""Shapes of HTML input for the people pages; the rules live in actions.py and validators.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yipanqi.core.pages import StyledForm
from yipanqi.people.choices import SensitiveField


class UnmaskForm(StyledForm):
    field = forms.ChoiceField(choices=SensitiveField.choices, widget=forms.HiddenInput)
    purpose = forms.CharField(
        label=_("Purpose"),
        min_length=4,
        max_length=200,
        help_text=_("Why you need the full value; it is logged."),
    )


class MoveOutForm(StyledForm):
    """迁出: the day the resident left the district (the action checks it)."""

    moved_out_on = forms.DateField(
        label=_("Moved out on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "After the retention period from this day, the resident's record is anonymised."
        ),
    )


class DeclineForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AssignForm(StyledForm):
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None, empty_label=None)

    def __init__(self, *args, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids
