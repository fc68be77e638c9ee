"""Shapes of HTML input for the people pages; the rules live in actions.py and validators.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yipanqi.people.choices import SensitiveField


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class UnmaskForm(_Styled):
    field = forms.ChoiceField(choices=SensitiveField.choices, widget=forms.HiddenInput)
    purpose = forms.CharField(
        label=_("Purpose"),
        min_length=4,
        max_length=200,
        help_text=_("Why you need the full value; it is logged."),
    )


class DeclineForm(_Styled):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AssignForm(_Styled):
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None, empty_label=None)

    def __init__(self, *args, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids
