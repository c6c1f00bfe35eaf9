"""Loans and ELIP, the dispensation for demonstrable effort, the Wi2013 extension for lessons and exams,
financial unburdening and travel costs (rule catalogue §2.11, §3)."""

from __future__ import annotations

import numpy as np

from inburgering.law.dates import NAT, add_months, known, on_or_before, term_end, whole
from inburgering.law.inputs import ONDERDELEN
from inburgering.law.variables import Simulation, variable


@variable(
    "signaal ELIP: ten minste € 9.500 van de lening besteed en nog inburgeringsplichtig (Wi2013)",
    artikel="Wi2013 art. 16-17; K-391 §3.1",
    regel="R13-ELIP-01",
    soort="ja_nee",
)
def signaal_elip(s: Simulation) -> np.ndarray:
    """Einde lening, nog inburgeringsplichtig: onder Wi2013, nog plichtig, en het bestede bedrag is ten
    minste de ELIP-grens."""
    return (s("wet") == "Wi2013") & s("inburgeringsplichtig") & (s("lening_besteed") >= s.param("elip.grens"))


@variable(
    "vroeg ELIP-signaal: meer dan € 7.500 besteed en minder dan 12 maanden termijn over (Wi2013)",
    artikel="K-391 §3.1; K-380",
    regel="R13-ELIP-01",
    soort="ja_nee",
)
def signaal_elip_vroeg(s: Simulation) -> np.ndarray:
    """Onder Wi2013, nog plichtig, meer dan de vroege grens besteed, en het einde van de termijn ligt op of na
    de peildatum maar binnen 12 maanden."""
    einde = s("termijn_einde")
    grens = add_months(s.peildatum, whole(s.param("elip.vroeg_maanden")))
    return (
        (s("wet") == "Wi2013")
        & s("inburgeringsplichtig")
        & (s("lening_besteed") > s.param("elip.vroeg_grens"))
        & (einde >= s.peildatum)
        & (einde < grens)
    )


@variable(
    "de lening wordt kwijtgescholden (asielmigrant die binnen de termijn voldeed, Wi2013)",
    artikel="Besluit inburgering art. 4.13(4)",
    regel="R13-LOAN-01",
    soort="ja_nee",
)
def lening_kwijtschelding(s: Simulation) -> np.ndarray:
    """Asielstatushouder onder Wi2013 met een lening, die op of vóór het einde van de termijn voldeed."""
    return (
        (s("wet") == "Wi2013")
        & s("asielstatushouder")
        & (s("lening_besteed") > 0)
        & (s("uitstroom_reden") == "voldaan")
        & on_or_before(s("voldaan_datum"), s("termijn_einde"))
    )


def _open_onderdelen_genoeg_geprobeerd(s: Simulation, minimum, ona_minimum) -> np.ndarray:
    """Whether every required exam component not yet passed was attempted at least ``minimum`` times."""
    ona_nodig = s.param("wi2013.ona_vereist", at=s("plicht_datum"))
    genoeg = np.ones(s.n, dtype=bool)
    for onderdeel in ONDERDELEN:
        open_ = ~known(s(f"examen_{onderdeel}_a2"))
        if onderdeel == "ona":
            open_ &= ona_nodig
        nodig = ona_minimum if onderdeel == "ona" else minimum
        genoeg &= ~open_ | (s(f"examen_{onderdeel}_pogingen") >= nodig)
    return genoeg


@variable(
    "datum waarop de aanvraag van een ontheffing wegens aantoonbare inspanning wordt getoetst",
    artikel="Wi2013 art. 6(1)(b)",
    regel="R13-AGI-01",
    soort="datum",
)
def agi_toetsdatum(s: Simulation) -> np.ndarray:
    """De datum van de aanvraag met grond agi; zonder aanvraag de peildatum (zou het nu kunnen?)."""
    aanvraag = (s("ontheffing_aanvraag_grond") == "agi") & known(s("ontheffing_aanvraag_datum"))
    return np.where(aanvraag, s("ontheffing_aanvraag_datum"), s.peildatum)


