"""The derived facts of a person and their explanation, from the same variables that serve the population.

``evaluate`` computes the published facts for everyone; ``explain`` runs the same simulation for one person with
the trace switched on and turns the trace into an explanation: per variable its value, what it used (inputs and
other variables, with their values), the parameters in force on the date they were read (with source, confidence
and assumption) and the article. Rendering is in Dutch; JSON carries the same content for other front ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from inburgering.law.parameters import ParameterSet, default_parameters
from inburgering.law.variables import INVOER, VARIABLES, Reeks, Simulation
from inburgering.notatie import bedrag

FEITEN = (
    "inburgeringsplichtig",
    "status",
    "wet",
    "plicht_datum",
    "uitzondering",
    "doelgroep",
    "financiering",
    "verantwoordelijke_gemeente",
    "in_opvang",
    "pip_termijn_start",
    "pip_uiterlijk",
    "pip_datum",
    "pip_tijdig",
    "pip_te_laat",
    "leerbaarheid",
    "leerroute",
    "afgeschaald_a2",
    "termijn_start",
    "termijn_einde",
    "aantal_verlengingen",
    "verlenging_aanvraag_vanaf",
    "schakelen_mogelijk_tot",
    "uitstroom_datum",
    "uitstroom_reden",
    "examens_behaald",
    "lesuren",
    "voldaan_datum",
    "boete_mogelijk",
    "boete_leerroute_maximum",
    "boete_pvt_maximum",
    "boete_map_maximum",
    "boete_maximum",
    "gemeentelijke_boete_maximum",
    "agi_voldoet",
    "lening_kwijtschelding",
    "ontzorgen_tot",
    "reiskosten_recht",
)

SIGNALEN = (
    "signaal_pip_termijn_verstreken",
    "signaal_pip_termijn_binnenkort",
    "signaal_termijn_eindigt_binnenkort",
    "signaal_termijn_overschreden",
    "signaal_elip",
    "signaal_elip_vroeg",
    "signaal_kennisgeving_onjuiste_wet",
    "signaal_brede_intake_niet_gestart",
    "signaal_gekoppeld_in_opvang",
    "signaal_urenverklaring_zonder_contract",
)


def evaluate(
    inputs: dict, peildatum, parameters: ParameterSet | None = None, names: tuple[str, ...] | None = None
) -> dict[str, np.ndarray]:
    """The derived facts and signals (or the variables and inputs ``names``) for every person, by name."""
    sim = Simulation(inputs, peildatum, parameters=parameters)
    return {name: sim(name) for name in names or (*FEITEN, *SIGNALEN)}


def soort_van(naam: str) -> str:
    """The value kind of a variable or input."""
    return VARIABLES[naam].soort if naam in VARIABLES else INVOER[naam].soort


DAY = np.dtype("datetime64[D]")


def to_python(soort: str, value) -> object:
    """A NumPy scalar as a plain Python value (None for missing), for JSON and display."""
    if isinstance(value, Reeks):
        return [
            {
                k: to_python("datum" if v.dtype.kind == "M" else "tekst", v[i])
                for k, v in value.kolommen.items()
            }
            for i in range(len(value))
        ]
    if isinstance(value, np.datetime64):
        # .item() of a day gives a date, of NaT None; other units are made days first
        return (value if value.dtype == DAY else value.astype(DAY)).item()
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.floating | float):
        if np.isnan(value):
            return None
        return int(value) if float(value).is_integer() else round(float(value), 2)
    if isinstance(value, np.integer | int):
        return int(value)
    if isinstance(value, np.str_ | str):
        return str(value) or None
    return value


def format_value(soort: str, value) -> str:
    """A value as a Dutch reader expects it: dates as dd-mm-jjjj, ja/nee, amounts in euros."""
    value = to_python(soort, value)
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(
            ", ".join(f"{k} {format_value('tekst', v)}" for k, v in row.items()) for row in value
        )
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if soort == "bedrag":
        return bedrag(value)
    return str(value)


@dataclass
class Stap:
    """One variable in an explanation."""

    naam: str
    omschrijving: str
    waarde: object
    soort: str
    artikel: str
    regel: str
    toelichting: str
    gebruikt: list[tuple[str, object, str]]
    parameters: list[dict]


@dataclass
class Uitleg:
    """The explanation of one person's facts on a peildatum."""

    peildatum: dt.date
    feiten: dict[str, object]
    signalen: list[str]
    stappen: list[Stap]
    invoer: dict[str, object]

    def to_json(self) -> dict:
        """A JSON-ready dict (dates as ISO strings)."""

        def plain(v):
            if isinstance(v, dt.date):
                return v.isoformat()
            if isinstance(v, list):
                return [plain(x) for x in v]
            if isinstance(v, dict):
                return {k: plain(x) for k, x in v.items()}
            return v

        return plain(
            {
                "peildatum": self.peildatum,
                "feiten": self.feiten,
                "signalen": self.signalen,
                "stappen": [
                    {
                        "naam": s.naam,
                        "omschrijving": s.omschrijving,
                        "waarde": s.waarde,
                        "artikel": s.artikel,
                        "regel": s.regel,
                        "toelichting": s.toelichting,
                        "gebruikt": [{"naam": n, "waarde": w} for n, w, _ in s.gebruikt],
                        "parameters": s.parameters,
                    }
                    for s in self.stappen
                ],
                "invoer": self.invoer,
            }
        )

    def to_text(self, titel: str = "") -> str:
        """The explanation in Dutch, for a person to read."""
        lines = [titel or "Uitleg", f"Peildatum: {self.peildatum:%d-%m-%Y}", "", "Uitkomst"]
        index = {s.naam: s for s in self.stappen}
        for naam in FEITEN:
            stap = index.get(naam)
            if stap is not None:
                waarde = format_value(stap.soort, stap.waarde)
                lines.append(f"  {stap.omschrijving}: {waarde}  [{stap.artikel}]")
            elif naam in self.invoer:
                lines.append(
                    f"  {INVOER[naam].omschrijving}: {format_value(soort_van(naam), self.invoer[naam])}"
                )
        lines.append(f"  Signalen: {', '.join(self.signalen) if self.signalen else 'geen'}")
        lines += ["", "Hoe dit is bepaald"]
        for stap in self.stappen:
            lines.append(f"- {stap.naam} = {format_value(stap.soort, stap.waarde)}")
            lines.append(f"    {stap.omschrijving} ({stap.artikel}; {stap.regel})")
            if stap.toelichting:
                lines.append(f"    Regel: {stap.toelichting}")
            if stap.gebruikt:
                used = ", ".join(f"{n} = {format_value(s, w)}" for n, w, s in stap.gebruikt)
                lines.append(f"    Gebruikt: {used}")
            for p in stap.parameters:
                vanaf = f", geldt vanaf {p['vanaf']:%d-%m-%Y}" if p["vanaf"] else ""
                op = f" op {p['datum']:%d-%m-%Y}" if p["datum"] else ""
                waarde = (
                    _parameter_text(p["type"], p["waarde"])
                    if p["datum"]
                    else "niet opgezocht, de datum ontbreekt"
                )
                lines.append(
                    f"    Parameter {p['naam']}{op}: {waarde}{vanaf} ({p['bron']}; zekerheid {p['zekerheid']})"
                )
                if p["aanname"]:
                    lines.append(f"      Aanname: {p['aanname']}")
        return "\n".join(lines)


