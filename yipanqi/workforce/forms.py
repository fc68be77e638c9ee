"""Forms of the workforce set-up pages: appointing a worker, a transfer, leaving, a pay table
(the base and every 三岗十八级 rule as a field), a training course and enrolment. The actions check
everything again; the forms bound what is typed and keep it on an error."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.pages import StyledForm
from yipanqi.workforce.choices import AppraisalResult, Education, Post, Qualification

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
GRADES = range(1, 19)
CREDITED = ("bachelor", "master", "doctor")
QUALIFIED = ("assistant", "intermediate", "senior")
EFFECTS = (*AppraisalResult.values, "none")


def _areas(areas: list) -> list[tuple[str, str]]:
    return [(str(a.pk), a.name) for a in areas]


class AppointForm(StyledForm):
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    community = forms.TypedChoiceField(label=_("Community"), coerce=int)
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices)
    started_on = forms.DateField(label=_("In community work since"), widget=DATE)
    prior_years = forms.IntegerField(
        label=_("Earlier years of community work"), min_value=0, max_value=50, initial=0
    )
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices)
    qualification = forms.ChoiceField(
        label=_("Social-work qualification"), choices=Qualification.choices
    )

    def __init__(self, *args: Any, communities: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = _areas(communities)


class TransferForm(StyledForm):
    community = forms.TypedChoiceField(label=_("To community"), coerce=int)
    on = forms.DateField(label=_("From"), widget=DATE)
    post = forms.ChoiceField(
        label=_("Post"),
        required=False,
        choices=[("", _("Keep the post")), *Post.choices],
    )

    def __init__(self, *args: Any, communities: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = _areas(communities)


class ExitForm(StyledForm):
    on = forms.DateField(label=_("Left on"), widget=DATE)
    reason = forms.CharField(label=_("Reason for leaving"), max_length=200)


def _share(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=Decimal(0), max_value=Decimal(10), max_digits=4, decimal_places=2
    )


class PayTableForm(StyledForm):
    """The base and every rule of a pay table, prefilled from the district's policy (a new
    table) or the table itself (a revision)."""

    district = forms.TypedChoiceField(label=_("District"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    base_amount = forms.DecimalField(
        label=_("Base per year (yuan)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("99999999"),
        max_digits=10,
        decimal_places=2,
    )
    basic_share = forms.DecimalField(
        label=_("Basic share of pay"), min_value=Decimal("0.01"), max_value=Decimal(1),
        max_digits=3, decimal_places=2,
    )  # fmt: skip
    seniority_step_years = forms.IntegerField(
        label=_("Years per seniority step"), min_value=1, max_value=10
    )
    qualification_stacking = forms.BooleanField(
        label=_("Qualification bonuses stack"), required=False
    )

    def __init__(self, *args: Any, districts: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for post, label in Post.choices:
            for end, word in (("low", _("lowest")), ("high", _("highest"))):
                self.fields[f"range_{post}_{end}"] = forms.IntegerField(
                    label=f"{label} · {word}", min_value=1, max_value=18
                )
        for edu in CREDITED:
            self.fields[f"credit_{edu}"] = forms.IntegerField(
                label=Education(edu).label, min_value=0, max_value=18
            )
        for qual in QUALIFIED:
            self.fields[f"bonus_{qual}"] = forms.IntegerField(
                label=Qualification(qual).label, min_value=0, max_value=18
            )
        for effect in EFFECTS:
            name = _effect_label(effect)
            self.fields[f"share_{effect}"] = _share(name)
            self.fields[f"counts_{effect}"] = forms.BooleanField(
                label=pgettext_lazy("workforce", "counts toward seniority"), required=False
            )
        for g in GRADES:
            self.fields[f"coef_{g}"] = forms.DecimalField(
                label=str(g), min_value=Decimal("0.01"), max_value=Decimal("9.99"),
                max_digits=3, decimal_places=2,
            )  # fmt: skip
        if districts is None:  # a revision: the district and year are the table's
            del self.fields["district"]
            del self.fields["year"]
        else:
            self.fields["district"].choices = _areas(districts)
        # The fields added above get the classes StyledForm gave the declared ones.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-control")

    def section(self, prefix: str) -> list:
        return [self[name] for name in self.fields if name.startswith(prefix)]

    def rules(self) -> dict[str, Any]:
        """The cleaned fields in the shape of policies.PAY_RULES."""
        d = self.cleaned_data
        return {
            "grade_ranges": {p: [d[f"range_{p}_low"], d[f"range_{p}_high"]] for p in Post.values},
            "coefficients": {str(g): str(d[f"coef_{g}"]) for g in GRADES},
            "basic_share": str(d["basic_share"]),
            "seniority_step_years": d["seniority_step_years"],
            "education_credit_years": {e: d[f"credit_{e}"] for e in CREDITED},
            "qualification_bonus": {q: d[f"bonus_{q}"] for q in QUALIFIED},
            "qualification_stacking": d["qualification_stacking"],
            "appraisal_effects": {
                e: {"performance": str(d[f"share_{e}"]), "counts": d[f"counts_{e}"]}
                for e in EFFECTS
            },
        }


def _effect_label(effect: str) -> Any:
    if effect == "none":
        return pgettext_lazy("workforce", "Not appraised")
    return AppraisalResult(effect).label


def table_initial(rules: dict[str, Any], base: Any = None) -> dict[str, Any]:
    """A pay table form's fields from stored rules (the policy's or a table's)."""
    initial: dict[str, Any] = {
        "basic_share": rules["basic_share"],
        "seniority_step_years": rules["seniority_step_years"],
        "qualification_stacking": rules["qualification_stacking"],
    }
    if base is not None:
        initial["base_amount"] = base
    for post, (low, high) in rules["grade_ranges"].items():
        initial |= {f"range_{post}_low": low, f"range_{post}_high": high}
    initial |= {f"credit_{k}": v for k, v in rules["education_credit_years"].items()}
    initial |= {f"bonus_{k}": v for k, v in rules["qualification_bonus"].items()}
    for effect, value in rules["appraisal_effects"].items():
        initial |= {f"share_{effect}": value["performance"], f"counts_{effect}": value["counts"]}
    initial |= {f"coef_{g}": v for g, v in rules["coefficients"].items()}
    return initial


