"""The shape of the reading room's search request: what ``/search/`` accepts."""

from __future__ import annotations

from typing import Any

from django import forms

from privdocs.documents.models import PUBLIC_STATUSES, Kind, Status
from privdocs.inventory.models import Organization

QUERY_MAX_LENGTH = 200


class SearchForm(forms.Form):
    """Words or an identifier, and the filters that narrow the hits."""

    q = forms.CharField(
        label="Search words or a document number",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    organization = forms.ChoiceField(label="Organization", required=False)
    kind = forms.ChoiceField(
        label="Kind of document",
        required=False,
        choices=[("", "Any kind"), *Kind.choices],
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status")]
        + [(status.value, Status(status).label) for status in PUBLIC_STATUSES],
    )
    year = forms.IntegerField(
        label="Year published", required=False, min_value=1900, max_value=2999
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, organizations: list[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [  # type: ignore[attr-defined]
            ("", "Any organization"),
            *((o.acronym, f"{o.name} ({o.acronym})") for o in organizations),
        ]

    def value(self, name: str) -> Any:
        """A field's cleaned value, or None when it was left out or is not valid."""
        if not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None
