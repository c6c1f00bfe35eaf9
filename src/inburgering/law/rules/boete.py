"""Fines when the term is overrun: the Wi2013 table, the Wi2021 maxima, the municipal fine, and none for asylum
permit holders after the rulings (rule catalogue §2.10, §3)."""

from __future__ import annotations

import numpy as np

from inburgering.law.dates import add_months, known, on_or_before
from inburgering.law.inputs import ONDERDELEN
from inburgering.law.parameters import euros_to_cents
from inburgering.law.variables import Simulation, variable

POGINGEN_RIJEN = ("niet_alles_geprobeerd", "alles_eenmaal", "alles_tweemaal")


@variable(
    "DUO mag een boete opleggen (termijn overschreden; niet bij asielstatushouders na de uitspraken)",
    artikel="Wi2021 art. 28; Wi2013 art. 31; Awb art. 5:41; HvJ EU 2025; RvS 9-7-2025 en 18-2-2026",
    regel="R21-BOETE-01, R21-BOETE-05, R13-BOETE-01, R13-BOETE-03",
    soort="ja_nee",
)
def boete_mogelijk(s: Simulation) -> np.ndarray:
    """De termijn is overschreden onder Wi2021 of Wi2013, en de persoon is geen asielstatushouder zolang
    asielstatushouders niet beboet worden (sinds maart 2023). Verwijtbaarheid (Awb 5:41) beoordeelt DUO na de
    zienswijze; die blijkt niet uit de gegevens."""
    asiel_beboetbaar = s.param("boete.asielstatushouders")
    return (
        (s("status") == "termijn_overschreden")
        & np.isin(s("wet"), ("Wi2021", "Wi2013"))
        & (~s("asielstatushouder") | asiel_beboetbaar)
    )


@variable(
    "pogingen-rij van de boetetabel Wi2013",
    artikel="Beleidsregel boetevaststelling (BWBR0040729)",
    regel="R13-BOETE-02",
    soort="tekst",
)
def boete_pogingen(s: Simulation) -> np.ndarray:
    """niet_alles_geprobeerd als een niet behaald onderdeel nooit is geprobeerd; alles_tweemaal als elk niet
    behaald onderdeel ten minste twee keer is geprobeerd (ONA één keer); anders alles_eenmaal. ONA telt alleen
    voor wie vanaf 1-1-2015 plichtig werd."""
    ona_nodig = s.param("wi2013.ona_vereist", at=s("plicht_datum"))
    nooit, minder_dan_twee = np.zeros(s.n, bool), np.zeros(s.n, bool)
    for onderdeel in ONDERDELEN:
        open_ = ~known(s(f"examen_{onderdeel}_a2"))
        if onderdeel == "ona":
            open_ &= ona_nodig
        pogingen = s(f"examen_{onderdeel}_pogingen")
        nooit |= open_ & (pogingen == 0)
        minder_dan_twee |= open_ & (pogingen < (1 if onderdeel == "ona" else 2))
    return np.where(nooit, POGINGEN_RIJEN[0], np.where(minder_dan_twee, POGINGEN_RIJEN[1], POGINGEN_RIJEN[2]))


@variable(
    "maximale boete op de peildatum (in centen)",
    artikel="Wi2013 art. 34 en BWBR0040729; Wi2021 art. 28 en Bi2021 hoofdstuk 6",
    regel="R13-BOETE-01, R13-BOETE-02, R13-BOETE-03, R21-BOETE-01, R21-BOETE-05",
    soort="bedrag",
)
def boete_maximum(s: Simulation) -> np.ndarray:
    """Alleen als een boete mogelijk is. Wi2013: het bedrag uit de tabel (pogingen x uren bij een instelling
    met keurmerk; vóór 1-7-2018 het maximum van € 1.250) plus € 340 als het PVT niet binnen zijn termijn is
    afgerond. Wi2021: per onderdeel dat niet op tijd af is € 1.000 (leerroute), € 340 (PVT) en € 340 (MAP). DUO
    verlaagt het Wi2013-bedrag nog per behaald onderdeel; die bedragen zijn onbekend en niet toegepast."""
    wet = s("wet")
    return np.where(
        s("boete_mogelijk"),
        np.where(wet == "Wi2013", _wi2013(s), np.where(wet == "Wi2021", _wi2021(s), 0)),
        0,
    ).astype(np.int64)


