"""The work log form (走访记录), made for a phone."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.pages import StyledForm
from yipanqi.officers.choices import Layer, LogKind
from yipanqi.officers.models import OfficerRole
from yipanqi.organisations.models import Area, Unit


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Zero or more photos (the action judges their number and content: nothing half-saved)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        accept = {"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
        kwargs.setdefault("widget", MultiplePhotoInput(attrs=accept))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        return [super(PhotosField, self).clean(f, initial) for f in files]


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
    open_incident = forms.BooleanField(
        label=_("Report the issue as a grid incident"), required=False
    )
    photos = PhotosField(label=_("Photos (optional)"))


class AssignmentForm(StyledForm):
    """结对: an officer to a target (a community or town, an enterprise or unit, a project or a
    street segment) with a visit plan."""

    officer = forms.TypedChoiceField(label=_("Officer"), coerce=int)
    role = forms.ModelChoiceField(label=_("Role"), queryset=OfficerRole.objects.none())
    area = forms.ModelChoiceField(
        label=_("Village, community or town"), queryset=Area.objects.none(), required=False,
        help_text=_("For a project or a street segment: the area it lies in."),
    )  # fmt: skip
    unit = forms.ModelChoiceField(
        label=_("Enterprise or unit"), queryset=Unit.objects.none(), required=False,
        help_text=_("For an officer posted to an enterprise (驻企专员)."),
    )  # fmt: skip
    target_name = forms.CharField(
        label=_("Project or street segment"), max_length=150, required=False
    )
    starts_on = forms.DateField(
        label=_("From"), initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    visits_per_month = forms.IntegerField(
        label=_("Visits a month"), min_value=1, max_value=31, initial=2
    )

    def __init__(self, *args: Any, officers: list, roles: Any, areas: Any, units: Any,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["officer"].choices = [("", "—")] + officers
        fields["role"].queryset = roles
        fields["area"].queryset = areas
        fields["unit"].queryset = units

    def clean(self) -> dict[str, Any]:
        d = super().clean()
        unit, area = d.get("unit"), d.get("area")
        if area is None and unit is not None:
            d["area"] = unit.area  # an enterprise lies in its own area
        elif area is None and not self.errors:
            self.add_error("area", _("Choose the area."))
        return d


class RoleForm(StyledForm):
    """A district's officer role: its name, duties and layer (the organisation department)."""

    name = forms.CharField(label=pgettext_lazy("officers", "Name"), max_length=20)
    layer = forms.ChoiceField(label=_("Layer"), choices=Layer.choices)
    duties = forms.CharField(
        label=_("Duties"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
