"""The reconciliation checks between chain partners: named conditions on the projection of facts that find where
one partner's data did not reach, or contradicts, another's, before the person suffers for it.

Each check has a code, a title and a definition, the legal or organisational reason, the organisation that acts,
and its thresholds as dated law parameters (``law/params/controles.yaml``), read on the check's peildatum. A check
is evaluated set-wise: the fixed part of its condition has a partial index on ``Feiten``
(``store.controlevoorwaarden``), the dated threshold is one more range condition on the indexed date, so running all
checks over a million persons reads only the rows that may be findings. ``run`` keeps the result as findings
(``Bevinding``): new ones are opened, those still found are marked seen, and those no longer found are closed.

The facts are those of the projection (as known now, on its own peildatum); a check's ``--peildatum`` moves its
thresholds, so a peildatum in the past asks "who was overdue on that day, as far as we know now".
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import polars as pl
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inburgering.exchange.models import Bevinding, Controlerun
from inburgering.law.parameters import default_parameters
from inburgering.monitor.suppress import TOTAAL, Structuur, suppress
from inburgering.store.access import Rol, Toegang
from inburgering.store.columns import UREN_INPUTS
from inburgering.store.controlevoorwaarden import VOORWAARDEN, Voorwaarde
from inburgering.store.models import Feiten

BATCH = 5_000


class OnbekendeControle(KeyError):
    """A check code that is not in the registry."""


@dataclass(frozen=True)
class Treffer:
    """One person found by a check on a run."""

    persoon: str
    gemeente: str
    sinds: dt.date
    taalschool: str = ""
    stap: str = ""


@dataclass(frozen=True)
class Controle:
    """One named check. ``weken``: the dated parameter (in weeks) after which the condition on ``voorwaarde.datum``
    becomes a finding (None: found at once, ``sinds`` is that date)."""

    code: str
    titel: str
    definitie: str
    reden: str
    regel: str
    handelt: str  # which organisation acts on the finding
    weken: str | None = None
    treffers_van: Callable[[Controle, dt.date], list[Treffer]] | None = field(default=None, compare=False)

    @property
    def voorwaarde(self) -> Voorwaarde:
        """The fixed part of the condition, with its partial index (``store.controlevoorwaarden``)."""
        return VOORWAARDEN[self.code]

    @property
    def parameters(self) -> tuple[str, ...]:
        """The law parameters this check reads (for its page and the documentation)."""
        return tuple(p for p in (self.weken, *_EXTRA_PARAMETERS.get(self.code, ())) if p)

    def drempel(self, peildatum: dt.date) -> int | None:
        """The number of weeks in force on the peildatum (None: the check is not in force on it)."""
        if self.weken is None:
            return 0
        value = default_parameters()[self.weken].value_on(peildatum)
        return None if value is None else int(value)

    def treffers(self, peildatum: dt.date) -> list[Treffer]:
        """Who this check finds on ``peildatum``: one indexed query on the projection."""
        if self.treffers_van is not None:
            return self.treffers_van(self, peildatum)
        weken = self.drempel(peildatum)
        if weken is None:
            return []
        datum = self.voorwaarde.datum
        grens = peildatum - dt.timedelta(weeks=weken)
        rows = Feiten.objects.filter(self.voorwaarde.voorwaarde, **{f"{datum}__lte": grens})
        return [
            Treffer(persoon, gemeente or "", d + dt.timedelta(weeks=weken))
            for persoon, gemeente, d in rows.values_list("persoon_id", "verantwoordelijke_gemeente", datum)
        ]


def _dubbel(controle: Controle, peildatum: dt.date) -> list[Treffer]:
    """Persons whose vreemdelingennummer another person also has: a grouping over the partial index of the
    numbers. ``sinds`` is the day the run first saw them (kept by ``run`` while the finding stays open)."""
    kandidaten = Feiten.objects.filter(controle.voorwaarde.voorwaarde)
    gedeeld = list(
        kandidaten.values("vreemdelingennummer")
        .annotate(n=Count("persoon"))
        .filter(n__gt=1)
        .values_list("vreemdelingennummer", flat=True)
    )
    # the few shared numbers as a list, so that their persons are read over the index (as a subquery the
    # planner joined it with a scan of the whole projection)
    rows = kandidaten.filter(vreemdelingennummer__in=gedeeld)
    return [
        Treffer(persoon, gemeente or "", peildatum)
        for persoon, gemeente in rows.values_list("persoon_id", "verantwoordelijke_gemeente")
    ]


# The steps of the hour-statement workflow (K-391 §3.4): DUO asks the school; if the school denies, DUO refuses the
# hours and reports it; if the school does not answer in time, DUO asks the person for proof; DUO's judgement
# (``urenverklaring_beoordeeld``) ends it, as does the school confirming a contract.
STAPPEN = {
    "navraag_school": _("DUO: ask the school whether there is a contract"),
    "wacht_op_school": _("waiting for the school's answer"),
    "afwijzen_en_melden": _("DUO: the school denies; refuse the hours and report it"),
    "bewijs_vragen": _("DUO: the school did not answer in time; ask the person for proof"),
    "wacht_op_bewijs": _("waiting for the person's proof"),
}
_UREN_VELDEN = ("persoon_id", "verantwoordelijke_gemeente", "wet", *UREN_INPUTS)


def _uren(controle: Controle, peildatum: dt.date) -> list[Treffer]:
    """Hours without a known contract and where each stands in the workflow. The indexed condition selects the
    few candidates; the dates of the workflow's events decide per candidate whether it is resolved and what is
    next (a handful of comparisons, in Python)."""
    termijn = default_parameters()["controle.navraag_antwoord_weken"]
    treffers = []
    for f in Feiten.objects.filter(controle.voorwaarde.voorwaarde).values(*_UREN_VELDEN).iterator(BATCH):
        stap = uren_stap(f, peildatum, termijn.value_on)
        if stap is not None:
            treffers.append(Treffer(f["persoon_id"], f["verantwoordelijke_gemeente"] or "", *stap))
    return treffers


def uren_stap(
    f: dict, peildatum: dt.date, weken: Callable[[dt.date], object]
) -> tuple[dt.date, str, str] | None:
    """For one person's facts: (since, school, next step) of their hours without a known contract, or None when
    there are none, they are resolved (the school confirmed a contract, or DUO judged them), or they predate the
    check. ``weken(date)``: the school's answer term in force on the hours' date; None before DUO began these
    checks (spring 2023, K-391 §3.4: statements already judged were left to rest)."""
    kandidaten = []
    if f["uren_zonder_aanmelding_datum"] and f["wet"] == "Wi2021":
        kandidaten.append((f["uren_zonder_aanmelding_datum"], f["uren_zonder_aanmelding_school"]))
    if f["urenverklaring_datum"] and not f["urenverklaring_contract_bekend"]:
        kandidaten.append((f["urenverklaring_datum"], f["urenverklaring_school"]))
    if not kandidaten:
        return None
    sinds, school = min(kandidaten)
    termijn = weken(sinds)
    if sinds > peildatum or termijn is None:
        return None
    beoordeeld = f["urenverklaring_beoordeeld_datum"]
    oordeel = f["urenverklaring_oordeel"]
    if beoordeeld and beoordeeld >= sinds:
        if oordeel in ("goedgekeurd", "afgewezen"):
            return None
        if oordeel == "bewijs_gevraagd":
            return sinds, school, "wacht_op_bewijs"
    navraag, antwoord = f["navraag_datum"], f["navraag_antwoord_datum"]
    if not navraag or navraag < sinds:
        return sinds, school, "navraag_school"
    if antwoord and antwoord >= navraag:
        if f["navraag_contract_bekend"]:
            return None
        return sinds, school, "afwijzen_en_melden"
    if navraag + dt.timedelta(weeks=int(termijn)) <= peildatum:
        return sinds, school, "bewijs_vragen"
    return sinds, school, "wacht_op_school"


_EXTRA_PARAMETERS = {
    "geen_pip_na_huisvesting": ("pip.termijn_weken",),
    "uren_zonder_contract": ("controle.navraag_antwoord_weken",),
}

CONTROLES: dict[str, Controle] = {
    c.code: c
    for c in (
        Controle(
            "geen_kennisgeving",
            _("Obliged, no DUO notification"),
            _(
                "Obliged according to the IND permit (the obligation arose), still obliged, and no notification "
                "from DUO some weeks after the obligation arose."
            ),
            _(
                "The notification starts the municipality's work and the person's term; in 2022-2023 an "
                "incomplete IND-DUO feed left 3,210 persons without one for up to 16 months (K-391 §2.8)."
            ),
            "R21-KG-01",
            "DUO",
            weken="controle.kennisgeving_weken",
        ),
        Controle(
            "onjuiste_wet",
            _("Notification under the wrong law"),
            _(
                "The law named in DUO's notification differs from the law the rules derive from the obligation's date."
            ),
            _(
                "A notification under the wrong law gives the person the wrong rights and duties; in early 2022 "
                "312 persons were notified under the wrong law (K-380)."
            ),
            "R-REG-04",
            "DUO",
        ),
        Controle(
            "inschrijving_zonder_kennisgeving",
            _("Registered in a municipality, no DUO notification"),
            _(
                "Obliged and registered in a municipality (BRP), and some weeks after the registration still no "
                "notification from DUO."
            ),
            _(
                "Without DUO's notification the municipality cannot start the broad intake and the PIP, although "
                "the person lives there; the municipality can ask DUO."
            ),
            "R21-KG-01",
            _("municipality"),
            weken="controle.kennisgeving_na_inschrijving_weken",
        ),
        Controle(
            "geen_pip_na_huisvesting",
            _("Housed, no PIP after 10 weeks"),
            _(
                "Obliged under Wi2021, housed (registered after reception, or never in reception), no PIP 10 weeks "
                "after the registration, whether or not DUO's notification arrived."
            ),
            _(
                "The PIP is due 10 weeks after housing (Bi2021 art. 5.3); the worklist counts from the later of "
                "notification and registration, so a missing notification hides the person from it."
            ),
            "R21-PIP-02",
            _("municipality"),
            weken="pip.termijn_weken",
        ),
        Controle(
            "opvang_zonder_brede_intake",
            _("In reception and linked, no broad intake"),
            _(
                "Obliged under Wi2021, still in a COA reception centre, linked to a municipality some weeks ago, "
                "and no broad intake started."
            ),
            _(
                "An early start in reception shortens the route after housing; the linked municipality knows the "
                "person and can start the broad intake there (EK-35483, K-391 §2.1)."
            ),
            "R21-BI-01",
            _("municipality, COA"),
            weken="controle.brede_intake_na_koppeling_weken",
        ),
        Controle(
            "uren_zonder_contract",
            _("Hours without a known contract"),
            _(
                "A language school reported hours or an hour statement for a person without a known contract: "
                "under Wi2021 the municipality did not enrol the person with that school, or the hour statement "
                "says DUO knows no contract. DUO asks the school; if the school denies, DUO refuses the hours and "
                "reports it; if the school does not answer in time, DUO asks the person for proof."
            ),
            _(
                "Hour statements count for a dispensation for demonstrable effort; in 2023 DUO found statements "
                "without an underlying contract and checks every new one (K-391 §3.4)."
            ),
            "R13-AGI-01",
            _("DUO, language school"),
            treffers_van=_uren,
        ),
        Controle(
            "dubbel_bekend",
            _("Person known twice"),
            _("Two or more persons in the chain carry the same vreemdelingennummer on their IND permit."),
            _(
                "One person under two identifiers gets two notifications, two terms and two loans, and each "
                "organisation sees half of the dossier; IND must withdraw one registration."
            ),
            "R21-KG-01",
            "IND, DUO",
            treffers_van=_dubbel,
        ),
    )
}


def controle(code: str) -> Controle:
    try:
        return CONTROLES[code]
    except KeyError:
        raise OnbekendeControle(f"onbekende controle {code!r}; kies uit {', '.join(CONTROLES)}") from None


@dataclass(frozen=True)
class Uitkomst:
    """What one run of one check did."""

    code: str
    open: int
    nieuw: int
    gesloten: int
    duur_ms: int


def run(peildatum: dt.date | None = None, codes: Iterable[str] | None = None) -> list[Uitkomst]:
    """Run the checks (all, or ``codes``) on ``peildatum`` (default: today) and keep their findings."""
    from inburgering.store.projection import today

    peildatum = peildatum or today()
    selected = [controle(c) for c in codes] if codes else list(CONTROLES.values())
    return [_run_one(c, peildatum) for c in selected]


def _run_one(c: Controle, peildatum: dt.date) -> Uitkomst:
    """One check in one transaction: open the new findings, update the ones still found, close the rest."""
    start = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        treffers = {t.persoon: t for t in c.treffers(peildatum)}
        bestaand = {
            b.persoon_id: b
            for b in Bevinding.objects.filter(controle=c.code, open=True).only(
                "id", "persoon_id", "gemeente", "taalschool", "sinds", "stap"
            )
        }
        # an open finding was seen by every run since it opened, so only closing records its last sighting (the
        # previous run): a daily run rewrites only what changed, not every open finding
        vorige = laatst_gedraaid(c.code) or now
        gesloten = [b.pk for p, b in bestaand.items() if p not in treffers]
        for i in range(0, len(gesloten), BATCH):
            Bevinding.objects.filter(pk__in=gesloten[i : i + BATCH]).update(
                open=False, gesloten_op=now, laatst_gezien=vorige
            )
        gewijzigd = []
        for p, t in treffers.items():
            b = bestaand.get(p)
            if b is None:
                continue
            sinds = b.sinds if c.code == "dubbel_bekend" else t.sinds  # found on: the first run's day
            if (b.gemeente, b.taalschool, b.sinds, b.stap) != (t.gemeente, t.taalschool, sinds, t.stap):
                b.gemeente, b.taalschool, b.sinds, b.stap = t.gemeente, t.taalschool, sinds, t.stap
                gewijzigd.append(b)
        Bevinding.objects.bulk_update(
            gewijzigd, ["gemeente", "taalschool", "sinds", "stap"], batch_size=BATCH
        )
        nieuw = [
            Bevinding(
                controle=c.code,
                persoon_id=t.persoon,
                gemeente=t.gemeente,
                taalschool=t.taalschool,
                sinds=t.sinds,
                stap=t.stap,
                eerst_gezien=now,
                laatst_gezien=now,
            )
            for p, t in treffers.items()
            if p not in bestaand
        ]
        Bevinding.objects.bulk_create(nieuw, batch_size=BATCH)
        duur = round((time.perf_counter() - start) * 1000)
        Controlerun.objects.create(
            controle=c.code,
            peildatum=peildatum,
            tijdstip=now,
            open=len(treffers),
            nieuw=len(nieuw),
            gesloten=len(gesloten),
            duur_ms=duur,
        )
    return Uitkomst(c.code, len(treffers), len(nieuw), len(gesloten), duur)


def laatst_gedraaid(code: str) -> dt.datetime | None:
    """The moment of the check's last run: the last sighting of each of its open findings."""
    return (
        Controlerun.objects.filter(controle=code)
        .order_by("-tijdstip")
        .values_list("tijdstip", flat=True)
        .first()
    )


