"""The report form: a node in the user's scope, a period (year, quarter, month or range), a format."""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.pages import StyledForm
from yipanqi.organisations.models import Area
from yipanqi.reports import periods
from yipanqi.reports.access import reportable_areas
from yipanqi.reports.choices import PeriodKind, ReportFormat

FIRST_YEAR = 2000


class ReportForm(StyledForm):
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Area.objects.none(), label=_("Node"), to_field_name="code"
    )
    period_kind = forms.ChoiceField(
        choices=PeriodKind.choices, initial=PeriodKind.YEAR, label=pgettext_lazy("report", "Period")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR)
    quarter = forms.IntegerField(label=_("Quarter"), required=False, min_value=1, max_value=4)
    month = forms.IntegerField(label=_("Month"), required=False, min_value=1, max_value=12)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    format = forms.ChoiceField(
        choices=ReportFormat.choices, initial=ReportFormat.PDF, label=_("Format")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = reportable_areas(user)
        area.label_from_instance = lambda a: f"{a.name}（{a.code}）"  # type: ignore[method-assign, assignment]
        year = self.fields["year"]
        assert isinstance(year, forms.IntegerField)
        year.max_value = timezone.localdate().year + 1
        year.validators.append(MaxValueValidator(year.max_value))
        year.initial = timezone.localdate().year - 1

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = str(data.get("period_kind") or "")
        pick: Any = {
            "year": {"year_": data.get("year")},
            "quarter": {"year_": data.get("year"), "quarter_": data.get("quarter") or 0},
            "month": {"year_": data.get("year"), "month_": data.get("month") or 0},
            "range": {"start": data.get("start"), "end": data.get("end")},
        }.get(kind)
        if pick is None:
            return data
        try:
            data["period"] = _period(kind, **pick)
        except periods.PeriodError:
            raise forms.ValidationError(_("Choose a valid period.")) from None
        return data


def _period(kind: str, **kwargs: Any) -> periods.Period:
    if kind == PeriodKind.QUARTER and not kwargs["quarter_"]:
        raise periods.PeriodError("quarter")
    if kind == PeriodKind.MONTH and not kwargs["month_"]:
        raise periods.PeriodError("month")
    if kind == PeriodKind.RANGE and not (kwargs["start"] and kwargs["end"]):
        raise periods.PeriodError("range")
    return periods.build(**kwargs)
