"""Forms to record an event, made from the vocabulary: one form per event type, its fields from the type's own
definition (choices from its enumerations, ranges from its constraints). The submitted values are then validated
once more by the vocabulary itself (``event_from_dict``), so a form can never accept what the API would refuse."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, get_args, get_origin

import msgspec
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inburgering.events.jsonl import EventError, event_from_dict
from inburgering.events.vocabulary import SOORTEN, Event, enumeration
from inburgering.web.cases.labels import VELDEN


def _bounds(annotation) -> dict:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, msgspec.Meta):
            return {k: v for k, v in (("min_value", meta.ge), ("max_value", meta.le)) if v is not None}
    return {}


def _base(annotation):
    """The annotation without ``| None`` and without ``Annotated``."""
    if get_origin(annotation) is not None and type(None) in get_args(annotation):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    return get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation


def _form_field(name: str, field: msgspec.structs.FieldInfo) -> forms.Field:
    label = VELDEN.get(name, name)
    required = field.required
    allowed = enumeration(field.type)
    base = _base(field.type)
    if allowed:
        return forms.ChoiceField(label=label, required=required, choices=[(v, v) for v in allowed])
    if base is bool:
        return forms.BooleanField(label=label, required=False)
    if base is int:
        return forms.IntegerField(label=label, required=required, **_bounds(field.type))
    if base is float:
        return forms.DecimalField(
            label=label, required=required, min_value=Decimal("0.5"), max_value=2000, decimal_places=1
        )
    if base is Decimal:
        return forms.DecimalField(label=label, required=required, min_value=0, decimal_places=2)
    if base is dt.date:
        return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))
    return forms.CharField(label=label, required=required, max_length=500)


class EventForm(forms.Form):
    """The common part: the date it happened and the dossier version the user saw."""

    geldig_op = forms.DateField(label=VELDEN["geldig_op"], widget=forms.DateInput(attrs={"type": "date"}))
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    soort: str = ""

    def clean_geldig_op(self):
        value = self.cleaned_data["geldig_op"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def event(self, persoon: str, bron: str) -> Event:
        """The validated event; vocabulary errors are added to the form's fields and raise ``ValueError``."""
        data = self.cleaned_data
        gegevens = {}
        for name in self.declared_fields.keys() - {"geldig_op", "versie"}:
            value = data.get(name)
            if value in (None, ""):
                continue
            gegevens[name] = (
                str(value)
                if isinstance(value, Decimal)
                else (value.isoformat() if isinstance(value, dt.date) else value)
            )
        envelope = {
            "id": f"{bron}-{uuid.uuid4()}",
            "persoon": persoon,
            "soort": self.soort,
            "geldig_op": data["geldig_op"].isoformat(),
            "bron": bron,
            "gegevens": gegevens,
        }
        try:
            return event_from_dict(envelope)
        except EventError as error:
            name = error.field.removeprefix("gegevens.")
            self.add_error(name if name in self.fields else None, error.message)
            raise ValueError(error.message) from None


def form_class(soort: str) -> type[EventForm]:
    """The form of one event type."""
    fields = {f.name: _form_field(f.name, f) for f in msgspec.structs.fields(SOORTEN[soort])}
    return type(f"Form_{soort}", (EventForm,), {**fields, "soort": soort})


FORMS = {soort: form_class(soort) for soort in SOORTEN}


class UitlegVraag(forms.Form):
    """On which day, and as known when, the explanation is asked for (time travel for case workers)."""

    peildatum = forms.DateField(
        label=_("Reference date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    beschikbaar_op = forms.DateField(
        label=_("As known on (empty: everything delivered)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
