"""What completes the obligation: the route's exams or hours, PVT and MAP (rule catalogue §2.7, §3, §4)."""

from __future__ import annotations

import numpy as np

from inburgering.law.dates import NAT, known, latest
from inburgering.law.inputs import ONDERDELEN
from inburgering.law.tekst import Tekst, select_text, where_text
from inburgering.law.variables import Simulation, variable

TAALONDERDELEN = ONDERDELEN[:4]


def _all_passed(s: Simulation, onderdelen, niveau: Tekst) -> np.ndarray:
    """The date on which the last of ``onderdelen`` was passed at the person's level, NaT if one is missing."""
    data = [np.where(niveau == "B1", s(f"examen_{o}_b1"), s(f"examen_{o}_a2")) for o in onderdelen]
    alles = np.logical_and.reduce([known(d) for d in data])
    return np.where(alles, latest(*data), NAT)


@variable(
    "taalniveau dat de inburgeraar moet halen: B1 of A2",
    artikel="Wi2021 art. 7; Bi2021 art. 5.5; Wi2013 art. 7",
    regel="R21-RT-01, R21-PIP-03, R13-OBL-01",
    soort="tekst",
)
def vereist_taalniveau(s: Simulation) -> Tekst:
    """Wi2021 B1-route: B1, of A2 na afschalen. Wi2013 en Wi2007: ten minste A2. De andere routes vragen geen
    taalexamens voor de plicht (onderwijsroute: afronding; Z-route: uren)."""
    wet = s("wet")
    b1 = where_text(s("afgeschaald_a2"), "A2", "B1")
    return select_text(
        [(wet == "Wi2021") & (s("leerroute") == "b1"), (wet == "Wi2013") | (wet == "Wi2007")], [b1, "A2"], ""
    )


@variable(
    "lesuren taal en KNM (NT2, KNM en alfabetisering)",
    artikel="Bi2021 art. 3.14",
    regel="R21-RT-03",
    soort="getal",
)
def lesuren(s: Simulation) -> np.ndarray:
    """De som van de geregistreerde uren NT2, KNM en alfabetisering."""
    return s("uren_nt2") + s("uren_knm") + s("uren_alfabetisering")


@variable(
    "lesuren taal en KNM bij een instelling met keurmerk",
    artikel="BWBR0040729; Wi2013 art. 6(1)(b)",
    regel="R13-BOETE-02, R13-AGI-01, R13-VERL-01",
    soort="getal",
)
def lesuren_keurmerk(s: Simulation) -> np.ndarray:
    """Alleen uren bij een instelling met keurmerk (Blik op Werk) tellen voor boete, AGI en verlenging."""
    return s("uren_nt2_keurmerk") + s("uren_knm_keurmerk") + s("uren_alfabetisering_keurmerk")


@variable(
    "datum waarop de leerroute is voltooid",
    artikel="Wi2021 art. 7; Bi2021 art. 3.14",
    regel="R21-RT-01, R21-RT-02, R21-RT-03",
    soort="datum",
)
def leerroute_voldaan_datum(s: Simulation) -> np.ndarray:
    """B1-route: alle vier taalexamens op het vereiste niveau en KNM behaald. Onderwijsroute: de gemeente meldt
    de afronding. Z-route: ten minste 800 lesuren taal en KNM, en voor asielstatushouders ook 800 uur
    participatie; als datum geldt de laatste urenregistratie (de slotgesprekken zijn geen gebeurtenis)."""
    route = s("leerroute")
    b1 = _all_passed(s, (*TAALONDERDELEN, "knm"), s("vereist_taalniveau"))
    participatie_nodig = s("asielstatushouder")
    z_uren = (s("lesuren") >= s.param("route.z_lesuren")) & (
        ~participatie_nodig | (s("uren_participatie") >= s.param("route.z_participatie_uren"))
    )
    z = np.where(z_uren, s("uren_laatste_datum"), NAT)
    return np.select(
        [route == "b1", route == "onderwijs", route == "z"], [b1, s("onderwijsroute_datum"), z], NAT
    )


@variable(
    "de module arbeidsmarkt en participatie (MAP) hoort bij de plicht",
    artikel="Wi2021 art. 8(3)",
    regel="R21-RT-05",
    soort="ja_nee",
)
def map_vereist(s: Simulation) -> np.ndarray:
    """Alleen in de B1-route en de Z-route; in de onderwijsroute niet."""
    return (s("wet") == "Wi2021") & s("leerroute").isin(("b1", "z"))


@variable(
    "het participatieverklaringstraject (PVT) hoort bij de plicht",
    artikel="Wi2021 art. 8; Wi2013 art. 7b",
    regel="R21-RT-04, R13-OBL-01",
    soort="ja_nee",
)
def pvt_vereist(s: Simulation) -> np.ndarray:
    """Wi2021: altijd. Wi2013: voor wie plichtig werd vanaf 1-10-2017."""
    wet = s("wet")
    wi2013 = s.param("wi2013.pvt_vereist", at=s("plicht_datum"))
    return (wet == "Wi2021") | ((wet == "Wi2013") & wi2013)


@variable(
    "datum waarop aan de inburgeringsplicht is voldaan",
    artikel="Wi2021 art. 7-8; Wi2013 art. 7; Wi2007",
    regel="R21-RT-01..05, R13-OBL-01",
    soort="datum",
)
def voldaan_datum(s: Simulation) -> np.ndarray:
    """Wi2021: de leerroute, het PVT en (in de B1- en Z-route) de MAP zijn afgerond; de datum is die van het
    laatste onderdeel. Wi2013: de vier taalexamens op A2, KNM, ONA (plicht vanaf 1-1-2015) en het PVT (plicht
    vanaf 1-10-2017). Wi2007: de vier taalexamens op A2 en KNM (vereenvoudigd: het Wi2007-examen had andere
    onderdelen)."""
    wet = s("wet")
    pvt = np.where(s("pvt_vereist"), s("pvt_datum"), np.datetime64("1900-01-01"))
    mapd = np.where(s("map_vereist"), s("map_datum"), np.datetime64("1900-01-01"))
    ona_nodig = s.param("wi2013.ona_vereist", at=s("plicht_datum"))
    ona = np.where((wet == "Wi2013") & ona_nodig, s("examen_ona_a2"), np.datetime64("1900-01-01"))
    niveau = s("vereist_taalniveau")
    examens = _all_passed(s, (*TAALONDERDELEN, "knm"), niveau)
    route = np.where(wet == "Wi2021", s("leerroute_voldaan_datum"), examens)
    onderdelen = [route, pvt, mapd, ona]
    compleet = np.logical_and.reduce([known(d) for d in onderdelen]) & (wet != "")
    return np.where(compleet, latest(*onderdelen), NAT)


@variable(
    "aantal behaalde examenonderdelen op het vereiste niveau (taal en KNM)",
    artikel="Wi2021 art. 7; Wi2013 art. 7",
    regel="R21-RT-06, R13-OBL-01",
    soort="getal",
)
def examens_behaald(s: Simulation) -> np.ndarray:
    """Voortgang: hoeveel van lezen, luisteren, schrijven, spreken en KNM behaald zijn (B1-route op B1 of na
    afschalen A2; anders ten minste A2)."""
    niveau = s("vereist_taalniveau")
    behaald = [
        known(np.where(niveau == "B1", s(f"examen_{o}_b1"), s(f"examen_{o}_a2"))) for o in ONDERDELEN[:5]
    ]
    return np.sum(behaald, axis=0)
