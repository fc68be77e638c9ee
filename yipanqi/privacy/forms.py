from django import forms
from django.utils.translation import gettext_lazy as _

from yipanqi.core.pages import StyledForm
from yipanqi.privacy.choices import RequestKind


class RequestForm(StyledForm):
    kind = forms.ChoiceField(label=_("I ask for"), choices=RequestKind.choices)
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is wrong and what it should say, or what should be deleted."),
    )


class AnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("Answer to the person"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
