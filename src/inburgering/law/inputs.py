"""The facts the rules need from a person's history, declared once.

The events layer (``inburgering.events.reduce``) fills each of these from the events known on the evaluation
moment; the law layer only declares them. Dates are ``datetime64[D]`` (NaT when absent), texts are ``Tekst``
(codes into a list of values, '' when absent), amounts are whole cents (int64), hours are floats, counts are
integers.
"""

from __future__ import annotations

import numpy as np

from inburgering.law.tekst import Tekst
from inburgering.law.variables import invoer

ONDERDELEN = ("lezen", "luisteren", "schrijven", "spreken", "knm", "ona")
URENSOORTEN = ("nt2", "knm", "alfabetisering", "participatie", "map_praktijk", "pvt")

invoer("vergunning_datum", "datum van de verblijfsvergunning (eerste met het huidige verblijfsdoel)", "datum")
invoer("verblijfsgrond", "verblijfsgrond (asiel of regulier)", "tekst")
invoer("verblijfsdoel", "verblijfsdoel", "tekst")
invoer("nationaliteit", "nationaliteit (ISO 3166)", "tekst")
invoer("geboortedatum", "geboortedatum", "datum")
invoer("mvv", "ingereisd met een mvv", "ja_nee")
invoer("referent_asielstatushouder", "gezinslid van een asielstatushouder (regulier)", "ja_nee")
invoer("eu_langdurig_ingezetene", "langdurig ingezetene in een andere EU-lidstaat", "ja_nee")
invoer("examen_buitenland_behaald", "basisexamen inburgering buitenland behaald", "ja_nee")
invoer("inschrijving_gemeente", "gemeente van de laatste inschrijving in de BRP", "tekst")
invoer("inschrijving_datum", "eerste inschrijving in de BRP na het einde van de opvang", "datum")
invoer("opvang_start", "laatste start van opvang bij het COA", "datum")
invoer("opvang_einde", "laatste einde van opvang bij het COA", "datum")
invoer("gekoppelde_gemeente", "gemeente waaraan het COA de persoon koppelde", "tekst")
invoer("koppeling_datum", "datum van de (laatste) koppeling", "datum")
invoer("kennisgeving_datum", "datum van de eerste kennisgeving", "datum")
invoer("kennisgeving_wet", "wet genoemd in de (laatste) kennisgeving", "tekst")
invoer("brede_intake_start", "start van de brede intake", "datum")
invoer("brede_intake_einde", "afronding van de brede intake", "datum")
invoer("toets_datum", "datum van de (laatste) leerbaarheidstoets", "datum")
invoer("toets_score", "score van de (laatste) leerbaarheidstoets (van 40)", "getal")
invoer("informatie_derden_datum", "datum waarop informatie van derden binnenkwam", "datum")
invoer("pip_datum", "dagtekening van het eerste PIP", "datum")
invoer("pip_leerroute", "leerroute in het (laatst gewijzigde) PIP", "tekst")
invoer("pip_afschalen_a2", "afgeschaald naar A2 in het (laatst gewijzigde) PIP", "ja_nee")
invoer("pip_wijziging_datum", "datum van de laatste wijziging van het PIP", "datum")
invoer("taalschool", "taalschool waarbij de gemeente de persoon (het laatst) aanmeldde", "tekst")
for _soort in URENSOORTEN:
    invoer(f"uren_{_soort}", f"geregistreerde uren {_soort}", "getal")
    invoer(f"uren_{_soort}_keurmerk", f"uren {_soort} bij een instelling met keurmerk", "getal")
for _onderdeel in ONDERDELEN:
    invoer(f"examen_{_onderdeel}_pogingen", f"aantal examenpogingen {_onderdeel}", "getal")
    invoer(f"examen_{_onderdeel}_a2", f"eerste datum {_onderdeel} behaald op ten minste A2", "datum")
    invoer(f"examen_{_onderdeel}_b1", f"eerste datum {_onderdeel} behaald op ten minste B1", "datum")
