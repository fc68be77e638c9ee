"""The notice form (起草通知) and the reply form of a receipt."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.pages import StyledForm
from yipanqi.notices.audience import ADDRESSABLE_ROLES, MAX_IDS
from yipanqi.notices.choices import AudienceKind, NoticeKind
from yipanqi.notices.models import Notice
from yipanqi.organisations.choices import AreaKind, Role
from yipanqi.organisations.models import Area, PartyOrganisation, Unit
from yipanqi.people.models import HouseholdTag

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"
# The audience pickers, by kind (named people: found by a search, see PeopleField).
PICKERS = {
    AudienceKind.PEOPLE: "people",
    AudienceKind.AREA: "areas",
    AudienceKind.PARTY_ORG: "party_orgs",
    AudienceKind.ROLE: "roles",
    AudienceKind.TAG: "tags",
    AudienceKind.UNIT: "units",
}


def _under(model: Any, areas: list[Area]) -> Any:
    condition = Q()
    for area in areas:
        condition |= Q(scope_path__startswith=area.scope_path)
    return model.objects.filter(condition or Q(pk__in=[]))


class PeopleField(forms.Field):
    """Named people (指定人员): the ids of the people ticked in the search results. Whether they
    are under the sending area is the action's check (audience.clean)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        if len(values) > MAX_IDS:
            raise forms.ValidationError(_("Choose at most %(n)s.") % {"n": MAX_IDS})
        try:
            return sorted({int(v) for v in values if 0 < int(v) < 2**31})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Some of the chosen do not exist.")) from None


class NoticeForm(StyledForm):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("Sent by"))
    kind = forms.ChoiceField(label=pgettext_lazy("notices", "Kind"), choices=NoticeKind.choices)
    title = forms.CharField(label=pgettext_lazy("notices", "Title"), max_length=150)
    body = forms.CharField(
        label=pgettext_lazy("notices", "Text"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    options = forms.CharField(
        label=_("Reply options"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. A call for volunteers or a meeting asks “I will come” / "
                    "“I cannot come” when left empty."),
    )  # fmt: skip
    free_reply = forms.BooleanField(label=_("Allow a written reply"), required=False)
    places = forms.IntegerField(
        label=pgettext_lazy("notices", "Places"), required=False, min_value=1, max_value=100000,
        help_text=_("Calls for volunteers and meetings: the first this many are accepted, the "
                    "rest waitlisted."),
    )  # fmt: skip
    deadline = forms.DateTimeField(
        label=_("Deadline"), required=False, input_formats=[LOCAL_MINUTE],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE),
    )  # fmt: skip
    audience_kind = forms.ChoiceField(
        label=pgettext_lazy("notices", "Send to"),
        choices=[(k, v) for k, v in AudienceKind.choices if k in PICKERS],
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas or grids"), queryset=Area.objects.none(), required=False
    )
    party_orgs = forms.ModelMultipleChoiceField(
        label=_("Party organisations"), queryset=PartyOrganisation.objects.none(), required=False
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), required=False,
        choices=[(r, Role(r).label) for r in ADDRESSABLE_ROLES],
    )  # fmt: skip
    tags = forms.MultipleChoiceField(
        label=pgettext_lazy("notices", "Household tags"), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Work units"), queryset=Unit.objects.none(), required=False
    )
    people = PeopleField(label=_("Named people"), required=False)
    members_only = forms.BooleanField(label=_("Party members only"), required=False, initial=True)

    def __init__(
        self, *args: Any, areas: list[Area], fixed_area: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["area"].queryset = Area.objects.filter(pk__in=[a.pk for a in areas])
        if len(areas) == 1:
            fields["area"].initial = areas[0].pk
        fields["area"].disabled = fixed_area  # a draft keeps the organisation it is sent for
        # A district's administrators pick towns and communities; below, grids too.
        deep = [a for a in areas if a.kind != AreaKind.DISTRICT]
        kinds = [AreaKind.TOWN, AreaKind.COMMUNITY] + ([AreaKind.GRID] if deep else [])
        fields["areas"].queryset = _under(Area, areas).filter(kind__in=kinds).order_by("path")
        fields["party_orgs"].queryset = _under(PartyOrganisation, areas).order_by("path")
        fields["units"].queryset = _under(Unit, areas).order_by("name")
        districts = {a.district_code for a in areas}
        tags = HouseholdTag.objects.filter(district_code__in=districts).order_by("order", "code")
        fields["tags"].choices = [(t.code, t.name) for t in tags]
        for name in PICKERS.values():
            if name != "people":
                fields[name].widget.attrs["size"] = 6

    def audience(self) -> dict[str, Any]:
        d = self.cleaned_data
        chosen = d.get(PICKERS.get(d.get("audience_kind", ""), ""), None) or []
        ids = [getattr(c, "pk", c) for c in chosen]
        return {"kind": d.get("audience_kind"), "ids": ids, "members_only": d.get("members_only")}

    def option_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines()]

    def people_ids(self) -> list[int]:
        """The named people ticked (as typed, when the form comes back), for the picker."""
        if self.is_bound:
            try:
                return self.fields["people"].to_python(self.data.getlist("people"))
            except forms.ValidationError:
                return []
        return list(self.initial.get("people") or [])


def initial_of(notice: Notice) -> dict[str, Any]:
    """A draft's fields as the form shows them (改稿)."""
    chosen = notice.audience or {}
    kind = chosen.get("kind", "")
    local = timezone.localtime(notice.deadline) if notice.deadline else None
    return {
        "area": notice.area_id, "kind": notice.kind, "title": notice.title, "body": notice.body,
        "options": "\n".join(notice.options), "free_reply": notice.free_reply,
        "places": notice.places, "deadline": local, "audience_kind": kind,
        PICKERS.get(kind, "people"): chosen.get("ids") or [],
        "members_only": bool(chosen.get("members_only")),
    }  # fmt: skip


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file"), help_text=_("JPEG, PNG, WebP or PDF, at most 10 MB.")
    )


class ReplyForm(forms.Form):
    option = forms.IntegerField(required=False, min_value=0, max_value=100)
    text = forms.CharField(required=False, max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, max_length=300)
