"""Forms of the duties pages, made for a phone: a list for a year, an item, progress with
evidence, an access request, a decision, a refused task."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.pages import StyledForm
from yipanqi.duties.choices import Level, ListKind, Progress

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListForm(StyledForm):
    area = forms.ChoiceField(label=_("Organisation"))
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.pk, a.name) for a in areas]


class ItemForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=150)
    basis = forms.CharField(label=_("Basis (document)"), max_length=200)
    owner = forms.CharField(label=pgettext_lazy("duties", "Owner"), max_length=100)
    indicators = forms.CharField(label=_("Indicators"), max_length=500, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ProgressForm(StyledForm):
    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices)
    note = forms.CharField(label=_("Progress note"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    upload = forms.FileField(label=_("Evidence file (photo or PDF)"), required=False)


class RequestForm(StyledForm):
    area = forms.ChoiceField(label=_("Filed for"))
    level = forms.ChoiceField(
        label=pgettext_lazy("duties", "Pushed down to"), choices=Level.choices
    )
    list_kind = forms.ChoiceField(label=_("List"), choices=ListKind.choices)
    department = forms.CharField(label=_("Department"), max_length=100)
    title = forms.CharField(label=_("Duty"), max_length=150)
    basis = forms.CharField(label=_("Legal basis"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    authority = forms.CharField(
        label=_("Authority that goes with it"), max_length=300, required=False
    )
    staff_count = forms.IntegerField(
        label=_("Staff that go with it (people)"), min_value=0, max_value=1000, required=False
    )
    staff_note = forms.CharField(label=_("Staff arrangement"), max_length=300, required=False)
    money_yuan = forms.DecimalField(label=_("Money a year per receiving node (yuan)"), min_value=0,
                                    max_value=10**9, decimal_places=2, required=False)  # fmt: skip
    money_source = forms.CharField(label=_("Source of the money"), max_length=150, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.pk, a.name) for a in areas]


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class RefusalForm(StyledForm):
    area = forms.ChoiceField(label=_("Organisation"))
    task = forms.CharField(label=_("Task"), max_length=150)
    pushed_by = forms.CharField(label=_("Pushed by"), max_length=100)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    refused_on = forms.DateField(label=_("Refused on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.pk, a.name) for a in areas]