invoer("uren_laatste_datum", "datum van de laatste urenregistratie", "datum")
invoer("pvt_datum", "afronding van het participatieverklaringstraject", "datum")
invoer("map_datum", "afronding van de module arbeidsmarkt en participatie", "datum")
invoer("onderwijsroute_datum", "afronding van de onderwijsroute", "datum")
invoer("verlengingen", "verleende verlengingen (grond, duur of einddatum), op volgorde", "lijst")
invoer("vrijstelling_datum", "datum van de eerste vrijstelling", "datum")
invoer("vrijstelling_grond", "grond van de eerste vrijstelling", "tekst")
invoer("ontheffing_aanvraag_datum", "datum van de laatste aanvraag van een ontheffing", "datum")
invoer("ontheffing_aanvraag_grond", "grond van de laatste aanvraag van een ontheffing", "tekst")
invoer("medisch_advies_datum", "datum van het medisch advies", "datum")
invoer("ontheffing_datum", "datum van de eerste ontheffing", "datum")
invoer("ontheffing_grond", "grond van de eerste ontheffing", "tekst")
invoer("lening_besteed", "besteed van de lening (totaal, in centen)", "bedrag")
invoer("bijstand_datum", "start van de bijstand", "datum")
invoer(
    "medewerking_geweigerd_datum", "laatste keer dat medewerking aan intake of PIP werd geweigerd", "datum"
)
invoer("vooraankondiging_datum", "datum van de laatste vooraankondiging van een boete", "datum")
invoer("zienswijze_datum", "datum van de laatste zienswijze", "datum")
invoer("boete_datum", "datum van de laatste opgelegde boete", "datum")
invoer("boete_aantal", "aantal opgelegde boetes", "getal")
invoer("boete_totaal", "totaal opgelegde boetes (in centen)", "bedrag")
invoer("urenverklaring_datum", "datum van de laatste urenverklaring", "datum")
invoer("urenverklaring_contract_bekend", "contract bekend bij de laatste urenverklaring", "ja_nee")
invoer("urenverklaring_oordeel", "oordeel over de laatste urenverklaring", "tekst")
invoer("vreemdelingennummer", "vreemdelingennummer op de (laatste) verblijfsvergunning", "tekst")
invoer(
    "uren_zonder_aanmelding_datum",
    "eerste uren of urenverklaring van een taalschool waarbij de gemeente de persoon niet aanmeldde",
    "datum",
)
invoer("uren_zonder_aanmelding_school", "de taalschool van die eerste uren zonder aanmelding", "tekst")
invoer("urenverklaring_school", "taalschool van de laatste urenverklaring", "tekst")
invoer("urenverklaring_beoordeeld_datum", "datum van het laatste oordeel over een urenverklaring", "datum")
invoer("navraag_datum", "datum van de laatste navraag van DUO bij een taalschool over uren", "datum")
invoer("navraag_school", "taalschool waarbij DUO (het laatst) navraag deed", "tekst")
invoer("navraag_antwoord_datum", "datum van het laatste antwoord van een taalschool op een navraag", "datum")
invoer("navraag_contract_bekend", "de taalschool bevestigde in dat antwoord een contract", "ja_nee")
invoer("vertrek_datum", "datum van vertrek uit Nederland", "datum")
invoer("overlijdensdatum", "datum van overlijden", "datum")
invoer("plicht_vervallen_datum", "datum waarop DUO de plicht liet vervallen", "datum")
invoer("plicht_vervallen_reden", "reden waarom de plicht verviel", "tekst")


def empty_inputs(n: int) -> dict:
    """Inputs for ``n`` persons with nothing known: the starting point of the events layer and of tests."""
    from inburgering.law.variables import INVOER, Reeks

    leeg = {
        "datum": lambda: np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"),
        "tekst": lambda: Tekst.leeg(n),
        "ja_nee": lambda: np.zeros(n, dtype=bool),
        "getal": lambda: np.zeros(n, dtype=np.float64),
        "bedrag": lambda: np.zeros(n, dtype=np.int64),
        "lijst": lambda: Reeks(
            np.zeros(0, dtype=np.int64),
            {
                "duur_maanden": np.zeros(0, dtype=np.int64),
                "duur_dagen": np.zeros(0, dtype=np.int64),
                "tot": np.zeros(0, dtype="datetime64[D]"),
                "grond": np.zeros(0, dtype="<U32"),
                "datum": np.zeros(0, dtype="datetime64[D]"),
            },
        ),
    }
    return {naam: leeg[spec.soort]() for naam, spec in INVOER.items()}
