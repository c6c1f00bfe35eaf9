"""Hypothesis strategies for random but valid event histories of one person."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

DOELEN = [
    "asiel",
    "nareis_asiel",
    "gezinshereniging",
    "gezinsvorming",
    "geestelijk_bedienaar",
    "mensenhandel",
    "tijdelijke_bescherming",
    "arbeid",
    "studie",
    "overig_niet_tijdelijk",
]
LANDEN = ["SY", "ER", "TR", "AF", "MA", "DE", "UA", "CN", "US", "IR"]
GEMEENTEN = ["GM0363", "GM0599", "GM0518", "GM0344"]


def _date(lo: dt.date, hi: dt.date):
    return st.dates(min_value=lo, max_value=hi)


@st.composite
def history(draw, persoon: str = "P1") -> list[dict]:
    """A plausible history: a permit and then any subset of the chain's later events, in any order of delivery."""
    start = draw(_date(dt.date(2006, 6, 1), dt.date(2025, 6, 1)))
    doel = draw(st.sampled_from(DOELEN))
    events = [
        {
            "soort": "verblijfsvergunning_verleend",
            "geldig_op": start,
            "gegevens": {
                "verblijfsgrond": "asiel" if doel in ("asiel", "nareis_asiel") else "regulier",
                "verblijfsdoel": doel,
                "nationaliteit": draw(st.sampled_from(LANDEN)),
                "geboortedatum": draw(_date(dt.date(1950, 1, 1), dt.date(2010, 1, 1))),
                "mvv": draw(st.booleans()),
            },
        }
    ]

    def later(max_days: int = 2500) -> dt.date:
        return start + dt.timedelta(days=draw(st.integers(0, max_days)))

    optional = [
        lambda: {
            "soort": "ingeschreven_in_gemeente",
            "geldig_op": later(400),
            "gegevens": {"gemeente": draw(st.sampled_from(GEMEENTEN))},
        },
        lambda: {"soort": "opvang_gestart", "geldig_op": later(30)},
        lambda: {"soort": "opvang_beeindigd", "geldig_op": later(500)},
        lambda: {
            "soort": "gekoppeld_aan_gemeente",
            "geldig_op": later(200),
            "gegevens": {"gemeente": draw(st.sampled_from(GEMEENTEN))},
        },
        lambda: {
            "soort": "kennisgeving_verzonden",
            "geldig_op": later(200),
            "gegevens": {"wet": draw(st.sampled_from(["Wi2007", "Wi2013", "Wi2021"]))},
        },
        lambda: {
            "soort": "leerbaarheidstoets_afgenomen",
            "geldig_op": later(400),
            "gegevens": {"score": draw(st.integers(0, 40))},
        },
        lambda: {
            "soort": "pip_vastgesteld",
            "geldig_op": later(600),
            "gegevens": {"leerroute": draw(st.sampled_from(["b1", "onderwijs", "z"]))},
        },
        lambda: {
            "soort": "pip_gewijzigd",
            "geldig_op": later(900),
            "gegevens": {"leerroute": "b1", "afschalen_a2": draw(st.booleans())},
        },
        lambda: {
            "soort": "uren_geregistreerd",
            "geldig_op": later(),
            "gegevens": {
                "urensoort": draw(st.sampled_from(["nt2", "knm", "participatie", "alfabetisering"])),
                "uren": draw(st.integers(1, 900)),
                "keurmerk": draw(st.booleans()),
            },
        },
        lambda: {
            "soort": "examen_uitslag",
            "geldig_op": later(),
            "gegevens": {
                "onderdeel": draw(
                    st.sampled_from(["lezen", "luisteren", "schrijven", "spreken", "knm", "ona"])
                ),
                "niveau": draw(st.sampled_from(["A2", "B1"])),
                "geslaagd": draw(st.booleans()),
            },
        },
        lambda: {"soort": "pvt_afgerond", "geldig_op": later()},
        lambda: {"soort": "map_afgerond", "geldig_op": later()},
        lambda: {
            "soort": "verlenging_verleend",
            "geldig_op": later(),
            "gegevens": {"grond": "geboorte", "duur": draw(st.sampled_from(["P16W", "P3M", "P1Y"]))},
        },
        lambda: {
            "soort": "verlenging_verleend",
            "geldig_op": later(),
            "gegevens": {"grond": "ziekte", "tot": later(3000)},
        },
        lambda: {"soort": "vrijstelling_verleend", "geldig_op": later(), "gegevens": {"grond": "diploma"}},
        lambda: {
            "soort": "lening_besteed",
            "geldig_op": later(),
            "gegevens": {"totaal": draw(st.integers(0, 10000))},
        },
        lambda: {
            "soort": "boete_opgelegd",
            "geldig_op": later(3000),
            "gegevens": {"onderdeel": "examen", "bedrag": 500},
        },
        lambda: {"soort": "vertrokken", "geldig_op": later(4000)},
    ]
    chosen = draw(st.lists(st.integers(0, len(optional) - 1), max_size=10))
    events += [optional[i]() for i in chosen]
    for number, event in enumerate(events, start=1):
        event["id"] = f"{persoon}-{number}"
        event["persoon"] = persoon
        delay = draw(st.integers(0, 900))
        event["beschikbaar_op"] = (
            f"{event['geldig_op'] + dt.timedelta(days=delay)}T{draw(st.integers(0, 23)):02d}:00:00Z"
        )
    return events
