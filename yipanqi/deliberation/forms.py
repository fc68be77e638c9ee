"""Shapes of HTML input only; the rules are in actions.py."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.deliberation.choices import MeetingKind, VoteChoice


class TopicForm(forms.Form):
    body = forms.ModelChoiceField(queryset=None, label=_("Where to raise it"), empty_label=None)
    title = forms.CharField(label=_("Topic"), max_length=100)
    description = forms.CharField(
        label=_("What is the matter?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].label_from_instance = lambda b: b.name
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    topics = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Accepted topics on the agenda"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics
        self.fields["topics"].label_from_instance = lambda t: t.title


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=100)
    owner_seat = forms.ModelChoiceField(queryset=None, label=_("Owner"), required=False)
    owner_name = forms.CharField(label=_("Or another owner"), max_length=50, required=False)
    due_on = forms.DateField(
        label=pgettext_lazy("deliberation", "Due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_seat"].queryset = seats
        self.fields["owner_seat"].label_from_instance = lambda s: (
            f"{s.get_party_display()} · {s.membership.member_name}"
        )


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the outcome?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=pgettext_lazy("deliberation", "Comment"), max_length=500, required=False
    )


VOTE_CHOICES = VoteChoice.choices
