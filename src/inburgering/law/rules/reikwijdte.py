"""Who is obliged, under which law, in which target group, and who pays (rule catalogue §1, §2.1, §2.2, §3)."""

from __future__ import annotations

import numpy as np

from inburgering.law.dates import NAT, add_months, add_years, known, on_or_before
from inburgering.law.tekst import Tekst, select_text, where_text
from inburgering.law.variables import Simulation, variable

GEZINSDOELEN = ("gezinshereniging", "gezinsvorming")


@variable(
    "datum waarop de inburgeringsplicht ontstaat (verblijfsvergunning, of later de minimumleeftijd)",
    artikel="Wi2021 art. 3; Wi2013 art. 3 en 5(1)(a)",
    regel="R21-SCOPE-01, R21-SCOPE-03, R13-TERM-01",
    soort="datum",
)
def plicht_datum(s: Simulation) -> np.ndarray:
    """De plicht ontstaat met het rechtmatig verblijf (de verblijfsvergunning), maar niet vóór de
    minimumleeftijd: wie jonger is, wordt plichtig op de dag dat hij die leeftijd bereikt. De minimumleeftijd is
    die welke gold op die verjaardag (niet op de datum van de vergunning, die vóór 2007 kan liggen): wie in 2005
    als kind een vergunning kreeg en in 2007 16 werd, werd in 2007 plichtig."""
    vergunning = s("vergunning_datum")
    bereikt = _leeftijd_bereikt(s, s("geboortedatum"), "reikwijdte.minimumleeftijd_jaren")
    return np.where(known(bereikt) & (bereikt > vergunning), bereikt, vergunning)


def _leeftijd_bereikt(s: Simulation, geboorte: np.ndarray, naam: str) -> np.ndarray:
    """The birthday on which a person reaches the age set by parameter ``naam``, read on that birthday itself.

    For each age the parameter has ever had, that birthday counts if that age was in force on it; the earliest
    such birthday is the one. NaT where none counts: the person was already older than the age before the
    parameter's first start (then the obligation, if any, arose with the permit)."""
    bereikt = np.full(s.n, NAT)
    for leeftijd in sorted({v for v in s.parameters[naam].values if v is not None}):
        verjaardag = add_years(geboorte, int(leeftijd))
        geldt = s.param(naam, at=verjaardag) == leeftijd
        bereikt = np.where(geldt & ~known(bereikt), verjaardag, bereikt)
    return bereikt


@variable(
    "datum waarop de persoon de AOW-leeftijd bereikt",
    artikel="Wi2021 art. 3; Wi2013 art. 5(1)(a); AOW art. 7a",
    regel="R21-SCOPE-03, R13-SCOPE-01",
    soort="datum",
)
def aow_datum(s: Simulation) -> np.ndarray:
    """Geboortedatum plus de AOW-leeftijd (in maanden) die op de peildatum geldt."""
    maanden = s.param("reikwijdte.aow_leeftijd_maanden")
    return add_months(s("geboortedatum"), np.int64(maanden))


@variable(
    "de wet die van toepassing is, naar de datum waarop de plicht ontstond",
    artikel="Wi2021 (overgangsrecht); Wi2013; Wi2007",
    regel="R-REG-01, R-REG-02, R-REG-03",
    soort="tekst",
)
def wet(s: Simulation) -> Tekst:
    """Plicht ontstaan 2007-2012: Wi2007; 2013-2021: Wi2013; vanaf 1-1-2022: Wi2021. Leeg wanneer er geen
    plicht is of die vóór 2007 ontstond (buiten dit systeem)."""
    toepasselijk = s.param("wet.toepasselijk", at=s("plicht_datum"))
    return where_text(s("uitzondering") == "", toepasselijk, "")


@variable(
    "asielstatushouder in de zin van de wet (asielvergunning, nareis, of gezinslid van een asielstatushouder)",
    artikel="Wi2021 art. 13(1); Bi2021 art. 1.1",
    regel="R21-GRP-01",
    soort="ja_nee",
)
def asielstatushouder(s: Simulation) -> np.ndarray:
    """Houder van een asielvergunning (ook een afgeleide, nareis), of een gezinslid dat met een reguliere
    vergunning nareisde naar een asielstatushouder (art. 13(1)(b))."""
    return (
        (s("verblijfsgrond") == "asiel")
        | (s("verblijfsdoel") == "nareis_asiel")
        | s("referent_asielstatushouder")
    )


@variable(
    "houder van een asielvergunning, ook een afgeleide (voor financieel ontzorgen)",
    artikel="Participatiewet art. 56a",
    regel="R21-FIN-05",
    soort="ja_nee",
)
def asielvergunning(s: Simulation) -> np.ndarray:
    """Alleen een asielvergunning telt, ook de afgeleide (nareis); een regulier nagereisd gezinslid niet."""
    return (s("verblijfsgrond") == "asiel") | (s("verblijfsdoel") == "nareis_asiel")


