"""The worklists of case work, each defined once: which persons, in the order of which deadline, with which
columns. Pages and API show the same lists; the store keeps a partial index per list so that a page of a list is
an index range scan (keyset pagination) on a million persons.

A list selects on the projection of derived facts (``Feiten``), so its members are exactly those for whom the law
raised the matching signal on the projection's peildatum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inburgering.law.rules.status import ACTIEF, UITSTROOMREDENEN
from inburgering.store.indexvoorwaarden import een_van

# Every value the law's ``status`` takes (an outflow at the state pension age counts as plicht_vervallen).
STATUSSEN = ("niet_plichtig", *ACTIEF, *(r for r in UITSTROOMREDENEN if r != "aow_leeftijd"))


@dataclass(frozen=True)
class Werklijst:
    """One worklist: members (a condition on the facts), the deadline that orders it, the columns shown."""

    naam: str
    titel: str
    omschrijving: str
    voorwaarde: Q
    volgorde: str  # the date that orders the list: the deadline clock
    klok: str  # what that date means, as a column title
    kolommen: tuple[str, ...]
    regel: str

    @property
    def filter(self) -> Q:
        """Members, and only those with an ordering date: keyset pagination needs one."""
        return self.voorwaarde & Q(**{f"{self.volgorde}__isnull": False})


_BASIS = ("status", "wet", "doelgroep", "verantwoordelijke_gemeente")

WERKLIJSTEN: dict[str, Werklijst] = {
    w.naam: w
    for w in (
        Werklijst(
            "pip_termijn",
            _("PIP to be set"),
            _(
                "Obliged under Wi2021, no PIP yet, the 10-week deadline known: overdue first, then the ones due "
                "soonest."
            ),
            een_van("status", ("wacht_op_pip", "in_opvang_zonder_pip")) & Q(wet="Wi2021"),
            "pip_uiterlijk",
            _("PIP due"),
            (*_BASIS, "pip_termijn_start", "brede_intake_start"),
            "R21-PIP-02",
        ),
        Werklijst(
            "gekoppeld_in_opvang",
            _("Linked, still in reception"),
            _(
                "Still in a COA reception centre, already linked to the municipality, no PIP: an early start is possible."
            ),
            Q(signaal_gekoppeld_in_opvang=True),
            "koppeling_datum",
            _("linked on"),
            (*_BASIS, "gekoppelde_gemeente", "brede_intake_start"),
            "R21-PIP-02, R21-FIN-07",
        ),
        Werklijst(
            "brede_intake_niet_gestart",
            _("Broad intake not started"),
            _("Notified by DUO under Wi2021, still obliged, no broad intake and no PIP yet."),
            Q(signaal_brede_intake_niet_gestart=True),
            "kennisgeving_datum",
            _("notified on"),
            (*_BASIS, "pip_uiterlijk"),
            "R21-BI-01",
        ),
        Werklijst(
            "termijn_eindigt",
            _("Term ends within 6 months"),
            _("In a trajectory whose integration term ends within six months of the reference date."),
            Q(signaal_termijn_eindigt_binnenkort=True),
            "termijn_einde",
            _("term ends"),
            (*_BASIS, "leerroute", "examens_behaald", "lesuren"),
            "R21-TERM-02",
        ),
        Werklijst(
            "elip",
            _("Loan (nearly) used up (ELIP)"),
            _(
                "Wi2013, still obliged, at least EUR 9,500 of the loan used, or more than EUR 7,500 with less "
                "than 12 months of the term left."
            ),
            Q(signaal_elip=True) | Q(signaal_elip_vroeg=True),
            "termijn_einde",
            _("term ends"),
            (*_BASIS, "lening_besteed", "signaal_elip", "signaal_elip_vroeg"),
            "R13-ELIP-01",
        ),
        Werklijst(
            "termijn_overschreden",
            _("Term overrun"),
            _("The integration term has passed without the obligation being met: fines may follow."),
            Q(signaal_termijn_overschreden=True),
            "termijn_einde",
            _("term ended"),
            (*_BASIS, "boete_mogelijk", "boete_maximum"),
            "R21-BOETE-02, R13-BOETE-01",
        ),
        Werklijst(
            "in_opvang",
            _("In reception"),
            _("Obliged persons who live in a COA reception centre, by the date their obligation arose."),
            Q(in_opvang=True) & een_van("status", ACTIEF),
            "plicht_datum",
            _("obliged since"),
            (*_BASIS, "gekoppelde_gemeente", "pip_datum"),
            "R21-PIP-02",
        ),
        Werklijst(
            "cursisten",
            _("Enrolled learners"),
            _("Obliged persons the municipality enrolled with a language school, by the end of their term."),
            een_van("status", ACTIEF) & ~Q(taalschool=""),
            "termijn_einde",
            _("term ends"),
            ("status", "leerroute", "afgeschaald_a2", "examens_behaald", "lesuren", "taalschool"),
            "R21-RT-01..06",
        ),
    )
}


@dataclass(frozen=True)
class Pagina:
    """One page of a list and the cursor of the next (None on the last page). No count of the whole list."""

    rijen: list
    volgende: str | None


CURSOR_PATTERN = r"^\d{4}-\d{2}-\d{2}\|.+$"


def _cursor(volgorde: dt.date, persoon: str) -> str:
    """The position after a row: its deadline and person, readable (``2026-04-30|S0019316``)."""
    return f"{volgorde.isoformat()}|{persoon}"


def _uncursor(cursor: str) -> tuple[dt.date, str]:
    try:
        datum, persoon = cursor.split("|", 1)
        return dt.date.fromisoformat(datum), persoon
    except ValueError:
        raise ValueError(f"ongeldige cursor {cursor!r} (verwacht JJJJ-MM-DD|persoon)") from None


def page(
    lijst: Werklijst,
    queryset,
    *,
    velden: tuple[str, ...] = (),
    na: str | None = None,
    aantal: int = 50,
    aflopend: bool = False,
) -> Pagina:
    """A page of ``queryset`` (already scoped and filtered) restricted to ``lijst``, in the list's deadline order
    (or the reverse), starting after cursor ``na``: a keyset page, so page 1,000 costs what page 1 costs. Rows are
    dicts of ``persoon_id``, the deadline and ``velden`` only: a list shows a handful of the sixty facts."""
    veld = lijst.volgorde
    rows = queryset.filter(lijst.filter)
    if na:
        datum, persoon = _uncursor(na)
        voorbij = "lt" if aflopend else "gt"
        rows = rows.filter(
            Q(**{f"{veld}__{voorbij}": datum}) | Q(**{veld: datum, f"persoon__{voorbij}": persoon})
        )
    teken = "-" if aflopend else ""
    ordered = rows.order_by(f"{teken}{veld}", f"{teken}persoon")
    rijen = list(ordered.values("persoon_id", veld, *velden)[: aantal + 1])
    volgende = None
    if len(rijen) > aantal:
        rijen = rijen[:aantal]
        laatste = rijen[-1]
        volgende = _cursor(laatste[veld], laatste["persoon_id"])
    return Pagina(rijen, volgende)
