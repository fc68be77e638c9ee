from django import forms
from django.utils.translation import gettext_lazy as _


class AccessLogFilterForm(forms.Form):
    """Filters of the access log page (GET); a field that does not parse is left out."""

    person = forms.IntegerField(label=_("Person (record number)"), required=False, min_value=1)
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.update({"class": "form-control", "id": f"f-{name}"})
        for name in ("since", "until"):
            self.fields[name].widget.input_type = "date"

    def filters(self) -> dict:
        """Selector arguments from the fields that parsed (an invalid one filters nothing)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}
        if "person" in data:
            data["subject_id"] = str(data.pop("person"))
        return data
