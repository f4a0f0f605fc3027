"""Forms that carry values to the services.

Every field is an optional string and all validation comes from the services: a refused write comes back
as an `ApplicationError` (or `ValidationFailed` with several), and `add_service_errors` puts each message
next to its field while the typed values stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError, ValidationFailed

CHOOSE = _("— choose —")

# Dates are typed as dd/mm/yyyy in a text box rather than a browser date picker: a picker shows the
# browser's own order (mm/dd/yyyy in an English browser), a trap for 05/06-style dates.
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "maxlength": 10, "autocomplete": "off"}


class Renderer(DjangoTemplates):
    """Our own field template (label, help, errors, widget): core/templates/forms/field.html."""

    field_template_name = "forms/field.html"


def add_service_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's refusal on the form: each error beside its field, the rest on top."""
    form.refusal_status = exc.status  # type: ignore[attr-defined]
    errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    for error in errors:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))


class ServiceForm(forms.Form):
    """A form of optional strings for a service to parse. A field declared without a label takes the
    one `field_labels` gives its name, so forms over the same record share their wording."""

    default_renderer = Renderer
    required_css_class = "required"
    field_labels: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.label is None and name in self.field_labels:
                field.label = self.field_labels[name]

    @property
    def has_field_errors(self) -> bool:
        return any(name in self.fields for name in self.errors)

    def raw(self) -> dict[str, str]:
        """The typed values, for the app's `inputs.parse_*`."""
        self.is_valid()  # only strips strings: every field is an optional CharField
        return dict(self.cleaned_data)


def text_field(**attrs: Any) -> forms.CharField:
    """An optional, stripped text box with these HTML attributes."""
    return forms.CharField(required=False, strip=True, widget=forms.TextInput(attrs=attrs))


def select_field(choices: Any = ()) -> forms.CharField:
    """An optional drop-down; the choices are often set per request in the form's __init__."""
    return forms.CharField(required=False, widget=forms.Select(choices=choices))


def date_field() -> forms.CharField:
    """An optional dd/mm/yyyy text box (see DATE_ATTRS)."""
    return forms.CharField(required=False, widget=forms.TextInput(attrs=DATE_ATTRS))
