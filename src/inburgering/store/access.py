"""Who may see and write what: the one place where access is decided, for pages and API alike.

Access is purpose-bound per role (doelbinding): DUO sees every person; a municipal case worker the persons whose
responsible municipality is theirs (which includes those still in reception but linked to it); COA the persons in
its reception; a language school the persons a municipality enrolled with it (and those DUO asked it about in the
hour-statement check), and only their learning data; an
analyst no person at all, only aggregates; the newcomer only themself. Every event written must carry the writer's
own organisation as ``bron`` and be of a type that organisation delivers.

Scopes are conditions on the projection (``Feiten``), which carries the municipality, reception and school per
person, so a scoped list is the same indexed query as an unscoped one with one more equality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from inburgering.events.vocabulary import Event
from inburgering.store.bulk import ID_BATCH
from inburgering.store.columns import FACT_NAMES
from inburgering.store.models import Feiten, Medewerker

Rol = Medewerker.Rol

GEEN = Q(pk__in=[])

GEMEENTE_SCHRIJFT = frozenset(
    {
        "brede_intake_gestart",
        "brede_intake_afgerond",
        "leerbaarheidstoets_afgenomen",
        "informatie_derden_ontvangen",
        "pip_vastgesteld",
        "pip_gewijzigd",
        "aangemeld_bij_taalschool",
        "uren_geregistreerd",
        "pvt_afgerond",
        "map_afgerond",
        "onderwijsroute_afgerond",
        "bijstand_gestart",
        "medewerking_geweigerd",
        "boete_opgelegd",
    }
)
DUO_SCHRIJFT = frozenset(
    {
        "kennisgeving_verzonden",
        "verlenging_verleend",
        "vrijstelling_verleend",
        "ontheffing_aangevraagd",
        "ontheffing_verleend",
        "lening_besteed",
        "boete_vooraankondiging",
        "zienswijze_ontvangen",
        "boete_opgelegd",
        "urenverklaring_beoordeeld",
        "urenverklaring_navraag",
        "plicht_vervallen",
        "examen_uitslag",
    }
)
COA_SCHRIJFT = frozenset({"opvang_gestart", "opvang_beeindigd", "gekoppeld_aan_gemeente"})
TAALSCHOOL_SCHRIJFT = frozenset(
    {"uren_geregistreerd", "urenverklaring_ingediend", "urenverklaring_navraag_beantwoord"}
)
# Source registers deliver their own types; the organisation's code says which register it is.
BRONREGISTER_SCHRIJFT = {
    "IND": frozenset({"verblijfsvergunning_verleend"}),
    "BRP": frozenset({"ingeschreven_in_gemeente", "vertrokken", "overleden"}),
    "CVTE": frozenset({"examen_uitslag"}),
    "ARGONAUT": frozenset({"medisch_advies_uitgebracht"}),
}

# What a language school may see: the learning side of the dossier, nothing about residence, money or health.
TAALSCHOOL_FEITEN = (
    "status",
    "leerroute",
    "afgeschaald_a2",
    "examens_behaald",
    "lesuren",
    "pip_datum",
    "termijn_einde",
    "taalschool",
)
TAALSCHOOL_SOORTEN = frozenset(
    {
        "aangemeld_bij_taalschool",
        "pip_vastgesteld",
        "pip_gewijzigd",
        "uren_geregistreerd",
        "examen_uitslag",
        "urenverklaring_ingediend",
        "urenverklaring_beoordeeld",
        "urenverklaring_navraag",
        "urenverklaring_navraag_beantwoord",
    }
)
# Medical advice is for DUO (and the person) only; money matters are not COA's.
MEDISCH = frozenset({"medisch_advies_uitgebracht"})
FINANCIEEL_FEITEN = frozenset(
    {
        "boete_mogelijk",
        "boete_leerroute_maximum",
        "boete_pvt_maximum",
        "boete_map_maximum",
        "boete_maximum",
        "gemeentelijke_boete_maximum",
        "lening_kwijtschelding",
        "lening_besteed",
        "signaal_elip",
        "signaal_elip_vroeg",
    }
)
FINANCIEEL_SOORTEN = frozenset(
    {"lening_besteed", "boete_vooraankondiging", "zienswijze_ontvangen", "boete_opgelegd", "bijstand_gestart"}
)


class Geweigerd(PermissionError):
    """A write the role may not do; the message says why (in Dutch, for the person who tried)."""


@dataclass(frozen=True)
class Toegang:
    """What one user may do, derived from their role."""

    medewerker: Medewerker

    @property
    def rol(self) -> str:
        return self.medewerker.rol

    @property
    def code(self) -> str:
        organisatie = self.medewerker.organisatie
        return organisatie.code if organisatie else ""

    def personen(self) -> Q:
        """The persons this user may see, as a condition on ``Feiten``."""
        rol, org = self.rol, self.medewerker.organisatie
        if rol == Rol.DUO:
            return Q()
        if rol == Rol.GEMEENTE:
            return Q(verantwoordelijke_gemeente=org.code)
        if rol == Rol.COA:
            # in its reception, and the asylum permit holders not yet registered in a municipality: they live in
            # COA's reception until housed, and COA must be able to report their reception and link
            return Q(in_opvang=True) | Q(
                doelgroep="asielstatushouder", inschrijving_gemeente="", uitstroom_datum__isnull=True
            )
        if rol == Rol.TAALSCHOOL:
            # also those DUO asked this school about (hours without a known contract): it must be able to answer
            return Q(taalschool=org.taalschool_id) | Q(navraag_school=org.taalschool_id)
        if rol == Rol.INBURGERAAR:
            return Q(persoon_id=self.medewerker.persoon_id)
        return GEEN  # analyst, source register: no dossiers

    def zichtbare_feiten(self):
        """The facts this user may see (a queryset of ``Feiten``)."""
        return Feiten.objects.filter(self.personen())

    def mag_persoon_zien(self, persoon_id: str) -> bool:
        return self.zichtbare_feiten().filter(persoon_id=persoon_id).exists()

    def zichtbaar(self, personen: Iterable[str]) -> set[str]:
        """Which of these persons this user may see: asked in batches, so that no query has more parameters than
        either database allows (a delivery names up to hundreds of thousands)."""
        personen = list(dict.fromkeys(personen))
        gezien: set[str] = set()
        for start in range(0, len(personen), ID_BATCH):
            batch = personen[start : start + ID_BATCH]
            gezien.update(
                self.zichtbare_feiten().filter(persoon_id__in=batch).values_list("persoon_id", flat=True)
            )
        return gezien

    def feitnamen(self) -> tuple[str, ...]:
        """The fact columns this role may read."""
        if self.rol == Rol.TAALSCHOOL:
            return TAALSCHOOL_FEITEN
        if self.rol == Rol.COA:
            return tuple(n for n in FACT_NAMES if n not in FINANCIEEL_FEITEN)
        return FACT_NAMES

    def mag_soort_zien(self, soort: str) -> bool:
        """Whether events of this type are shown to this role."""
        if self.rol in (Rol.DUO, Rol.INBURGERAAR):
            return True
        if self.rol == Rol.TAALSCHOOL:
            return soort in TAALSCHOOL_SOORTEN
        if self.rol == Rol.COA:
            return soort not in MEDISCH | FINANCIEEL_SOORTEN
        return soort not in MEDISCH

    @property
    def mag_uitleg_zien(self) -> bool:
        """The explanation shows every input, so only roles that may see the whole dossier get it."""
        return self.rol in (Rol.DUO, Rol.GEMEENTE, Rol.INBURGERAAR)

    def mag_inzagelog_zien(self, feiten: Feiten) -> bool:
        """Who looked at a dossier is shown to DUO, to the person's municipality and to the person."""
        if self.rol == Rol.DUO:
            return True
        if self.rol == Rol.GEMEENTE:
            return feiten.verantwoordelijke_gemeente == self.code
        return self.rol == Rol.INBURGERAAR and feiten.persoon_id == self.medewerker.persoon_id

    @property
    def ziet_dossiers(self) -> bool:
        return self.rol not in (Rol.ANALIST, Rol.BRONREGISTER)

    @property
    def ziet_aggregaten(self) -> bool:
        return self.rol in (Rol.ANALIST, Rol.DUO, Rol.GEMEENTE)

    def schrijfbare_soorten(self) -> frozenset[str]:
        """The event types this role delivers."""
        return {
            Rol.DUO: DUO_SCHRIJFT,
            Rol.GEMEENTE: GEMEENTE_SCHRIJFT,
            Rol.COA: COA_SCHRIJFT,
            Rol.TAALSCHOOL: TAALSCHOOL_SCHRIJFT,
            Rol.BRONREGISTER: BRONREGISTER_SCHRIJFT.get(self.code, frozenset()),
        }.get(self.rol, frozenset())

    @property
    def maakt_personen(self) -> bool:
        """Only DUO and the source registers may write about a person the store does not know yet (or
        cannot see): IND grants the permit that makes a person known; everybody else works on their caseload."""
        return self.rol in (Rol.DUO, Rol.BRONREGISTER)

    def controleer_schrijven(self, events: Iterable[Event], zichtbaar: set[str]) -> None:
        """Raise ``Geweigerd`` unless every event may be written by this user. ``zichtbaar``: the persons of
        these events that the user can see."""
        soorten = self.schrijfbare_soorten()
        for number, event in enumerate(events, 1):
            waar = f"gebeurtenis {number} ({event.id})"
            if event.soort not in soorten:
                raise Geweigerd(f"{waar}: uw rol mag geen {event.soort} vastleggen")
            if event.bron != self.code:
                raise Geweigerd(
                    f"{waar}: bron moet uw eigen organisatie zijn ({self.code}), niet {event.bron}"
                )
            if not self.maakt_personen and event.persoon not in zichtbaar:
                raise Geweigerd(f"{waar}: persoon {event.persoon} hoort niet bij uw caseload")


def toegang(user) -> Toegang | None:
    """The access of a logged-in user, or None for a user without a role (they see nothing). Looked up once per
    request (role and organisation in one query) and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_toegang"):
        medewerker = Medewerker.objects.select_related("organisatie").filter(gebruiker=user).first()
        user._toegang = Toegang(medewerker) if medewerker else None
    return user._toegang