def _parameter_text(kind: str, value) -> str:
    """A parameter's value for a reader: nothing in force, a list, an amount, a date, yes/no."""
    if value is None:
        return "(geen waarde van kracht)"
    if kind == "lijst":
        return ", ".join(value)
    if kind in ("bedrag", "datum", "ja_nee"):
        return format_value(kind, value)
    return str(value)


def explain(inputs: dict, peildatum, parameters: ParameterSet | None = None) -> Uitleg:
    """Evaluate one person (inputs of length 1) with the trace on and assemble the explanation."""
    parameters = parameters or default_parameters()
    sim = Simulation(inputs, peildatum, parameters=parameters, trace=True)
    if sim.n != 1:
        raise ValueError(f"uitleg is voor één persoon; kreeg er {sim.n}")
    for naam in (*FEITEN, *SIGNALEN):
        sim(naam)
    # each value as plain Python, converted once: most are used by several steps
    plain: dict[str, object] = {}

    def value_of(naam: str) -> object:
        if naam not in plain:
            plain[naam] = to_python(soort_van(naam), _first(sim(naam)))
        return plain[naam]

    stappen = []
    for naam, node in sim.trace.items():
        var = VARIABLES[naam]
        params = []
        for read in node.parameters:
            p = parameters[read.naam]
            params.append(
                {
                    "naam": p.naam,
                    "datum": read.datum,
                    "waarde": read.waarde,
                    "type": p.type,
                    "vanaf": read.vanaf,
                    "bron": p.bron,
                    "zekerheid": p.zekerheid,
                    "aanname": p.aanname,
                }
            )
        stappen.append(
            Stap(
                naam,
                var.omschrijving,
                value_of(naam),
                var.soort,
                var.artikel,
                var.regel,
                var.toelichting,
                [(n, value_of(n), soort_van(n)) for n in node.gebruikt],
                params,
            )
        )
    feiten = {n: value_of(n) for n in FEITEN}
    signalen = [n.removeprefix("signaal_") for n in SIGNALEN if bool(sim(n)[0])]
    invoer = {n: value_of(n) for n in inputs}
    return Uitleg(sim.peildatum.astype(dt.date), feiten, signalen, stappen, invoer)


def _first(value):
    return value if isinstance(value, Reeks) else value[0]
