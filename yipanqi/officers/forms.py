"""The work log form (走访记录), made for a phone."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.pages import StyledForm
from yipanqi.officers.choices import LogKind


class WorkLogForm(StyledForm):
    kind = forms.ChoiceField(label=pgettext_lazy("officers", "Kind"), choices=LogKind.choices)
    occurred_on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    summary = forms.CharField(
        label=pgettext_lazy("officers", "What was done"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    people_met = forms.CharField(label=_("People met"), max_length=200, required=False)
    result = forms.CharField(label=_("Result (matters handled)"), max_length=300, required=False)
    issue = forms.CharField(label=_("Issue raised"), max_length=300, required=False)
    open_order = forms.BooleanField(label=_("Open a service order for the issue"), required=False)