def zichtbaar(t: Toegang, code: str):
    """The open findings of check ``code`` this user may see (store.access decides who sees which persons): DUO
    all; a municipality its own persons; COA those in its reception; a school only the hour-statement findings
    about its own hours (the persons need not be in its caseload: it reported those hours itself); nobody else
    any (analysts get counts, ``per_gemeente``)."""
    rows = Bevinding.objects.filter(controle=code, open=True)
    if t.rol == Rol.DUO:
        return rows
    if t.rol == Rol.TAALSCHOOL:
        if code != "uren_zonder_contract":
            return rows.none()
        return rows.filter(taalschool=t.medewerker.organisatie.taalschool_id)
    if t.rol == Rol.GEMEENTE:
        rows = rows.filter(gemeente=t.code)
    if t.rol in (Rol.GEMEENTE, Rol.COA):
        return rows.filter(persoon_id__in=t.zichtbare_feiten().values("persoon_id"))
    return rows.none()


@dataclass(frozen=True)
class Lijst:
    """A check's open findings as a keyset list for ``store.worklists.page`` (pages and API): by ``sinds``."""

    filter: Q
    volgorde: str


LIJST = Lijst(Q(open=True), "sinds")

DREMPEL = 10  # as the monitor and the aggregates page: no count of one to nine persons is shown to analysts


def per_gemeente(t: Toegang, code: str) -> list[tuple[str, int | None]]:
    """Open findings of one check per municipality that this user may count, with a total row (``totaal``).

    Roles that see findings count what they see; an analyst sees every municipality's count, with the monitor's
    primary and secondary suppression (a hidden count is None), and nobody else gets counts."""
    if t.rol == Rol.ANALIST:
        rows = Bevinding.objects.filter(controle=code, open=True)
    elif t.ziet_dossiers:
        rows = zichtbaar(t, code)
    else:
        return []
    counts = rows.values("gemeente").annotate(n=Count("id")).order_by("gemeente")
    frame = pl.DataFrame(
        [(r["gemeente"] or "?", r["n"]) for r in counts],
        schema={"gemeente": pl.String, "open": pl.Int64},
        orient="row",
    )
    frame = pl.concat([frame, pl.DataFrame({"gemeente": [TOTAAL], "open": [int(frame["open"].sum())]})])
    if t.rol == Rol.ANALIST:
        frame = suppress(frame, Structuur(tellingen=("open",), rij="gemeente"), DREMPEL)
    return list(frame.iter_rows())
