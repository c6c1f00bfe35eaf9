"""The standard tables of the monitor, each defined once: name, title, definition and how it is counted.

A table is computed from the per-person frame of ``basis`` (one peiling), as counts. What adds up to what is
declared (``Structuur``), so that small cells can be suppressed with their secondary cells before any share is
derived: a share computed from a hidden count is hidden too, because Polars propagates the null.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from inburgering.monitor.basis import Peiling
from inburgering.monitor.suppress import TOTAAL, Koppeling, Structuur

REDENEN = ("voldaan", "vrijgesteld", "ontheven", "plicht_vervallen", "vertrokken", "overleden")
LEERROUTES = ("b1", "onderwijs", "z")
UITSLAGEN = ("haalbaar", "niet_haalbaar", "geen_uitslag")
DOELGROEPEN = ("asielstatushouder", "gezinsmigrant", "overige_migrant")
GESLACHTEN = ("man", "vrouw", "onbekend")
PIP_DAGEN = ((0, 70, "t_m_70"), (71, 105, "71_105"), (106, 140, "106_140"), (141, 182, "141_182"))
DOORLOOPTIJD_MATEN = ("gemiddelde", "p25", "mediaan", "p75", "p90")


@dataclass(frozen=True)
class Tabel:
    naam: str
    titel: str
    definitie: str
    maak: Callable[[pl.DataFrame, Peiling], pl.DataFrame]
    structuur: Structuur
    aandelen: dict[str, pl.Expr] = field(default_factory=dict)  # derived after suppression


def _pct(teller: pl.Expr, noemer: pl.Expr) -> pl.Expr:
    return pl.when(noemer > 0).then((100 * teller / noemer).round(1))


def _count(condition: pl.Expr) -> pl.Expr:
    return condition.cast(pl.Int64).sum()


def _with_total_row(frame: pl.DataFrame, rij: str, blok: tuple[str, ...] = ()) -> pl.DataFrame:
    """Append per block a row 'totaal' in column ``rij`` with the sums of every count column."""
    counts = [c for c in frame.columns if c not in (rij, *blok)]
    totals = (
        frame.group_by(list(blok)).agg(pl.col(counts).sum()) if blok else frame.select(pl.col(counts).sum())
    )
    totals = totals.with_columns(pl.lit(TOTAAL).alias(rij)).select(frame.columns)
    return (
        pl.concat([frame, totals.cast(frame.schema)]).sort([*blok], maintain_order=True)
        if blok
        else (pl.concat([frame, totals.cast(frame.schema)]))
    )


def _in_en_uitstroom(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    reden = pl.col("uitstroom_reden").replace("aow_leeftijd", "plicht_vervallen")
    frame = (
        b.filter(pl.col("wet") != "")
        .group_by("wet", "cohort")
        .agg(
            pl.len().cast(pl.Int64).alias("ingestroomd"),
            _count(pl.col("inburgeringsplichtig")).alias("nog_plichtig"),
            *[_count(reden == r).alias(r) for r in REDENEN],
        )
        .with_columns(pl.col("cohort").cast(pl.String))
        .sort("wet", "cohort")
    )
    return _with_total_row(frame, "cohort", ("wet",))


def _doelgroep_en_geslacht(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    frame = (
        b.filter(pl.col("wet") == "Wi2021")
        .group_by("cohort", "doelgroep")
        .agg(
            pl.len().cast(pl.Int64).alias("ingestroomd"),
            *[_count(pl.col("geslacht") == g).alias(g) for g in GESLACHTEN],
        )
        .with_columns(pl.col("cohort").cast(pl.String))
    )
    skeleton = (
        frame.select("cohort").unique().join(pl.DataFrame({"doelgroep": list(DOELGROEPEN)}), how="cross")
    )
    frame = skeleton.join(frame, on=["cohort", "doelgroep"], how="left").fill_null(0)
    order = {d: i for i, d in enumerate((*DOELGROEPEN, TOTAAL))}
    frame = _with_total_row(
        frame.select("cohort", "doelgroep", "ingestroomd", *GESLACHTEN), "doelgroep", ("cohort",)
    )
    return frame.sort(pl.col("cohort"), pl.col("doelgroep").replace_strict(order, return_dtype=pl.Int8))


def _opvang_en_pip(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    groep = b.filter(
        (pl.col("wet") == "Wi2021")
        & (pl.col("doelgroep") == "asielstatushouder")
        & pl.col("inburgeringsplichtig")
    )
    met_pip = pl.col("pip_datum").is_not_null()
    frame = (
        groep.with_columns(
            pl.when(pl.col("in_opvang"))
            .then(pl.lit("in_opvang"))
            .otherwise(pl.lit("gehuisvest"))
            .alias("verblijf")
        )
        .group_by("verblijf")
        .agg(
            _count(met_pip).alias("met_pip"),
            _count(~met_pip).alias("zonder_pip"),
            pl.len().cast(pl.Int64).alias("totaal"),
        )
    )
    skeleton = pl.DataFrame({"verblijf": ["in_opvang", "gehuisvest"]})
    frame = skeleton.join(frame, on="verblijf", how="left").fill_null(0)
    return _with_total_row(frame, "verblijf")


def _pip_tijdigheid(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    dagen = pl.col("pip_doorlooptijd_dagen")
    buckets = [_count(dagen.is_between(lo, hi)).alias(f"dagen_{naam}") for lo, hi, naam in PIP_DAGEN]
    frame = (
        b.filter((pl.col("wet") == "Wi2021") & dagen.is_not_null())
        .group_by("cohort")
        .agg(pl.len().cast(pl.Int64).alias("pips"), *buckets, _count(dagen > 182).alias("dagen_meer_dan_182"))
        .with_columns(pl.col("cohort").cast(pl.String))
        .sort("cohort")
    )
    return _with_total_row(frame, "cohort")


def _pips(b: pl.DataFrame) -> pl.DataFrame:
    """The Wi2021 PIPs with a route, in the cohort of their kennisgeving: the year DUO notified the obligation
    (without one, the year it arose). Why not the year it arose: S1's tables of PIPs by cohort have 135 PIPs of
    cohort 2023 on 28 February 2023, which the year the obligation arose cannot give (almost nobody obliged in
    January or February has a PIP by the end of February; the PIP term starts after the kennisgeving), and the
    year of the kennisgeving can. The source does not define its cohort: an assumption (docs/monitor.md)."""
    return b.filter(
        (pl.col("wet") == "Wi2021") & pl.col("pip_datum").is_not_null() & (pl.col("leerroute") != "")
    ).with_columns(pl.coalesce(pl.col("kennisgeving_datum").dt.year(), pl.col("cohort")).alias("cohort"))


def _route_en_leerbaarheid(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    pips = _pips(b)
    frame = (
        pips.group_by("cohort", "leerbaarheid")
        .agg(*[_count(pl.col("leerroute") == r).alias(r) for r in LEERROUTES])
        .with_columns(pl.col("cohort").cast(pl.String), pl.sum_horizontal(LEERROUTES).alias("totaal"))
    )
    cohorts = frame.select("cohort").unique()
    skeleton = cohorts.join(pl.DataFrame({"leerbaarheid": list(UITSLAGEN)}), how="cross")
    frame = skeleton.join(frame, on=["cohort", "leerbaarheid"], how="left").fill_null(0)
    order = {u: i for i, u in enumerate((*UITSLAGEN, TOTAAL))}
    frame = _with_total_row(frame, "leerbaarheid", ("cohort",))
    return frame.sort(pl.col("cohort"), pl.col("leerbaarheid").replace_strict(order, return_dtype=pl.Int8))


def _afwijking(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    getoetst = _pips(b).filter(pl.col("leerbaarheid").is_in(["haalbaar", "niet_haalbaar"]))
    afwijkend = ((pl.col("leerroute") == "z") & (pl.col("leerbaarheid") == "haalbaar")) | (
        (pl.col("leerroute") != "z") & (pl.col("leerbaarheid") == "niet_haalbaar")
    )
    return (
        getoetst.group_by("cohort")
        .agg(pl.len().cast(pl.Int64).alias("getoetst"), _count(afwijkend).alias("afwijkend"))
        .with_columns(pl.col("cohort").cast(pl.String))
        .sort("cohort")
    )


def _elip(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    groep = b.filter((pl.col("wet") == "Wi2013") & (pl.col("doelgroep") == "asielstatushouder"))
    frame = (
        groep.group_by("cohort")
        .agg(
            _count(pl.col("signaal_elip")).alias("elip"),
            _count(pl.col("signaal_elip") | pl.col("signaal_elip_vroeg")).alias("elip_en_vroeg"),
        )
        .with_columns(pl.col("cohort").cast(pl.String))
        .sort("cohort")
    )
    return _with_total_row(frame, "cohort")


def _jaar_voor(p: Peiling) -> pl.Expr:
    """The start of the twelve months before the peildatum, the window of the tables' "last year" columns."""
    return pl.lit(p.peildatum).dt.offset_by("-1y")


