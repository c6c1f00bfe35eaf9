"""The integration term, its extensions and the windows that hang off it (rule catalogue §0, §2.5, §2.6, §2.8,
§3, §4)."""

from __future__ import annotations

import numpy as np

from inburgering.law.dates import NAT, add_days, add_months, add_period, known, latest, term_end, whole
from inburgering.law.variables import Simulation, variable


@variable(
    "eerste dag van de inburgeringstermijn",
    artikel="Wi2021 art. 11(1)-(3); Wi2013 art. 7(1); Wi2007",
    regel="R21-TERM-01, R13-TERM-01, R07-02",
    soort="datum",
)
def termijn_start(s: Simulation) -> np.ndarray:
    """Wi2021: de dag na de dagtekening van het (eerste) PIP; een later gewijzigd of opnieuw vastgesteld PIP
    verschuift de start niet. Wi2013 en Wi2007: de dag waarop de plicht ontstond."""
    wet = s("wet")
    wi2021 = add_days(s("pip_datum"), 1)
    oud = s("plicht_datum")
    return np.select([wet == "Wi2021", (wet == "Wi2013") | (wet == "Wi2007")], [wi2021, oud], NAT)


@variable(
    "duur van de inburgeringstermijn in maanden",
    artikel="Wi2021 art. 11; Wi2013 art. 7(1); Wi2007",
    regel="R21-TERM-01, R13-TERM-01, R07-02",
    soort="getal",
)
def termijn_duur_maanden(s: Simulation) -> np.ndarray:
    """Wi2021 en Wi2013: 3 jaar. Wi2007: 3,5 jaar wie het basisexamen in het buitenland haalde, anders 5 jaar."""
    start, wet = s("termijn_start"), s("wet")
    wi2007 = np.where(
        s("examen_buitenland_behaald"),
        s.param("termijn.wi2007_examen_buitenland_maanden", at=start),
        s.param("termijn.wi2007_maanden", at=start),
    )
    return np.select(
        [wet == "Wi2021", wet == "Wi2013", wet == "Wi2007"],
        [s.param("termijn.wi2021_maanden", at=start), s.param("termijn.wi2013_maanden", at=start), wi2007],
        np.nan,
    )


@variable(
    "laatste dag van de inburgeringstermijn zonder verlengingen",
    artikel="Wi2021 art. 11; Wi2013 art. 7(1)",
    regel="R21-TERM-01, R13-TERM-01",
    soort="datum",
)
def termijn_einde_basis(s: Simulation) -> np.ndarray:
    """Start plus de duur, met de einddag-conventie (de dag vóór de verjaardag, of de verjaardag zelf)."""
    start = s("termijn_start")
    maanden = s("termijn_duur_maanden")
    verschuiving = s.param("termijn.einde_verschuiving_dagen", at=start)
    einde = term_end(start, whole(maanden), whole(verschuiving))
    return np.where(np.isnan(maanden), NAT, einde)


@variable(
    "aantal verleende verlengingen",
    artikel="Wi2021 art. 12; Wi2013 art. 7(3)",
    regel="R21-VERL-01, R13-VERL-01",
    soort="getal",
)
def aantal_verlengingen(s: Simulation) -> np.ndarray:
    """Het aantal verlengingsbesluiten van DUO tot de peildatum."""
    return np.bincount(s("verlengingen").persoon, minlength=s.n)


@variable(
    "laatste dag van de inburgeringstermijn, met verlengingen en na een boete de nieuwe termijn",
    artikel="Wi2021 art. 11-12; Bi2021 art. 4.3-4.4; Wi2013 art. 7(3) en 32",
    regel="R21-VERL-01, R21-VERL-02, R13-VERL-01, R13-VERL-02, R13-BOETE-01, R21-BOETE-03",
    soort="datum",
)
def termijn_einde(s: Simulation) -> np.ndarray:
    """Verlengingen worden op volgorde van besluit na elkaar op het dan geldende einde gezet (nooit twee voor
    dezelfde periode): een duur telt op bij het einde, een einddatum geldt als die later is. Een verlenging
    verkort de termijn nooit. Na een boetebesluit loopt een nieuwe termijn vanaf het besluit (Wi2013 ten hoogste
    2 jaar; Wi2021 aangenomen 2 jaar; Wi2007 kent die regel niet); de termijn eindigt dan op het laatste van
    beide."""
    einde = s("termijn_einde_basis").copy()
    reeks = s("verlengingen")
    if len(reeks):
        persoon = reeks.persoon
        maanden, dagen, tot = (
            reeks.kolommen["duur_maanden"],
            reeks.kolommen["duur_dagen"],
            reeks.kolommen["tot"],
        )
        rang = np.arange(len(persoon)) - np.searchsorted(persoon, persoon, side="left")
        for k in range(int(rang.max()) + 1):
            rij = rang == k
            p = persoon[rij]
            huidig = einde[p]
            met_duur = add_period(huidig, maanden[rij], dagen[rij])
            nieuw = np.where(known(tot[rij]), latest(huidig, tot[rij]), met_duur)
            einde[p] = np.where(known(huidig), nieuw, huidig)
    boete = s("boete_datum")
    wet = s("wet")
    nieuwe_maanden = np.select(
        [wet == "Wi2013", wet == "Wi2021"],
        [
            s.param("boete.wi2013_nieuwe_termijn_maanden", at=boete),
            s.param("boete.wi2021_nieuwe_termijn_maanden", at=boete),
        ],
        np.nan,
    )
    verschuiving = s.param("termijn.einde_verschuiving_dagen", at=boete)
    na_boete = term_end(boete, whole(nieuwe_maanden), whole(verschuiving))
    heeft_nieuwe = known(boete) & known(einde) & ~np.isnan(nieuwe_maanden)
    return np.where(heeft_nieuwe, latest(einde, na_boete), einde)


@variable(
    "eerste dag waarop verlenging kan worden aangevraagd",
    artikel="Bi2021 art. 4.3-4.4; Wi2013 art. 7(3); BWBR0041898",
    regel="R21-VERL-02, R13-VERL-01",
    soort="datum",
)
def verlenging_aanvraag_vanaf(s: Simulation) -> np.ndarray:
    """Wi2021: als de termijn ten minste 2,5 jaar loopt. Wi2013: vanaf 6 maanden vóór het einde van de
    termijn."""
    wet, start, einde = s("wet"), s("termijn_start"), s("termijn_einde")
    wi2021 = add_months(start, whole(s.param("verlenging.wi2021_aanvraag_na_maanden", at=start)))
    voor_einde = s.param("verlenging.wi2013_aanvraag_maanden_voor_einde", at=einde)
    wi2013 = add_months(einde, -whole(voor_einde))
    return np.select([wet == "Wi2021", wet == "Wi2013"], [wi2021, wi2013], NAT)


@variable(
    "laatste dag waarop naar een andere leerroute kan worden geschakeld",
    artikel="Bi2021 art. 5.5",
    regel="R21-PIP-03",
    soort="datum",
)
def schakelen_mogelijk_tot(s: Simulation) -> np.ndarray:
    """Schakelen kan tot 1,5 jaar na de start van de termijn (Wi2021), met de einddag-conventie."""
    start = s("termijn_start")
    maanden = s.param("route.schakelen_maanden", at=start)
    verschuiving = s.param("termijn.einde_verschuiving_dagen", at=start)
    einde = term_end(start, whole(maanden), whole(verschuiving))
    return np.where((s("wet") == "Wi2021") & known(start), einde, NAT)
