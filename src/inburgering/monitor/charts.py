"""Charts of the published standard tables: Altair specifications, rendered to SVG or PNG by vl-convert.

Why these two: Altair writes a chart as a declarative Vega-Lite specification with the data inline, and vl-convert
renders that specification in-process (its own JavaScript engine and fonts), so a chart is made without a browser
and without the network, the same on a laptop, in CI and in a ministry. A chart is always drawn from the
*published* table, after suppression: a hidden cell is simply not drawn (the subtitle says so), so a chart can
never show what the table may not.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import polars as pl

from inburgering.monitor.suppress import TOTAAL
from inburgering.monitor.tables import (
    DOELGROEPEN,
    LEERROUTES,
    ONTHEFFING_DELEN,
    PIP_DAGEN,
    REDENEN,
    UITSLAGEN,
)

BREED, HOOG = 560, 260
REST = "onderdrukt"  # the part of a published total that its published parts do not show
ONDERTITEL = "Onderdrukt: het deel van het gepubliceerde totaal dat in kleine, niet gepubliceerde cellen zit."


def _geen_totaal(frame: pl.DataFrame, *kolommen: str) -> pl.DataFrame:
    for k in kolommen:
        frame = frame.filter(pl.col(k).cast(pl.String) != TOTAAL)
    return frame


def _staaf(
    delen: pl.DataFrame,
    totalen: pl.DataFrame,
    x: str,
    kleur: str,
    volgorde: list[str],
    titel: str,
    relatief: bool = False,
    kolom: str | None = None,
) -> alt.Chart:
    """Stacked bars of the published parts (``delen``: keys, ``kleur``, aantal) with, per bar, the rest of its
    published total (``totalen``: keys, totaal) as one segment 'onderdrukt'. As shares (``relatief``) a bar is
    drawn only where its total is published, and each part is divided by that total: a hidden part can then
    never make the others look larger."""
    keys = [x, *([kolom] if kolom else [])]
    delen = delen.drop_nulls("aantal")
    zichtbaar = delen.group_by(keys).agg(pl.col("aantal").sum().alias("zichtbaar"))
    rest = (
        totalen.join(zichtbaar, on=keys, how="left")
        .with_columns(
            (pl.col("totaal") - pl.col("zichtbaar").fill_null(0)).alias("aantal"), pl.lit(REST).alias(kleur)
        )
        .filter(pl.col("aantal") > 0)
        .select(*keys, kleur, "aantal")
    )
    data = pl.concat(
        [delen.select(*keys, kleur, "aantal").cast({"aantal": pl.Int64}), rest.cast({"aantal": pl.Int64})]
    )
    data = data.join(totalen, on=keys, how="left")
    if relatief:
        data = data.filter(pl.col("totaal").is_not_null() & (pl.col("totaal") > 0))
    volgorde = [*volgorde, REST]
    data = data.with_columns(
        pl.when(pl.col("totaal") > 0).then(pl.col("aantal") / pl.col("totaal")).alias("aandeel"),
        pl.col(kleur)
        .replace_strict({v: i for i, v in enumerate(volgorde)}, return_dtype=pl.Int32)
        .alias("volgorde"),
    )
    y = (
        alt.Y("aandeel:Q", stack="zero", title="aandeel", axis=alt.Axis(format="%"))
        if relatief
        else alt.Y("aantal:Q", stack="zero", title="personen", axis=alt.Axis(format=",d"))
    )
    kleuren = alt.Scale(domain=volgorde, range=[*_PALET[: len(volgorde) - 1], "#d9d9d9"])
    encoding = {
        "x": alt.X(f"{x}:O", title=x if kolom is None else None),
        "y": y,
        "color": alt.Color(f"{kleur}:N", scale=kleuren, sort=volgorde, title=None),
        "order": alt.Order("volgorde:Q"),
        "tooltip": [
            *keys,
            kleur,
            alt.Tooltip("aantal:Q", format=",d"),
            alt.Tooltip("aandeel:Q", format=".1%"),
        ],
    }
    if kolom:
        encoding["column"] = alt.Column(f"{kolom}:O", title=kolom)
    title = alt.TitleParams(titel, subtitle=ONDERTITEL, anchor="start")
    return (
        alt.Chart(data, title=title, width=160 if kolom else BREED, height=HOOG).mark_bar().encode(**encoding)
    )


_PALET = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d"]


def _lang(frame: pl.DataFrame, index: list[str], kolommen: list[str], naam: str) -> pl.DataFrame:
    """The ``kolommen`` stacked into rows (``naam``, aantal)."""
    return frame.select(*index, *kolommen).unpivot(
        kolommen, index=index, variable_name=naam, value_name="aantal"
    )


def _instroom(frame: pl.DataFrame) -> alt.Chart:
    frame = _geen_totaal(frame, "cohort")
    delen = ["nog_plichtig", *REDENEN]
    totalen = frame.select("cohort", pl.col("ingestroomd").alias("totaal"))
    titel = "Instroom per cohort: nog plichtig en uitgestroomd naar reden"
    return _staaf(_lang(frame, ["cohort"], delen, "stand"), totalen, "cohort", "stand", delen, titel)


def _doelgroep(frame: pl.DataFrame) -> alt.Chart:
    totalen = frame.filter(pl.col("doelgroep") == TOTAAL).select(
        "cohort", pl.col("ingestroomd").alias("totaal")
    )
    delen = _geen_totaal(frame, "doelgroep").select(
        "cohort", "doelgroep", pl.col("ingestroomd").alias("aantal")
    )
    return _staaf(delen, totalen, "cohort", "doelgroep", list(DOELGROEPEN), "Instroom Wi2021 naar doelgroep")


def _opvang(frame: pl.DataFrame) -> alt.Chart:
    delen = ["met_pip", "zonder_pip"]
    totalen = frame.select("verblijf", "totaal")
    titel = "Inburgeringsplichtige asielstatushouders (Wi2021) met en zonder PIP"
    return _staaf(_lang(frame, ["verblijf"], delen, "pip"), totalen, "verblijf", "pip", delen, titel)


def _pip(frame: pl.DataFrame) -> alt.Chart:
    delen = [*(f"dagen_{n}" for *_, n in PIP_DAGEN), "dagen_meer_dan_182"]
    totalen = frame.select("cohort", pl.col("pips").alias("totaal"))
    titel = "Tijdigheid van het PIP: dagen van de start van de PIP-termijn tot het PIP"
    return _staaf(
        _lang(frame, ["cohort"], delen, "dagen"), totalen, "cohort", "dagen", delen, titel, relatief=True
    )


def _routes(frame: pl.DataFrame) -> alt.Chart:
    totalen = _lang(frame.filter(pl.col("leerbaarheid") == TOTAAL), ["cohort"], list(LEERROUTES), "leerroute")
    delen = _lang(
        _geen_totaal(frame, "leerbaarheid"), ["cohort", "leerbaarheid"], list(LEERROUTES), "leerroute"
    )
    return _staaf(
        delen.select("leerroute", "cohort", "leerbaarheid", "aantal"),
        totalen.rename({"aantal": "totaal"}),
        "leerroute",
        "leerbaarheid",
        list(UITSLAGEN),
        "Leerroute naar uitslag van de leerbaarheidstoets",
        relatief=True,
        kolom="cohort",
    )


def _elip(frame: pl.DataFrame) -> alt.Chart:
    frame = _geen_totaal(frame, "cohort").with_columns(
        (pl.col("elip_en_vroeg") - pl.col("elip")).alias("vroeg_signaal")
    )
    totalen = frame.select("cohort", pl.col("elip_en_vroeg").alias("totaal"))
    delen = _lang(frame, ["cohort"], ["elip", "vroeg_signaal"], "groep")
    titel = "ELIP per cohort: lening (bijna) op, nog niet voldaan (Wi2013, asielmigranten)"
    return _staaf(delen, totalen, "cohort", "groep", ["elip", "vroeg_signaal"], titel)


def _ontheffingen(frame: pl.DataFrame) -> alt.Chart:
    frame = _geen_totaal(frame, "wet")
    delen = list(ONTHEFFING_DELEN)
    totalen = frame.select("wet", pl.col("ontheven").alias("totaal"))
    return _staaf(
        _lang(frame, ["wet"], delen, "grond"), totalen, "wet", "grond", delen, "Ontheffingen per wet en grond"
    )


def _gemeenten(frame: pl.DataFrame) -> alt.Chart:
    data = frame.filter(pl.col("gemeente") != TOTAAL).select("gemeente", "plichtig").drop_nulls()
    title = alt.TitleParams("Inburgeringsplichtigen per verantwoordelijke gemeente", anchor="start")
    return (
        alt.Chart(data, title=title, width=BREED)
        .mark_bar()
        .encode(
            y=alt.Y("gemeente:N", sort="-x", title=None),
            x=alt.X("plichtig:Q", title="plichtig", axis=alt.Axis(format=",d")),
            tooltip=["gemeente", alt.Tooltip("plichtig:Q", format=",d")],
        )
    )


GRAFIEKEN: dict[str, Callable[[pl.DataFrame], alt.Chart]] = {
    "instroom_uitstroom": _instroom,
    "instroom_doelgroep": _doelgroep,
    "asielstatushouders_opvang": _opvang,
    "pip_tijdigheid": _pip,
    "leerroute_leerbaarheid": _routes,
    "elip": _elip,
    "ontheffingen": _ontheffingen,
    "gemeenten": _gemeenten,
}


def kalibratie(vergelijking: pl.DataFrame) -> list[alt.Chart]:
    """The calibration report's charts: every count published against ours (the line of equality), and each
    series of one figure over several peildatums."""
    aantallen = vergelijking.filter(
        (pl.col("eenheid") == "aantal") & (pl.col("ons") > 0) & (pl.col("gepubliceerd") >= 10)
    ).select(
        "omschrijving",
        "peildatum",
        "gepubliceerd",
        "ons",
        pl.col("binnen_doel")
        .replace_strict({True: "binnen 5%", False: "daarbuiten"}, return_dtype=pl.String)
        .alias("doel"),
    )
    laag = min(aantallen["gepubliceerd"].min() or 10, aantallen["ons"].min() or 10) / 1.2
    hoog = max(aantallen["gepubliceerd"].max() or 10, aantallen["ons"].max() or 10) * 1.2
    lijn = pl.DataFrame({"gepubliceerd": [laag, hoog], "ons": [laag, hoog]})
    schaal = alt.Scale(type="log", domain=[laag, hoog])
    punten = (
        alt.Chart(aantallen)
        .mark_circle(size=60, opacity=0.8)
        .encode(
            x=alt.X("gepubliceerd:Q", scale=schaal, title="gepubliceerd", axis=alt.Axis(format=",d")),
            y=alt.Y("ons:Q", scale=schaal, title="ons (door de schaal gedeeld)", axis=alt.Axis(format=",d")),
            color=alt.Color(
                "doel:N",
                scale=alt.Scale(domain=["binnen 5%", "daarbuiten"], range=["#54a24b", "#e45756"]),
                title=None,
            ),
            tooltip=[
                "omschrijving",
                "peildatum",
                alt.Tooltip("gepubliceerd:Q", format=",d"),
                alt.Tooltip("ons:Q", format=",.0f"),
            ],
        )
    )
    gelijk = alt.Chart(lijn).mark_line(color="#999", strokeDash=[4, 4]).encode(x="gepubliceerd:Q", y="ons:Q")
    spreiding = (gelijk + punten).properties(
        width=BREED,
        height=BREED * 0.7,
        title=alt.TitleParams(
            "Aantallen: gepubliceerd tegen ons",
            subtitle="Stippellijn: gelijk. Logaritmische assen; gepubliceerd vanaf 10 en ons groter dan 0.",
            anchor="start",
        ),
    )
    reeksen = (
        vergelijking.filter(pl.col("reeks").is_not_null())
        .unpivot(
            ["gepubliceerd", "ons"], index=["reeks", "peildatum"], variable_name="van", value_name="waarde"
        )
        .drop_nulls("waarde")
        .with_columns(pl.concat_str([pl.col("reeks"), pl.lit(", "), pl.col("van")]).alias("lijn"))
    )
    tijd = (
        alt.Chart(
            reeksen,
            width=BREED,
            height=HOOG,
            title=alt.TitleParams("Door de tijd: gepubliceerd en ons", anchor="start"),
        )
        .mark_line(point=True)
        .encode(
            x=alt.X("peildatum:T", title="peildatum"),
            y=alt.Y("waarde:Q", title="personen", axis=alt.Axis(format=",d")),
            color=alt.Color("lijn:N", title=None),
            strokeDash=alt.StrokeDash("van:N", title=None),
            tooltip=["reeks", "van", "peildatum", alt.Tooltip("waarde:Q", format=",.0f")],
        )
    )
    return [spreiding, tijd] if reeksen.height else [spreiding]


def chart(naam: str, published: pl.DataFrame) -> alt.Chart | None:
    """The chart of a published table, or None for a table that reads better without one."""
    maak = GRAFIEKEN.get(naam)
    return None if maak is None else maak(published)


# Numbers and dates on the axes and in the tooltips as a Dutch reader reads them (9.875 personen, 97,2%, mrt);
# vl-convert carries d3's locale definitions, so this needs no network.
LOCALE = "nl-NL"


def svg(grafiek: alt.Chart, beschrijving: str | None = None) -> str:
    """The chart as SVG text, rendered offline, in Dutch notation. With ``beschrijving`` it is one image with
    that accessible name (for a page): a screen reader says what the chart shows instead of reading its axis
    labels one by one."""
    import html

    import vl_convert

    tekst = vl_convert.vegalite_to_svg(grafiek.to_json(), format_locale=LOCALE, time_format_locale=LOCALE)
    if beschrijving is None:
        return tekst
    naam = html.escape(beschrijving, quote=True)
    return tekst.replace("<svg ", f'<svg role="img" aria-label="{naam}" ', 1)


def png(grafiek: alt.Chart, schaal: float = 2.0) -> bytes:
    """The chart as PNG, rendered offline at ``schaal`` times its size, in Dutch notation."""
    import vl_convert

    return vl_convert.vegalite_to_png(
        grafiek.to_json(), scale=schaal, format_locale=LOCALE, time_format_locale=LOCALE
    )
