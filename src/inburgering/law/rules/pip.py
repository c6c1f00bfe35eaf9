"""Reception, the responsible municipality, the PIP deadline, the learnability test and the route
(rule catalogue §2.3-2.5, §2.7)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from inburgering.law.dates import add_days, days_between, known, latest, on_or_before, whole
from inburgering.law.tekst import Tekst, where_text
from inburgering.law.variables import Simulation, variable


@variable(
    "verblijft op de peildatum in de opvang van het COA",
    artikel="Huisvestingswet 2014 art. 28",
    regel="R21-PIP-02",
    soort="ja_nee",
)
def in_opvang(s: Simulation) -> np.ndarray:
    """De laatste opvang is gestart en (nog) niet beëindigd."""
    start, einde = s("opvang_start"), s("opvang_einde")
    return known(start) & ~on_or_before(start, einde)


@variable(
    "gemeente die verantwoordelijk is voor de inburgering",
    artikel="Wi2021 art. 1 (college); Huisvestingswet 2014 art. 28",
    regel="R21-PIP-02",
    soort="tekst",
)
def verantwoordelijke_gemeente(s: Simulation) -> Tekst:
    """In de opvang: de gemeente waaraan het COA de persoon koppelde (voor de huisvesting); daarna, of zonder
    koppeling: de gemeente waar de persoon in de BRP staat ingeschreven."""
    gekoppeld, ingeschreven = s("gekoppelde_gemeente"), s("inschrijving_gemeente")
    voorkeur = where_text(s("in_opvang"), gekoppeld, ingeschreven)
    return where_text(voorkeur != "", voorkeur, where_text(gekoppeld != "", gekoppeld, ingeschreven))


@variable(
    "start van de PIP-termijn: de laatste van kennisgeving en inschrijving in de verantwoordelijke gemeente",
    artikel="Bi2021 art. 5.3",
    regel="R21-PIP-02",
    soort="datum",
    geldig_vanaf=dt.date(2022, 1, 1),
)
def pip_termijn_start(s: Simulation) -> np.ndarray:
    """Alleen onder Wi2021. Beide moeten bekend zijn: de kennisgeving van DUO en de inschrijving in de BRP van
    de gemeente (voor asielstatushouders de inschrijving na het verlaten van de opvang, dus de huisvesting)."""
    kennisgeving, inschrijving = s("kennisgeving_datum"), s("inschrijving_datum")
    beide = known(kennisgeving) & known(inschrijving) & (s("wet") == "Wi2021")
    return np.where(beide, latest(kennisgeving, inschrijving), np.datetime64("NaT"))


@variable(
    "uiterste datum voor het vaststellen van het PIP",
    artikel="Bi2021 art. 5.3",
    regel="R21-PIP-02",
    soort="datum",
)
def pip_uiterlijk(s: Simulation) -> np.ndarray:
    """De start van de PIP-termijn plus 10 weken. Wacht de gemeente op informatie van derden, dan uiterlijk
    2 weken na ontvangst daarvan, als dat later is."""
    start = s("pip_termijn_start")
    weken = s.param("pip.termijn_weken", at=start)
    basis = add_days(start, whole(weken * 7))
    derden = s("informatie_derden_datum")
    na_derden = add_days(derden, whole(s.param("pip.verlenging_derden_weken", at=derden) * 7))
    verschoven = known(derden) & known(start) & (na_derden > basis)
    return np.where(verschoven, na_derden, basis)


@variable(
    "het PIP is op tijd vastgesteld",
    artikel="Bi2021 art. 5.3",
    regel="R21-PIP-02",
    soort="ja_nee",
)
def pip_tijdig(s: Simulation) -> np.ndarray:
    """Er is een PIP en de dagtekening valt niet na de uiterste datum."""
    return on_or_before(s("pip_datum"), s("pip_uiterlijk"))


@variable(
    "het PIP is te laat: na de uiterste datum vastgesteld, of nog niet vastgesteld terwijl die datum voorbij is",
    artikel="Bi2021 art. 5.3",
    regel="R21-PIP-02",
    soort="ja_nee",
)
def pip_te_laat(s: Simulation) -> np.ndarray:
    """Telt zowel vastgestelde PIP's na de termijn als ontbrekende PIP's waarvan de termijn verstreken is."""
    uiterlijk, pip = s("pip_uiterlijk"), s("pip_datum")
    laat_vastgesteld = known(pip) & known(uiterlijk) & (pip > uiterlijk)
    ontbreekt = ~known(pip) & known(uiterlijk) & (uiterlijk < s.peildatum)
    return laat_vastgesteld | ontbreekt


@variable(
    "dagen van de start van de PIP-termijn tot de dagtekening van het PIP",
    artikel="Bi2021 art. 5.3",
    regel="R21-PIP-02",
    soort="getal",
)
def pip_doorlooptijd_dagen(s: Simulation) -> np.ndarray:
    """Leeg zolang er geen PIP of geen termijnstart is."""
    return days_between(s("pip_termijn_start"), s("pip_datum"))


@variable(
    "cesuur van de leerbaarheidstoets op de dag van de toets",
    artikel="Bi2021 (leerbaarheidstoets); Divosa",
    regel="R21-LBT-02",
    soort="getal",
)
def leerbaarheid_cesuur(s: Simulation) -> np.ndarray:
    """De minimumscore die gold op de datum waarop de toets werd afgenomen: 31 van 40, vanaf 12-4-2023 28."""
    return s.param("leerbaarheidstoets.cesuur", at=s("toets_datum"))


@variable(
    "uitslag van de leerbaarheidstoets: haalbaar, niet_haalbaar of geen_uitslag",
    artikel="Wi2021 art. 14",
    regel="R21-LBT-01, R21-LBT-02",
    soort="tekst",
)
def leerbaarheid(s: Simulation) -> Tekst:
    """Alleen onder Wi2021. Haalbaar als de score ten minste de cesuur van de toetsdatum is."""
    getoetst = known(s("toets_datum"))
    haalbaar = s("toets_score") >= s("leerbaarheid_cesuur")
    uitslag = where_text(getoetst, where_text(haalbaar, "haalbaar", "niet_haalbaar"), "geen_uitslag")
    return where_text(s("wet") == "Wi2021", uitslag, "")


@variable(
    "leerroute volgens het (laatst gewijzigde) PIP: b1, onderwijs of z",
    artikel="Wi2021 art. 7 en 15",
    regel="R21-RT-01, R21-RT-02, R21-RT-03, R21-PIP-03",
    soort="tekst",
)
def leerroute(s: Simulation) -> Tekst:
    """De route uit het laatste PIP of de laatste wijziging daarvan (schakelen); alleen onder Wi2021."""
    return where_text(s("wet") == "Wi2021", s("pip_leerroute"), "")


@variable(
    "in de B1-route afgeschaald naar A2",
    artikel="Bi2021 art. 5.5",
    regel="R21-PIP-03",
    soort="ja_nee",
)
def afgeschaald_a2(s: Simulation) -> np.ndarray:
    """Afschalen bestaat alleen in de B1-route."""
    return s("pip_afschalen_a2") & (s("leerroute") == "b1")


@variable(
    "afschalen naar A2 is mogelijk (B1-route, genoeg NT2-uren bij een instelling met keurmerk)",
    artikel="Bi2021 art. 5.5",
    regel="R21-PIP-03",
    soort="ja_nee",
)
def afschalen_mogelijk(s: Simulation) -> np.ndarray:
    """In de B1-route, nog niet afgeschaald, met ten minste 600 uur NT2 bij een instelling met keurmerk. De
    gemeente beslist; ook voldoende inzet is nodig, wat niet uit de gegevens blijkt."""
    uren = s("uren_nt2_keurmerk")
    norm = s.param("route.afschalen_min_uren")
    return (s("leerroute") == "b1") & ~s("afgeschaald_a2") & (uren >= norm)
