"""Status and outflow at the peildatum, and the signals for case workers (rule catalogue §2, §3; events draft
"Derived facts")."""

from __future__ import annotations

import numpy as np

from inburgering.law.dates import NAT, add_days, add_months, earliest, known, latest, on_or_before, whole
from inburgering.law.tekst import Tekst, select_text, where_text
from inburgering.law.variables import Simulation, variable

# Outflow reasons in the order that decides a tie on the same day.
UITSTROOMREDENEN = (
    "voldaan",
    "vrijgesteld",
    "ontheven",
    "plicht_vervallen",
    "aow_leeftijd",
    "vertrokken",
    "overleden",
)
ACTIEF = ("in_opvang_zonder_pip", "wacht_op_pip", "in_traject", "termijn_overschreden")


@variable(
    "datum waarop de plicht eindigde (uitstroom), op of vóór de peildatum",
    artikel="Wi2021 art. 3-5, 7; Wi2013 art. 5-7",
    regel="R21-VRIJ-01, R21-ONTH-01, R13-ONTH-01, R13-AGI-01",
    soort="datum",
)
def uitstroom_datum(s: Simulation) -> np.ndarray:
    """De datum van de gebeurtenis die de uitstroomreden geeft, de vroegste van: voldaan, vrijstelling,
    ontheffing, verval van de plicht (door DUO, of door de uitspraak over Turkse gezinsmigranten), het bereiken
    van de AOW-leeftijd, vertrek en overlijden. Een gebeurtenis vóór het ontstaan van de plicht telt vanaf de
    plichtdatum."""
    reden, plicht = s("uitstroom_reden"), s("plicht_datum")
    datum = np.full(s.n, NAT)
    for naam, kandidaat in zip(UITSTROOMREDENEN, _kandidaten(s), strict=True):
        datum = np.where(reden == naam, latest(kandidaat, plicht), datum)
    return datum


@variable(
    "reden van de uitstroom",
    artikel="Wi2021 art. 3-5, 7; Wi2013 art. 5-7",
    regel="R21-VRIJ-01, R21-ONTH-01",
    soort="tekst",
)
def uitstroom_reden(s: Simulation) -> Tekst:
    """De reden die hoort bij de vroegste van de uitstroomgebeurtenissen op of vóór de peildatum (een
    gebeurtenis vóór het ontstaan van de plicht telt vanaf de plichtdatum); bij gelijke datum in de volgorde
    voldaan, vrijgesteld, ontheven, plicht_vervallen, aow_leeftijd, vertrokken, overleden."""
    plicht = s("plicht_datum")
    nooit = np.iinfo(np.int64).max
    eerste = np.full(s.n, nooit)
    reden = np.zeros(s.n, dtype=np.uint8)  # 0: geen uitstroom, else 1 + index in UITSTROOMREDENEN
    for i, kandidaat in enumerate(_kandidaten(s)):
        geldig = on_or_before(kandidaat, s.peildatum) & s("plicht_ontstaan")
        dag = np.where(geldig, latest(kandidaat, plicht).view(np.int64), nooit)
        reden[dag < eerste] = i + 1  # strictly earlier: a tie keeps the reason that comes first
        np.minimum(eerste, dag, out=eerste)
    return Tekst(reden, ("", *UITSTROOMREDENEN))


def _kandidaten(s: Simulation) -> list[np.ndarray]:
    """The date of each outflow event, in the order of UITSTROOMREDENEN."""
    vervallen = earliest(s("plicht_vervallen_datum"), s("turkse_mvv_uitspraak_datum"))
    return [
        s("voldaan_datum"),
        s("vrijstelling_datum"),
        s("ontheffing_datum"),
        vervallen,
        s("aow_datum"),
        s("vertrek_datum"),
        s("overlijdensdatum"),
    ]


@variable(
    "status op de peildatum",
    artikel="Wi2021; Wi2013; Wi2007",
    regel="events-draft: Derived facts",
    soort="tekst",
)
def status(s: Simulation) -> Tekst:
    """niet_plichtig als de plicht niet ontstond; na uitstroom de reden (aow_leeftijd telt als
    plicht_vervallen); anders termijn_overschreden als de termijn voorbij is; anders onder Wi2021 zonder PIP
    in_opvang_zonder_pip of wacht_op_pip; anders in_traject."""
    reden = s("uitstroom_reden")
    uitgestroomd = where_text(reden == "aow_leeftijd", "plicht_vervallen", reden)
    einde = s("termijn_einde")
    zonder_pip = (s("wet") == "Wi2021") & ~on_or_before(s("pip_datum"), s.peildatum)
    return select_text(
        [
            ~s("plicht_ontstaan"),
            reden != "",
            known(einde) & (einde < s.peildatum),
            zonder_pip & s("in_opvang"),
            zonder_pip,
        ],
        ["niet_plichtig", uitgestroomd, "termijn_overschreden", "in_opvang_zonder_pip", "wacht_op_pip"],
        "in_traject",
    )