@variable(
    "voldoet aan de eisen voor ontheffing wegens aantoonbare inspanning, cursusroute (Wi2013)",
    artikel="Wi2013 art. 6(1)(b); inburgeren.nl genoeg-uren-cursus-gedaan",
    regel="R13-AGI-01, R21-ONTH-02",
    soort="ja_nee",
)
def agi_voldoet(s: Simulation) -> np.ndarray:
    """Alleen Wi2013 (de Z-route vervangt de AGI onder Wi2021). Op de toetsdatum: de termijn loopt ten minste
    2,5 jaar; ten minste 600 cursusuren bij een instelling met keurmerk (alfabetiseringsuren tellen mee als er
    ten minste 200 uur inburgeringscursus is); elk niet behaald examen zo vaak gedaan als op de toetsdatum
    vereist (4 keer tot en met 31-3-2023, 3 keer vanaf 1-4-2023)."""
    datum = s("agi_toetsdatum")
    gestart = add_months(s("termijn_start"), whole(s.param("agi.termijn_gestart_maanden", at=datum)))
    cursus = s("uren_nt2_keurmerk") + s("uren_knm_keurmerk")
    alfa_telt = cursus >= s.param("agi.min_inburgeringsuren_voor_alfabetisering", at=datum)
    uren = cursus + np.where(alfa_telt, s("uren_alfabetisering_keurmerk"), 0)
    pogingen = s.param("agi.min_pogingen", at=datum)
    return (
        (s("wet") == "Wi2013")
        & s("inburgeringsplichtig")
        & on_or_before(gestart, datum)
        & (uren >= s.param("agi.min_uren", at=datum))
        & _open_onderdelen_genoeg_geprobeerd(s, pogingen, pogingen)
    )


@variable(
    "komt in aanmerking voor verlenging wegens genoeg lessen en examens (Wi2013)",
    artikel="Beleidsregel verlenging bij geen verwijt (BWBR0041898); Wi2013 art. 7(3)",
    regel="R13-VERL-01",
    soort="ja_nee",
)
def verlenging_uren_examens_mogelijk(s: Simulation) -> np.ndarray:
    """Onder Wi2013, nog plichtig: ten minste 300 cursusuren bij een instelling met keurmerk, elk niet behaald
    examen (ook ONA) ten minste twee keer gedaan, en de termijn loopt ten minste 2,5 jaar."""
    gestart = add_months(s("termijn_start"), whole(s.param("verlenging.wi2013_uren_na_maanden")))
    minimum = s.param("verlenging.wi2013_uren_min_pogingen")
    return (
        (s("wet") == "Wi2013")
        & s("inburgeringsplichtig")
        & (s("lesuren_keurmerk") >= s.param("verlenging.wi2013_uren_min_uren"))
        & _open_onderdelen_genoeg_geprobeerd(s, minimum, minimum)
        & on_or_before(gestart, s.peildatum)
    )


@variable(
    "laatste dag van het financieel ontzorgen",
    artikel="Participatiewet art. 56a",
    regel="R21-FIN-05",
    soort="datum",
)
def ontzorgen_tot(s: Simulation) -> np.ndarray:
    """Onder Wi2021, voor houders van een asielvergunning (ook afgeleid) met bijstand: de eerste zes maanden
    van de bijstand (aangenomen start: de eerste bijstandsdag), met de einddag-conventie."""
    bijstand = s("bijstand_datum")
    maanden = s.param("ontzorgen.duur_maanden", at=bijstand)
    verschuiving = s.param("termijn.einde_verschuiving_dagen", at=bijstand)
    einde = term_end(bijstand, whole(maanden), whole(verschuiving))
    recht = (s("wet") == "Wi2021") & s("asielvergunning") & known(bijstand)
    return np.where(recht, einde, NAT)


@variable(
    "recht op vergoeding van reiskosten vanuit de opvang (op de peildatum)",
    artikel="Tijdelijke regeling reiskosten (EK-35483)",
    regel="R21-FIN-06",
    soort="ja_nee",
)
def reiskosten_recht(s: Simulation) -> np.ndarray:
    """Asielstatushouder onder Wi2021 die nog in de opvang woont en een PIP heeft, zolang de regeling loopt
    (1-7-2025 tot en met 31-12-2026). De peildatum is de reisdatum."""
    return (
        (s("wet") == "Wi2021")
        & s("asielstatushouder")
        & s("in_opvang")
        & on_or_before(s("pip_datum"), s.peildatum)
        & s.param("reiskosten.regeling")
    )