def _termijn_en_boete(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    jaar_geleden = _jaar_voor(p)
    zonder_boete = pl.col("signaal_termijn_overschreden") & (pl.col("boete_aantal") == 0)
    frame = (
        b.filter(pl.col("wet") != "")
        .group_by("wet")
        .agg(
            _count(pl.col("inburgeringsplichtig")).alias("plichtig"),
            _count(pl.col("status") == "termijn_overschreden").alias("termijn_overschreden"),
            _count(zonder_boete).alias("zonder_boete"),
            _count(zonder_boete & (pl.col("termijn_einde") > jaar_geleden)).alias("achterstand_laatste_jaar"),
            _count(pl.col("boete_datum") > jaar_geleden).alias("boete_laatste_jaar"),
        )
        .sort("wet")
    )
    return _with_total_row(frame, "wet")


def _doorlooptijden(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    wi2021 = pl.col("wet") == "Wi2021"
    ontheffing = (pl.col("ontheffing_datum") - pl.col("ontheffing_aanvraag_datum")).dt.total_days()
    # per lead time: whom it counts, and the days
    spans = {
        "vergunning_tot_kennisgeving": (
            wi2021,
            (pl.col("kennisgeving_datum") - pl.col("vergunning_datum")).dt.total_days(),
        ),
        "start_tot_pip": (wi2021, pl.col("pip_doorlooptijd_dagen")),
        "aanvraag_tot_ontheffing": (wi2021, ontheffing),
        # Argonaut's medical assessment as S4 reports it: every law, the decisions of the last twelve months
        "medische_ontheffing_laatste_jaar": (
            (pl.col("wet") != "")
            & (pl.col("ontheffing_grond") == "medisch")
            & (pl.col("ontheffing_datum") > _jaar_voor(p)),
            ontheffing,
        ),
    }
    rows = []
    for naam, (wie, dagen) in spans.items():
        d = b.filter(wie).select(dagen.alias("d")).drop_nulls().filter(pl.col("d") >= 0)["d"]
        rows.append(
            {
                "doorlooptijd": naam,
                "personen": d.len(),
                "gemiddelde": None if d.is_empty() else round(d.mean(), 1),
                "p25": d.quantile(0.25, "nearest"),
                "mediaan": d.quantile(0.5, "nearest"),
                "p75": d.quantile(0.75, "nearest"),
                "p90": d.quantile(0.9, "nearest"),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "doorlooptijd": pl.String,
            "personen": pl.Int64,
            **dict.fromkeys(DOORLOOPTIJD_MATEN, pl.Float64),
        },
    )


def _wi2007(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    w = b.filter(pl.col("wet") == "Wi2007")
    return pl.DataFrame(
        {"ooit_plichtig": [w.height], "nog_plichtig": [int(w["inburgeringsplichtig"].sum())]},
        schema={"ooit_plichtig": pl.Int64, "nog_plichtig": pl.Int64},
    )


AGI_ALFABETISERING_UREN = 300  # R13-AGI-01, literacy route: 600 hours of which at least 300 literacy
ONTHEFFING_DELEN = ("medisch", "agi_alfabetisering", "agi_cursus", "overig")


def _ontheffingen(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    ontheven = pl.col("ontheffing_datum").is_not_null()
    grond = pl.col("ontheffing_grond")
    agi = ontheven & (grond == "agi")
    alfabetisering = pl.col("uren_alfabetisering") >= AGI_ALFABETISERING_UREN
    frame = (
        b.filter(pl.col("wet") != "")
        .group_by("wet")
        .agg(
            pl.len().cast(pl.Int64).alias("ooit_plichtig"),
            _count(ontheven).alias("ontheven"),
            _count(ontheven & (grond == "medisch")).alias("medisch"),
            _count(agi & alfabetisering).alias("agi_alfabetisering"),
            _count(agi & ~alfabetisering).alias("agi_cursus"),
            _count(ontheven & ~grond.is_in(["medisch", "agi"])).alias("overig"),
        )
        .sort("wet")
    )
    return _with_total_row(frame, "wet")


def _gemeenten(b: pl.DataFrame, p: Peiling) -> pl.DataFrame:
    frame = (
        b.filter(pl.col("inburgeringsplichtig"))
        .group_by(pl.col("verantwoordelijke_gemeente").alias("gemeente"))
        .agg(
            pl.len().cast(pl.Int64).alias("plichtig"),
            _count(pl.col("in_opvang")).alias("in_opvang"),
            _count(pl.col("signaal_pip_termijn_verstreken")).alias("pip_termijn_verstreken"),
            _count(pl.col("signaal_termijn_overschreden")).alias("termijn_overschreden"),
            _count(pl.col("signaal_elip")).alias("elip"),
        )
        .sort("gemeente")
    )
    return _with_total_row(frame, "gemeente")


TABELLEN: dict[str, Tabel] = {
    t.naam: t
    for t in (
        Tabel(
            "instroom_uitstroom",
            "Instroom en uitstroom per cohort",
            "Personen per wet en jaar waarin de inburgeringsplicht ontstond (cohort), met een totaal per wet; hoeveel op "
            "de peildatum nog plichtig zijn en hoeveel zijn uitgestroomd, naar reden (AOW-leeftijd telt als plicht "
            "vervallen).",
            _in_en_uitstroom,
            Structuur(
                ("ingestroomd", "nog_plichtig", *REDENEN),
                ("nog_plichtig", *REDENEN),
                "ingestroomd",
                "cohort",
                ("wet",),
            ),
            {"uitgestroomd_pct": _pct(pl.col("ingestroomd") - pl.col("nog_plichtig"), pl.col("ingestroomd"))},
        ),
        Tabel(
            "instroom_doelgroep",
            "Instroom Wi2021 naar doelgroep en geslacht, per cohort",
            "Personen die onder de Wi2021 inburgeringsplichtig werden, per cohort naar doelgroep (asielstatushouder, "
            "gezinsmigrant, overige migrant) en geslacht volgens de verblijfsvergunning (onbekend: niet geleverd).",
            _doelgroep_en_geslacht,
            Structuur(("ingestroomd", *GESLACHTEN), GESLACHTEN, "ingestroomd", "doelgroep", ("cohort",)),
            {
                "man_pct": _pct(pl.col("man"), pl.col("ingestroomd")),
                "vrouw_pct": _pct(pl.col("vrouw"), pl.col("ingestroomd")),
            },
        ),
        Tabel(
            "asielstatushouders_opvang",
            "Inburgeringsplichtige asielstatushouders (Wi2021): in de opvang of gehuisvest, met of zonder PIP",
            "Asielstatushouders die op de peildatum onder de Wi2021 inburgeringsplichtig zijn, naar verblijf (nog in "
            "een COA-opvang of gehuisvest) en of er een PIP is vastgesteld.",
            _opvang_en_pip,
            Structuur(("met_pip", "zonder_pip", "totaal"), ("met_pip", "zonder_pip"), "totaal", "verblijf"),
            {"met_pip_pct": _pct(pl.col("met_pip"), pl.col("totaal"))},
        ),
        Tabel(
            "pip_tijdigheid",
            "Tijdigheid van het PIP (Wi2021)",
            "Vastgestelde PIP's per cohort, naar het aantal dagen van de start van de PIP-termijn (de latere van "
            "kennisgeving en inschrijving) tot de dagtekening van het PIP, met een totaal; de norm is 10 weken (70 "
            "dagen).",
            _pip_tijdigheid,
            Structuur(
                ("pips", *(f"dagen_{n}" for *_, n in PIP_DAGEN), "dagen_meer_dan_182"),
                (*(f"dagen_{n}" for *_, n in PIP_DAGEN), "dagen_meer_dan_182"),
                "pips",
                "cohort",
            ),
            {"na_10_weken_pct": _pct(pl.col("pips") - pl.col("dagen_t_m_70"), pl.col("pips"))},
        ),
        Tabel(
            "leerroute_leerbaarheid",
            "Leerroute naar uitslag van de leerbaarheidstoets, per cohort (PIP's)",
            "Vastgestelde PIP's onder de Wi2021 per cohort van de kennisgeving (het jaar waarin DUO de plicht "
            "meldde; zonder kennisgeving het jaar waarin die ontstond): de leerroute in het (laatst gewijzigde) PIP "
            "naar de uitslag van de leerbaarheidstoets met de cesuur van de toetsdatum. Percentages per leerroute.",
            _route_en_leerbaarheid,
            Structuur((*LEERROUTES, "totaal"), LEERROUTES, "totaal", "leerbaarheid", ("cohort",)),
        ),
        Tabel(
            "afwijking_leerbaarheid",
            "Afwijking van de uitslag van de leerbaarheidstoets",
            "Getoetste PIP's per cohort van de kennisgeving (als bij de leerroutetabel); afwijkend: B1- of "
            "onderwijsroute bij 'niet haalbaar', of Z-route bij 'haalbaar'.",
            _afwijking,
            Structuur(("getoetst", "afwijkend")),
            {"afwijkend_pct": _pct(pl.col("afwijkend"), pl.col("getoetst"))},
        ),
        Tabel(
            "elip",
            "ELIP: asielmigranten (Wi2013) die hun lening bijna hebben opgebruikt",
            "Asielmigranten onder de Wi2013 per cohort met ten minste EUR 9.500 van de lening besteed en nog niet "
            "voldaan (ELIP), en samen met hen wie meer dan EUR 7.500 besteedde met minder dan 12 maanden termijn.",
            _elip,
            Structuur(("elip", "elip_en_vroeg"), rij="cohort"),
        ),
        Tabel(
            "termijn_boete",
            "Termijnoverschrijding en boetes",
            "Per wet: op de peildatum plichtig; met een overschreden termijn; daarvan nog zonder boete; daarvan met "
            "een termijn die in de twaalf maanden voor de peildatum eindigde (de achterstand van het laatste jaar); en "
            "personen met een boete in de twaalf maanden voor de peildatum.",
            _termijn_en_boete,
            Structuur(
                (
                    "plichtig",
                    "termijn_overschreden",
                    "zonder_boete",
                    "achterstand_laatste_jaar",
                    "boete_laatste_jaar",
                ),
                rij="wet",
            ),
        ),
        Tabel(
            "doorlooptijden",
            "Doorlooptijden in dagen",
            "Wi2021: dagen van verblijfsvergunning tot kennisgeving, van de start van de PIP-termijn tot het PIP, en "
            "van de aanvraag van een ontheffing tot de ontheffing. Alle wetten: van de aanvraag van een medische "
            "ontheffing tot de ontheffing, voor de ontheffingen van de twaalf maanden voor de peildatum. Gemiddelde en "
            "percentielen over de personen met beide datums.",
            _doorlooptijden,
            Structuur(("personen",)),
            {q: pl.when(pl.col("personen").is_not_null()).then(pl.col(q)) for q in DOORLOOPTIJD_MATEN},
        ),
        Tabel(
            "wi2007",
            "Wi2007: nog inburgeringsplichtig",
            "Alle personen van wie de plicht onder de Wi2007 ontstond, en wie op de peildatum nog plichtig is.",
            _wi2007,
            Structuur(("ooit_plichtig", "nog_plichtig")),
            {"nog_plichtig_pct": _pct(pl.col("nog_plichtig"), pl.col("ooit_plichtig"))},
        ),
        Tabel(
            "ontheffingen",
            "Ontheffingen per wet en grond",
            "Per wet: ooit inburgeringsplichtigen en wie op de peildatum een ontheffing heeft, naar de grond van de "
            "eerste ontheffing: medisch; aantoonbare inspanning (AGI) via de alfabetiseringsroute (ten minste 300 "
            "uur alfabetisering, R13-AGI-01) of via de cursusroute met examenpogingen; overig (BIO, AVI).",
            _ontheffingen,
            Structuur(("ooit_plichtig", "ontheven", *ONTHEFFING_DELEN), ONTHEFFING_DELEN, "ontheven", "wet"),
            {"ontheven_pct": _pct(pl.col("ontheven"), pl.col("ooit_plichtig"))},
        ),
        Tabel(
            "gemeenten",
            "Vergelijking van gemeenten",
            "Per verantwoordelijke gemeente (in de opvang: de gekoppelde gemeente): inburgeringsplichtigen, nog in "
            "de opvang, PIP-termijn verstreken zonder PIP, termijn overschreden, ELIP.",
            _gemeenten,
            Structuur(
                ("plichtig", "in_opvang", "pip_termijn_verstreken", "termijn_overschreden", "elip"),
                rij="gemeente",
            ),
        ),
    )
}


# Cells of different tables that count the same persons (tests/monitor checks that each holds on a population):
# a cell hidden in one table must not be published in another, nor follow from a sum there.
KOPPELINGEN: tuple[Koppeling, ...] = (
    Koppeling(
        (("instroom_uitstroom", {"wet": "Wi2021"}, "ingestroomd"),),
        ("instroom_doelgroep", {"doelgroep": TOTAAL}, "ingestroomd"),
        "cohort",
    ),
    Koppeling(
        (("instroom_uitstroom", {"cohort": TOTAAL}, "ingestroomd"),),
        ("ontheffingen", {}, "ooit_plichtig"),
        "wet",
    ),
    Koppeling(
        (("instroom_uitstroom", {"cohort": TOTAAL}, "nog_plichtig"),),
        ("termijn_boete", {}, "plichtig"),
        "wet",
    ),
    Koppeling(
        (("instroom_uitstroom", {"wet": "Wi2007", "cohort": TOTAAL}, "ingestroomd"),),
        ("wi2007", {}, "ooit_plichtig"),
    ),
    Koppeling(
        (("instroom_uitstroom", {"wet": "Wi2007", "cohort": TOTAAL}, "nog_plichtig"),),
        ("wi2007", {}, "nog_plichtig"),
    ),
    Koppeling(
        (("termijn_boete", {"wet": TOTAAL}, "plichtig"),), ("gemeenten", {"gemeente": TOTAAL}, "plichtig")
    ),
    Koppeling(
        (
            ("leerroute_leerbaarheid", {"leerbaarheid": "haalbaar"}, "totaal"),
            ("leerroute_leerbaarheid", {"leerbaarheid": "niet_haalbaar"}, "totaal"),
        ),
        ("afwijking_leerbaarheid", {}, "getoetst"),
        "cohort",
    ),
)
