"""Shapes of HTML input for the grid pages; the rules live in actions/."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yipanqi.core.pages import StyledForm
from yipanqi.grid.choices import FollowUpKind, IncidentCategory, Outcome, QuestionKind
from yipanqi.orders.forms import PhotosField  # the same photo rules as orders (core.uploads)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# The checklist a new sweep starts with (疫情防控清楼), editable before it is created.
DEFAULT_QUESTIONS = [
    {"text": _("Fever, cough or other symptoms at home?"), "kind": QuestionKind.YES_NO},
    {"text": _("Travel to a medium- or high-risk area in the last 14 days?"), "kind": "yes_no"},
    {
        "text": _("Vaccination"),
        "kind": QuestionKind.CHOICE,
        "choices": _("Not vaccinated / First dose / Fully vaccinated"),
    },
    {"text": _("People living here"), "kind": QuestionKind.NUMBER},
    {"text": _("Needs help from the community?"), "kind": QuestionKind.YES_NO},
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type=date> reads


class CampaignForm(StyledForm):
    area = forms.ModelChoiceField(label=_("Run by"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=100)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    rounds = forms.IntegerField(label=_("Rounds"), min_value=1, max_value=10, initial=2)
    target_areas = forms.ModelMultipleChoiceField(
        label=_("Target areas (default: the whole area)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Only households tagged (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, areas=None, targets=None, tags=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["target_areas"].queryset = targets
        self.fields["tags"].queryset = tags
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + datetime.timedelta(days=7)


class QuestionForm(StyledForm):
    text = forms.CharField(label=_("Question"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Answer"), choices=QuestionKind.choices)
    choices = forms.CharField(label=_("Choices, separated by /"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=20)


class VisitForm(StyledForm):
    """Outcome buttons, then one field per checklist question (`q_<id>`), then the follow-up."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    follow_up_kind = forms.ChoiceField(
        label=_("Turn into"),
        choices=FollowUpKind.choices,
        widget=forms.RadioSelect,
        initial=FollowUpKind.ORDER,
        required=False,
    )
    follow_up_category = forms.ChoiceField(label=_("Category"), required=False)
    follow_up_description = forms.CharField(
        label=_("What is needed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, questions=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = _question_field(question)
        self.fields["follow_up_category"].choices = list(categories)

    def question_fields(self):
        return [self[f"q_{q.pk}"] for q in self.questions]

    def question_rows(self):
        """(question, field) pairs: the page marks required questions for the offline check."""
        return [(q, self[f"q_{q.pk}"]) for q in self.questions]

    def answers(self) -> dict[str, str]:
        data = self.cleaned_data
        return {str(q.pk): data.get(f"q_{q.pk}") for q in self.questions}


def _question_field(question) -> forms.Field:
    label = question.text
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            label=label, choices=YES_NO, widget=forms.RadioSelect, required=False
        )
    if question.kind == QuestionKind.CHOICE:
        choices = [(c, c) for c in question.choices]
        return forms.ChoiceField(
            label=label, choices=choices, widget=forms.RadioSelect, required=False
        )
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(
            label=label,
            required=False,
            max_digits=9,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "decimal"}),
        )
    return forms.CharField(
        label=label,
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class AssignForm(forms.Form):
    targets = forms.ModelMultipleChoiceField(queryset=None)
    assignee = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, targets=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = targets
        self.fields["assignee"].queryset = people


class IncidentForm(StyledForm):
    category = forms.ChoiceField(
        label=_("What is it?"), choices=IncidentCategory.choices, widget=forms.RadioSelect
    )
    place = forms.CharField(label=_("Where"), max_length=200)
    description = forms.CharField(
        label=_("What you saw"), max_length=2000, widget=forms.Textarea({"rows": 3})
    )
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None, empty_label=None)
    photos = PhotosField(label=_("Photos (optional)"))
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids


class StepForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)
    solved = forms.ChoiceField(
        label=_("Solved?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="yes",
        required=False,
    )