class CourseForm(StyledForm):
    area = forms.TypedChoiceField(label=_("District or town"), coerce=int)
    title = forms.CharField(label=pgettext_lazy("workforce", "Title"), max_length=100)
    theme = forms.CharField(label=pgettext_lazy("workforce", "Theme"), max_length=60)
    start = forms.DateField(label=pgettext_lazy("workforce", "From"), widget=DATE)
    end = forms.DateField(label=pgettext_lazy("workforce", "Until"), widget=DATE)
    days = forms.DecimalField(
        label=_("Training days"), min_value=Decimal("0.5"), max_value=Decimal(366),
        max_digits=4, decimal_places=1, required=False,
    )  # fmt: skip
    hours = forms.IntegerField(
        label=_("Or training hours (学时)"), min_value=1, max_value=2000, required=False,
        help_text=_("Give the days or the hours; hours are counted as days by the district's rule."),
    )  # fmt: skip
    class_size = forms.IntegerField(label=_("Class size"), min_value=1, max_value=200)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)

    def __init__(self, *args: Any, areas: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = _areas(areas)
        self.fields["days"].widget.attrs["step"] = "0.5"


class EnrolForm(forms.Form):
    workers = forms.TypedMultipleChoiceField(
        label=_("Workers"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, workers: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workers"].choices = [
            (w.pk, f"{w.person.name} · {w.community.name} · {w.get_post_display()}")
            for w in workers
        ]


class SignInForm(StyledForm):
    code = forms.CharField(
        label=_("Sign-in code"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
