"""Fines when the term is overrun: the Wi2013 table, the Wi2021 maxima, the municipal fine, and none for asylum
permit holders after the rulings (rule catalogue §2.10, §3)."""

from __future__ import annotations

import numpy as np

from inburgering.law.dates import add_months, known, on_or_before, whole
from inburgering.law.inputs import ONDERDELEN
from inburgering.law.parameters import euros_to_cents
from inburgering.law.tekst import Tekst, select_text
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
        & s("wet").isin(("Wi2021", "Wi2013"))
        & (~s("asielstatushouder") | asiel_beboetbaar)
    )


@variable(
    "pogingen-rij van de boetetabel Wi2013",
    artikel="Beleidsregel boetevaststelling (BWBR0040729)",
    regel="R13-BOETE-02",
    soort="tekst",
)
def boete_pogingen(s: Simulation) -> Tekst:
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
    return select_text([nooit, minder_dan_twee], POGINGEN_RIJEN[:2], POGINGEN_RIJEN[2])


@variable(
    "maximale boete voor de leerroute (Wi2021) of het examen (Wi2013)",
    artikel="Wi2013 art. 34 en BWBR0040729; Wi2021 art. 28 en Bi2021 hoofdstuk 6",
    regel="R13-BOETE-01, R13-BOETE-02, R21-BOETE-01",
    soort="bedrag",
)
def boete_leerroute_maximum(s: Simulation) -> np.ndarray:
    """Alleen als een boete mogelijk is. Wi2013: het bedrag uit de tabel (pogingen x uren bij een instelling
    met keurmerk; vóór 1-7-2018 het maximum van € 1.250); DUO verlaagt dat nog per behaald onderdeel, maar die
    bedragen zijn onbekend en niet toegepast. Wi2021: € 1.000 als de leerroute niet vóór het einde van de
    termijn is voltooid."""
    wet = s("wet")
    wi2021 = np.where(
        ~on_or_before(s("leerroute_voldaan_datum"), s("termijn_einde")),
        s.param("boete.wi2021_leerroute_maximum"),
        0,
    )
    bedrag = np.where(wet == "Wi2013", _wi2013_tabel(s), np.where(wet == "Wi2021", wi2021, 0))
    return np.where(s("boete_mogelijk"), bedrag, 0).astype(np.int64)


def _wi2013_tabel(s: Simulation) -> np.ndarray:
    tabel = s.param_value("boete.wi2013_tabel")
    if tabel is None:
        return np.full(s.n, s.param("boete.wi2013_maximum"), dtype=np.int64)
    kolom = np.searchsorted(np.asarray(tabel["uren_grenzen"], float), s("lesuren_keurmerk"), side="right")
    rijen = np.array([[euros_to_cents(v) for v in tabel[r]] for r in POGINGEN_RIJEN], dtype=np.int64)
    pogingen = s("boete_pogingen")
    rij = np.select([pogingen == r for r in POGINGEN_RIJEN], range(len(POGINGEN_RIJEN)), 0)
    return rijen[rij, kolom]


@variable(
    "maximale boete voor het participatieverklaringstraject (PVT)",
    artikel="Wi2013 art. 7b en 34; Wi2021 art. 28",
    regel="R13-BOETE-03, R21-BOETE-01",
    soort="bedrag",
)
def boete_pvt_maximum(s: Simulation) -> np.ndarray:
    """Wi2013: € 340 als het PVT (plicht vanaf 1-10-2017) niet binnen een jaar na het ontstaan van de plicht
    is afgerond en die termijn voorbij is. Wi2021: € 340 als het PVT niet vóór het einde van de
    inburgeringstermijn is afgerond. In beide gevallen alleen als een boete mogelijk is."""
    wet, plicht = s("wet"), s("plicht_datum")
    pvt_termijn = s.param("termijn.wi2013_pvt_maanden", at=plicht)
    pvt_einde_2013 = add_months(plicht, whole(pvt_termijn))
    te_laat_2013 = (
        s("pvt_vereist") & ~on_or_before(s("pvt_datum"), pvt_einde_2013) & (pvt_einde_2013 < s.peildatum)
    )
    te_laat_2021 = ~on_or_before(s("pvt_datum"), s("termijn_einde"))
    bedrag = np.select(
        [(wet == "Wi2013") & te_laat_2013, (wet == "Wi2021") & te_laat_2021],
        [s.param("boete.wi2013_pvt_maximum"), s.param("boete.wi2021_pvt_maximum")],
        0,
    )
    return np.where(s("boete_mogelijk"), bedrag, 0).astype(np.int64)


@variable(
    "maximale boete voor de module arbeidsmarkt en participatie (MAP)",
    artikel="Wi2021 art. 28",
    regel="R21-BOETE-01",
    soort="bedrag",
)
def boete_map_maximum(s: Simulation) -> np.ndarray:
    """Wi2021, als de MAP bij de route hoort en niet vóór het einde van de termijn is afgerond, en een boete
    mogelijk is: € 340."""
    open_ = s("map_vereist") & ~on_or_before(s("map_datum"), s("termijn_einde"))
    return np.where(s("boete_mogelijk") & open_, s.param("boete.wi2021_map_maximum"), 0).astype(np.int64)


@variable(
    "maximale boete op de peildatum in totaal",
    artikel="Wi2013 art. 34; Wi2021 art. 28",
    regel="R13-BOETE-01..03, R21-BOETE-01, R21-BOETE-05",
    soort="bedrag",
)
def boete_maximum(s: Simulation) -> np.ndarray:
    """De som van de maxima voor leerroute of examen, PVT en MAP. Na een opgelegde boete loopt eerst een
    nieuwe termijn; pas als die overschreden is, is er weer een maximum."""
    return s("boete_leerroute_maximum") + s("boete_pvt_maximum") + s("boete_map_maximum")


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
    "maximale gemeentelijke boete wegens het schenden van de PIP-verplichtingen",
    artikel="Wi2021 art. 22-23",
    regel="R21-BOETE-04",
    soort="bedrag",
)
def gemeentelijke_boete_maximum(s: Simulation) -> np.ndarray:
    """Onder Wi2021, nog plichtig, en de gemeente registreerde dat de persoon niet meewerkte aan de intake of
    het PIP. Een schending van de Participatiewet wordt anders gesanctioneerd (maatregel)."""
    geweigerd = known(s("medewerking_geweigerd_datum")) & (s("wet") == "Wi2021") & s("inburgeringsplichtig")
    return np.where(geweigerd, s.param("boete.gemeente_maximum"), 0).astype(np.int64)