@variable(
    "waarom de persoon niet inburgeringsplichtig werd (leeg als de plicht ontstond)",
    artikel="Wi2021 art. 3; Wi2013 art. 3 en 5(2)",
    regel="R21-SCOPE-01..07, R13-SCOPE-01",
    soort="tekst",
)
def uitzondering(s: Simulation) -> Tekst:
    """De eerste van: geen verblijfsvergunning bekend; een tijdelijk verblijfsdoel (ook tijdelijke bescherming,
    Oekraïne) tenzij geestelijk bedienaar; nationaliteit van de EU, EER of Zwitserland; langdurig ingezetene
    elders in de EU; Turkse nationaliteit vóór de datum waarop Turken plichtig werden (asiel vanaf 1-5-2020,
    anderen vanaf 1-1-2022); Turkse gezinsmigrant met mvv die pas na de uitspraak van 4-9-2024 plichtig zou
    worden; de AOW-leeftijd al bereikt; plicht ontstaan vóór 2007 (buiten de drie wetten)."""
    plicht = s("plicht_datum")
    tijdelijk = s.param_isin("reikwijdte.tijdelijke_verblijfsdoelen", s("verblijfsdoel"), at=plicht)
    eer = s.param_isin("reikwijdte.eer_zwitserland", s("nationaliteit"), at=plicht)
    turks = s("nationaliteit") == "TR"
    turks_plichtig = np.where(
        s("asielstatushouder"),
        s.param("reikwijdte.turks_asiel_plichtig", at=plicht),
        s.param("reikwijdte.turks_regulier_plichtig", at=plicht),
    )
    uitspraak = s("turkse_mvv_uitspraak_datum")
    wet_op_plichtdatum = s.param("wet.toepasselijk", at=plicht)
    condities = [
        ~known(plicht) | (plicht > s.peildatum),
        tijdelijk & (s("verblijfsdoel") != "geestelijk_bedienaar"),
        eer,
        s("eu_langdurig_ingezetene"),
        turks & ~turks_plichtig,
        known(uitspraak) & (plicht >= uitspraak),
        on_or_before(s("aow_datum"), plicht),
        wet_op_plichtdatum == "",
    ]
    redenen = [
        "geen_verblijfsvergunning",
        "tijdelijk_verblijfsdoel",
        "eer_zwitserland",
        "eu_langdurig_ingezetene",
        "turkse_nationaliteit",
        "uitspraak_turkse_gezinsmigranten",
        "aow_leeftijd",
        "voor_2007",
    ]
    return select_text(condities, redenen, default="")


@variable(
    "datum van de uitspraak waarna deze Turkse gezinsmigrant met mvv niet (meer) plichtig is",
    artikel="Uitspraak Raad van State 4-9-2024",
    regel="R21-SCOPE-06",
    soort="datum",
)
def turkse_mvv_uitspraak_datum(s: Simulation) -> np.ndarray:
    """Alleen voor een Turkse gezinsmigrant (gezinshereniging of -vorming) die met een mvv inreisde, en pas
    wanneer de uitspraak op de peildatum gedaan is."""
    geraakt = (s("nationaliteit") == "TR") & s("verblijfsdoel").isin(GEZINSDOELEN) & s("mvv")
    datum = s.param("reikwijdte.turkse_gezinsmigrant_mvv_uitgezonderd_vanaf")
    return np.where(geraakt, datum, np.datetime64("NaT"))


@variable(
    "de inburgeringsplicht is (op of vóór de peildatum) ontstaan",
    artikel="Wi2021 art. 3; Wi2013 art. 3",
    regel="R21-SCOPE-01",
    soort="ja_nee",
)
def plicht_ontstaan(s: Simulation) -> np.ndarray:
    """Er is een plichtdatum en geen van de uitzonderingen geldt."""
    return s("uitzondering") == ""


@variable(
    "doelgroep: asielstatushouder, gezinsmigrant of overige migrant",
    artikel="Wi2021 art. 13(1); Bi2021 art. 1.1",
    regel="R21-GRP-01, R21-GRP-02",
    soort="tekst",
)
def doelgroep(s: Simulation) -> Tekst:
    """Asielstatushouder (art. 13(1)); anders gezinsmigrant bij gezinshereniging of gezinsvorming; anders
    overige migrant (ook geestelijk bedienaren en slachtoffers van mensenhandel). Het juridische onderscheid
    tussen gezinsmigrant en overige migrant is afgeleid uit het verblijfsdoel (onbevestigd)."""
    gezin = s("verblijfsdoel").isin(GEZINSDOELEN)
    groep = select_text(
        [s("asielstatushouder"), gezin], ["asielstatushouder", "gezinsmigrant"], "overige_migrant"
    )
    return where_text(s("plicht_ontstaan"), groep, "")


@variable(
    "wie de inburgering betaalt: de gemeente of de inburgeraar zelf (met een lening van DUO)",
    artikel="Wi2021 art. 13 en 16; Wi2013 art. 16-17; Wi2007 art. 19",
    regel="R21-FIN-01, R21-FIN-02, R21-SCOPE-09, R13-LOAN-01, R07-01",
    soort="tekst",
)
def financiering(s: Simulation) -> Tekst:
    """Wi2021: de gemeente voor asielstatushouders (en voor slachtoffers van mensenhandel zodra die
    wetswijziging geldt), anders de inburgeraar zelf. Wi2013: de inburgeraar zelf, met een lening van DUO.
    Wi2007: de gemeente (inburgeringsvoorziening)."""
    wet_ = s("wet")
    mensenhandel = (s("verblijfsdoel") == "mensenhandel") & s.param(
        "doelgroep.mensenhandel_als_asielstatushouder"
    )
    wi2021 = where_text(s("asielstatushouder") | mensenhandel, "gemeente", "zelf")
    return select_text(
        [wet_ == "Wi2021", wet_ == "Wi2013", wet_ == "Wi2007"], [wi2021, "zelf", "gemeente"], ""
    )