def _wi2013(s: Simulation) -> np.ndarray:
    tabel = s.param_value("boete.wi2013_tabel")
    maximum = s.param("boete.wi2013_maximum")
    if tabel is None:
        bedrag = np.full(s.n, maximum, dtype=np.int64)
    else:
        kolom = np.searchsorted(np.asarray(tabel["uren_grenzen"], float), s("lesuren_keurmerk"), side="right")
        rijen = np.array([[euros_to_cents(v) for v in tabel[r]] for r in POGINGEN_RIJEN], dtype=np.int64)
        pogingen = s("boete_pogingen")
        rij = np.select([pogingen == r for r in POGINGEN_RIJEN], range(len(POGINGEN_RIJEN)), 0)
        bedrag = rijen[rij, kolom]
    pvt_termijn = s.param("termijn.wi2013_pvt_maanden", at=s("plicht_datum"))
    pvt_einde = add_months(s("plicht_datum"), np.nan_to_num(pvt_termijn).astype(np.int64))
    pvt_te_laat = s("pvt_vereist") & ~on_or_before(s("pvt_datum"), pvt_einde) & (pvt_einde < s.peildatum)
    return bedrag + np.where(pvt_te_laat, s.param("boete.wi2013_pvt_maximum"), 0)


def _wi2021(s: Simulation) -> np.ndarray:
    einde = s("termijn_einde")
    route_open = ~on_or_before(s("leerroute_voldaan_datum"), einde)
    pvt_open = ~on_or_before(s("pvt_datum"), einde)
    map_open = s("map_vereist") & ~on_or_before(s("map_datum"), einde)
    return (
        np.where(route_open, s.param("boete.wi2021_leerroute_maximum"), 0)
        + np.where(pvt_open, s.param("boete.wi2021_pvt_maximum"), 0)
        + np.where(map_open, s.param("boete.wi2021_map_maximum"), 0)
    )


@variable(
    "eerste dag waarop DUO opnieuw een boete kan opleggen (na de nieuwe termijn van een boetebesluit)",
    artikel="Wi2013 art. 32, 33(2)",
    regel="R13-BOETE-01",
    soort="datum",
)
def volgende_boete_vanaf(s: Simulation) -> np.ndarray:
    """Na een boete loopt een nieuwe termijn; is de plicht daarna nog niet voldaan, dan volgt de dag na het
    einde van die termijn een nieuwe boete."""
    heeft_boete = known(s("boete_datum")) & s("inburgeringsplichtig")
    return np.where(heeft_boete, s("termijn_einde") + np.timedelta64(1, "D"), np.datetime64("NaT"))


@variable(
    "maximale gemeentelijke boete wegens het schenden van de PIP-verplichtingen (in centen)",
    artikel="Wi2021 art. 22-23",
    regel="R21-BOETE-04",
    soort="bedrag",
)
def gemeentelijke_boete_maximum(s: Simulation) -> np.ndarray:
    """Onder Wi2021, nog plichtig, en de gemeente registreerde dat de persoon niet meewerkte aan de intake of
    het PIP. Een schending van de Participatiewet wordt anders gesanctioneerd (maatregel)."""
    geweigerd = known(s("medewerking_geweigerd_datum")) & (s("wet") == "Wi2021") & s("inburgeringsplichtig")
    return np.where(geweigerd, s.param("boete.gemeente_maximum"), 0).astype(np.int64)