@variable(
    "inburgeringsplichtig op de peildatum",
    artikel="Wi2021 art. 3; Wi2013 art. 3",
    regel="R21-SCOPE-01, R13-SCOPE-01",
    soort="ja_nee",
)
def inburgeringsplichtig(s: Simulation) -> np.ndarray:
    """De plicht is ontstaan en (nog) niet geëindigd."""
    return s("status").isin(ACTIEF)


@variable(
    "signaal: de PIP-termijn is verstreken zonder PIP",
    artikel="Bi2021 art. 5.3",
    regel="R21-PIP-02",
    soort="ja_nee",
)
def signaal_pip_termijn_verstreken(s: Simulation) -> np.ndarray:
    """Nog plichtig, geen PIP, en de uiterste datum ligt vóór de peildatum."""
    return s("inburgeringsplichtig") & ~known(s("pip_datum")) & (s("pip_uiterlijk") < s.peildatum)


@variable(
    "signaal: de PIP-termijn verloopt binnen twee weken",
    artikel="Bi2021 art. 5.3",
    regel="R21-PIP-02",
    soort="ja_nee",
)
def signaal_pip_termijn_binnenkort(s: Simulation) -> np.ndarray:
    """Nog plichtig, geen PIP, en de uiterste datum valt tussen de peildatum en twee weken later."""
    uiterlijk = s("pip_uiterlijk")
    grens = add_days(s.peildatum, whole(s.param("signaal.pip_binnenkort_dagen")))
    return (
        s("inburgeringsplichtig") & ~known(s("pip_datum")) & (uiterlijk >= s.peildatum) & (uiterlijk <= grens)
    )


@variable(
    "signaal: de inburgeringstermijn eindigt binnen zes maanden",
    artikel="Wi2021 art. 11; Wi2013 art. 7",
    regel="R21-TERM-02",
    soort="ja_nee",
)
def signaal_termijn_eindigt_binnenkort(s: Simulation) -> np.ndarray:
    """In traject en het einde van de termijn valt binnen zes maanden na de peildatum."""
    einde = s("termijn_einde")
    grens = add_months(s.peildatum, whole(s.param("termijn.signaal_maanden")))
    return (s("status") == "in_traject") & (einde >= s.peildatum) & (einde <= grens)


@variable(
    "signaal: de inburgeringstermijn is overschreden",
    artikel="Wi2021 art. 11, 28; Wi2013 art. 31",
    regel="R21-BOETE-02, R13-BOETE-01",
    soort="ja_nee",
)
def signaal_termijn_overschreden(s: Simulation) -> np.ndarray:
    """De status is termijn_overschreden."""
    return s("status") == "termijn_overschreden"


@variable(
    "signaal: de kennisgeving noemt een andere wet dan de regels geven",
    artikel="Wi2021 overgangsrecht",
    regel="R-REG-04",
    soort="ja_nee",
)
def signaal_kennisgeving_onjuiste_wet(s: Simulation) -> np.ndarray:
    """Er is een kennisgeving, en de wet daarin verschilt van de wet die volgt uit de plichtdatum."""
    genoemd = s("kennisgeving_wet")
    return s("plicht_ontstaan") & (genoemd != "") & (genoemd != s("wet"))


@variable(
    "signaal: de brede intake is niet gestart terwijl de kennisgeving er is",
    artikel="Wi2021 art. 14",
    regel="R21-BI-01",
    soort="ja_nee",
)
def signaal_brede_intake_niet_gestart(s: Simulation) -> np.ndarray:
    """Wi2021, nog plichtig, kennisgeving verzonden, nog geen brede intake en nog geen PIP."""
    return (
        (s("wet") == "Wi2021")
        & s("inburgeringsplichtig")
        & known(s("kennisgeving_datum"))
        & ~known(s("brede_intake_start"))
        & ~known(s("pip_datum"))
    )


@variable(
    "signaal: in de opvang en al gekoppeld aan een gemeente, nog zonder PIP",
    artikel="Huisvestingswet 2014 art. 28; Wi2021 art. 15",
    regel="R21-PIP-02, R21-FIN-07",
    soort="ja_nee",
)
def signaal_gekoppeld_in_opvang(s: Simulation) -> np.ndarray:
    """Een vroege start is mogelijk: de gemeente kent de persoon al, al is die nog niet gehuisvest."""
    return s("in_opvang") & (s("gekoppelde_gemeente") != "") & (s("status") == "in_opvang_zonder_pip")


@variable(
    "signaal: urenverklaring zonder bekend contract",
    artikel="Wi2013 art. 6(1)(b); K-391 §3.3",
    regel="R13-AGI-01",
    soort="ja_nee",
)
def signaal_urenverklaring_zonder_contract(s: Simulation) -> np.ndarray:
    """De laatste urenverklaring is ingediend zonder contract bij DUO en nog niet beoordeeld of afgewezen."""
    return (
        known(s("urenverklaring_datum"))
        & ~s("urenverklaring_contract_bekend")
        & (s("urenverklaring_oordeel") != "goedgekeurd")
    )
