"""Applying a checked delivery to the store: all or nothing, or with its bad rows in quarantine; idempotent; in
transactions per block of persons, so that an import killed halfway leaves a consistent store and running it
again completes it.

The steps of ``importeer``:

1. read and check the file (``feeds_read``, ``feeds_check``); then against the store: a key delivered before
   with the same content is already known (nothing to do), with other content an error (a change is a new row
   that names the old one in ``corrigeert``); a correction must name a delivered row of the same type and
   person; a municipality or school may deliver only about persons in its caseload (``store.access``);
2. any bad row: without quarantine the delivery is refused and nothing is applied (the bad rows are recorded with
   the refused ``Levering``); with quarantine the bad rows are recorded and the good ones applied;
3. the new rows, sorted by person and cut into blocks of whole persons (``blok`` rows or a little more), each in
   one transaction: the persons made, locked and their dossier version raised, the events inserted with
   ``beschikbaar_op`` the moment of receipt, the persons' facts recomputed by the engine and replaced, and the
   delivery's count of new rows raised. A killed import loses at most the block in flight; every committed
   event has its facts. Running the same file again finds the interrupted delivery by its SHA-256, keeps its
   moment of receipt, counts the rows already applied as known and applies the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from inburgering.events.table import EventTables
from inburgering.events.vocabulary import flat_schema, table_schema
from inburgering.exchange.feeds import FEEDS
from inburgering.exchange.feeds_check import FOUT_SCHEMA, Gecontroleerd, controleer
from inburgering.exchange.feeds_read import REGEL, BestandFout, lees
from inburgering.exchange.models import Levering, LeveringFout
from inburgering.store import bulk, projection
from inburgering.store.access import Geweigerd, Toegang
from inburgering.store.columns import FACT_NAMES
from inburgering.store.models import Feiten, Gebeurtenis, Persoon
from inburgering.store.writes import SchrijfFout

# Rows per transaction: a killed import loses at most this much work, and on SQLite other writers wait for one
# block (about a second at 25,000 rows; their timeout is 30 s). 25,000 instead of 10,000 saved 0.3-0.45 s of the
# 100,000-row benchmark on both databases (fewer per-block queries and engine set-ups; docs/performance.md).
BLOK = 25_000
Status = Levering.Status


@dataclass
class Uitkomst:
    """A delivery's record and every error found (``_regel``, ``veld``, ``melding``), also those recorded."""

    levering: Levering
    fouten: pl.DataFrame

    @property
    def geweigerd(self) -> bool:
        return self.levering.status == Status.GEWEIGERD


def importeer(
    feed_naam: str,
    data: bytes,
    naam: str,
    *,
    bron: str | None = None,
    quarantaine: bool = False,
    toegang: Toegang | None = None,
    gebruiker=None,
    blok: int = BLOK,
    voortgang: Callable[[int, int], None] | None = None,
) -> Uitkomst:
    """Import one delivery file (its bytes and name). ``toegang``: the delivering user (the API); None for an
    administrator's import (the command line), who names the ``bron``. Raises ``ValueError`` for an unknown feed
    or a source that does not deliver it, ``Geweigerd`` for a user whose organisation does not deliver it.
    ``voortgang(rows, total)`` is told the rows applied with each block (0 before the first) and the total."""
    feed = FEEDS.get(feed_naam)
    if feed is None:
        raise ValueError(f"onbekende feed {feed_naam!r} (bekend: {', '.join(FEEDS)})")
    if toegang is not None:
        if not feed.mag_leveren(toegang):
            raise Geweigerd(f"uw organisatie ({toegang.code or 'geen'}) levert de feed {feed.naam} niet")
        bron = toegang.code
    bron = feed.bron_voor(bron)
    ontvangen = timezone.now()
    sha = hashlib.sha256(data).hexdigest()
    kop = {
        "feed": feed.naam,
        "bron": bron,
        "bestandsnaam": naam[:255],
        "sha256": sha,
        "quarantaine": quarantaine,
    }
    try:
        gecontroleerd = controleer(lees(data, naam), feed, bron, naam)
    except BestandFout as error:
        fouten = pl.DataFrame(
            [(f.line, f.field, f.message) for f in error.fouten], schema=FOUT_SCHEMA, orient="row"
        )
        return _weiger(kop, ontvangen, gebruiker, fouten, None, 0)
    goed, fouten, al_bekend = _tegen_opslag(gecontroleerd, toegang)
    slecht = fouten[REGEL].n_unique()
    if slecht and not quarantaine:
        return _weiger(kop, ontvangen, gebruiker, fouten, gecontroleerd, gecontroleerd.rijen)
    nieuw = goed.filter(~pl.col("id").is_in(al_bekend.implode()))
    with transaction.atomic():
        vorige = (
            Levering.objects.select_for_update()
            .filter(feed=feed.naam, bron=bron, sha256=sha)
            .exclude(status=Status.GEWEIGERD)
            .order_by("-id")
            .first()
        )
        if vorige is not None and vorige.status in (Status.BEZIG, Status.ONDERBROKEN):
            ontvangen = vorige.ontvangen  # resuming: the partner delivered it then
            Levering.objects.filter(pk=vorige.pk).update(status=Status.ONDERBROKEN)
        levering = Levering.objects.create(
            **kop,
            ontvangen=ontvangen,
            rijen=gecontroleerd.rijen,
            al_bekend=al_bekend.len(),
            dubbel=gecontroleerd.dubbel,
            in_quarantaine=slecht,
            afgekeurd=slecht,
            vorige=vorige,
            geleverd_door=gebruiker,
        )
        _record(levering, fouten, gecontroleerd)
    say = voortgang or (lambda n, totaal: None)
    say(0, nieuw.height)
    try:
        for part in _blokken(nieuw, blok):
            with transaction.atomic():
                _apply(part, ontvangen)
                Levering.objects.filter(pk=levering.pk).update(nieuw=F("nieuw") + part.height)
            say(part.height, nieuw.height)
    except BaseException:
        Levering.objects.filter(pk=levering.pk).update(status=Status.ONDERBROKEN)
        raise
    Levering.objects.filter(pk=levering.pk).update(status=Status.VERWERKT, afgerond=timezone.now())
    levering.refresh_from_db()
    return Uitkomst(levering, fouten)


def _weiger(kop: dict, ontvangen, gebruiker, fouten: pl.DataFrame, gecontroleerd, rijen: int) -> Uitkomst:
    """A refused delivery: recorded with its errors; nothing of it applied."""
    with transaction.atomic():
        levering = Levering.objects.create(
            **kop,
            ontvangen=ontvangen,
            status=Status.GEWEIGERD,
            rijen=rijen,
            afgekeurd=fouten[REGEL].n_unique(),
            afgerond=timezone.now(),
            geleverd_door=gebruiker,
        )
        _record(levering, fouten, gecontroleerd)
    return Uitkomst(levering, fouten)


def _record(levering: Levering, fouten: pl.DataFrame, gecontroleerd: Gecontroleerd | None) -> None:
    """Keep each error with the row as delivered."""
    if fouten.is_empty():
        return
    rijen: dict[int, dict] = dict(gecontroleerd.ruw) if gecontroleerd is not None else {}
    if gecontroleerd is not None:
        tekst = gecontroleerd.tekst.filter(pl.col(REGEL).is_in(fouten[REGEL].implode()))
        for row in tekst.iter_rows(named=True):
            regel = row.pop(REGEL)
            rijen[regel] = {k: v for k, v in row.items() if v is not None}
    LeveringFout.objects.bulk_create(
        [
            LeveringFout(
                levering=levering, regel=regel, veld=veld[:60], melding=melding, rij=rijen.get(regel, {})
            )
            for regel, veld, melding in fouten.iter_rows()
        ],
        batch_size=2_000,
    )


CONTENT = [c for c in flat_schema() if c != "beschikbaar_op"]


def _tegen_opslag(
    gecontroleerd: Gecontroleerd, toegang: Toegang | None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series]:
    """The good rows checked against the store: returns the rows still good, all errors, and the ids already
    stored with the same content."""
    goed = gecontroleerd.goed
    fouten = [gecontroleerd.fouten]
    stored = bulk.read_by_id(goed["id"].to_list())
    joined = goed.join(stored.select(CONTENT), on="id", how="inner", suffix="_opgeslagen")
    differs = [
        pl.when(~pl.col(c).eq_missing(pl.col(f"{c}_opgeslagen"))).then(pl.lit(c))
        for c in CONTENT
        if c != "id"
    ]
    joined = joined.with_columns(pl.concat_list(differs).list.drop_nulls().list.join(", ").alias("_anders"))
    changed = joined.filter(pl.col("_anders") != "")
    fouten.append(
        changed.select(
            REGEL,
            pl.lit("kenmerk").alias("veld"),
            pl.format(
                "al geleverd met andere inhoud ({}); lever een wijziging als nieuwe rij met een eigen kenmerk en "
                "corrigeert={}",
                pl.col("_anders"),
                pl.col("id").str.splitn("/", 3).struct.field("field_2"),
            ).alias("melding"),
        )
    )
    al_bekend = joined.filter(pl.col("_anders") == "")["id"]
    goed = goed.filter(~pl.col("id").is_in(changed["id"].implode()))
    if toegang is not None and not toegang.maakt_personen:
        goed, buiten = _caseload(goed, toegang)
        fouten.append(buiten)
    goed, dangling = _corrections(goed, stored)
    fouten.append(dangling)
    return goed, pl.concat(fouten).sort(REGEL, "veld"), al_bekend


def _caseload(goed: pl.DataFrame, toegang: Toegang) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows about persons outside the deliverer's caseload are errors: only DUO and the source registers make
    persons known (``Toegang.maakt_personen``)."""
    zichtbaar = toegang.zichtbaar(goed["persoon"].unique().to_list())
    outside = ~pl.col("persoon").is_in(list(zichtbaar))
    errors = goed.filter(outside).select(
        REGEL,
        pl.lit("persoon").alias("veld"),
        pl.format("{} hoort niet bij uw caseload", pl.col("persoon")).alias("melding"),
    )
    return goed.filter(~outside), errors


def _corrections(goed: pl.DataFrame, stored: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A correction names a row of the same type and person, delivered before or good in this file. Repeated
    until nothing changes: a correction of a correction that was refused is refused too."""
    targets = goed["corrigeert"].drop_nulls().unique()
    known = pl.concat(
        [
            stored.select("id", "soort", "persoon"),
            bulk.read_by_id(targets.filter(~targets.is_in(stored["id"].implode())).to_list()).select(
                "id", "soort", "persoon"
            ),
        ]
    ).rename({"id": "corrigeert", "soort": "_soort", "persoon": "_persoon"})
    errors = []
    while True:
        here = goed.select(
            pl.col("id").alias("corrigeert"),
            pl.col("soort").alias("_soort"),
            pl.col("persoon").alias("_persoon"),
        )
        candidates = pl.concat([known, here]).unique("corrigeert", keep="first")
        checked = goed.join(candidates, on="corrigeert", how="left")
        bad = checked.filter(
            pl.col("corrigeert").is_not_null()
            & (
                ~pl.col("_soort").eq_missing(pl.col("soort"))
                | ~pl.col("_persoon").eq_missing(pl.col("persoon"))
            )
        )
        if bad.is_empty():
            break
        errors.append(
            bad.select(
                REGEL,
                pl.lit("corrigeert").alias("veld"),
                pl.lit("noemt geen geleverde rij van dezelfde soort en persoon").alias("melding"),
            )
        )
        goed = goed.filter(~pl.col("id").is_in(bad["id"].implode()))
    return goed, pl.concat([pl.DataFrame(schema=FOUT_SCHEMA), *errors])


def _blokken(rows: pl.DataFrame, blok: int):
    """Blocks of about ``blok`` rows holding whole persons (a person's events and facts change together)."""
    if rows.is_empty():
        return
    rows = rows.sort("persoon", "geldig_op", "id").with_row_index("_rij")
    rows = rows.with_columns((pl.col("_rij").min().over("persoon") // blok).alias("_blok")).drop("_rij")
    for _, part in rows.group_by("_blok", maintain_order=True):
        yield part.drop("_blok")


_EVENT_COLUMNS = {name: Gebeurtenis._meta.get_field(name).column for name in flat_schema()}


def _apply(rows: pl.DataFrame, ontvangen: dt.datetime) -> None:
    """One block in the current transaction: persons, versions, events, facts."""
    personen = rows["persoon"].unique().sort().to_list()
    bulk.insert_rows(
        Persoon._meta.db_table,
        pl.DataFrame(
            {"identificatie": personen, "versie": [0] * len(personen)},
            schema={"identificatie": pl.String, "versie": pl.Int64},
        ),
        ["identificatie"],
    )
    versies = _raise_versions(personen)
    # the persons' history as stored, read before the new events go in: those are here already
    history = bulk.read_per_type(personen)
    events = rows.with_columns(
        pl.lit(ontvangen).dt.convert_time_zone("UTC").cast(pl.Datetime("us", "UTC")).alias("beschikbaar_op")
    )
    # A row another writer stored since the check is in the locked persons' history already: it is not new.
    stored = pl.concat([f["id"] for f in history.values()]) if history else pl.Series("id", [], pl.String)
    events = events.filter(~pl.col("id").is_in(stored.implode()))
    postgres = connection.vendor == "postgresql"
    try:
        with transaction.atomic():
            if postgres:  # one COPY straight in: empty fields cost COPY next to nothing
                _insert_new(events.select(list(_EVENT_COLUMNS)).rename(_EVENT_COLUMNS))
            for (soort,), part in events.partition_by("soort", as_dict=True).items():
                # only the type's own columns: the others are empty, and binding them is most of SQLite's cost
                names = list(table_schema(soort))
                history[soort] = (
                    pl.concat([history[soort], part.select(names)])
                    if soort in history
                    else part.select(names)
                )
                if not postgres:
                    cols = [*names, "soort"]
                    _insert_new(part.select(cols).rename({n: _EVENT_COLUMNS[n] for n in cols}))
    except IntegrityError as error:
        # The persons are locked and the ids they have are filtered out, so only an id stored meanwhile for
        # another person can conflict: a partner's two deliveries at once that give one kenmerk to two persons.
        raise SchrijfFout(
            "een gelijktijdige levering sloeg een van deze kenmerken intussen op bij een andere persoon; "
            f"lever het bestand opnieuw ({error})"
        ) from error
    _replace_facts(bulk.tables_of(history), versies)


def _insert_new(frame: pl.DataFrame) -> None:
    """Insert events that are not stored: a conflict raises ``IntegrityError`` instead of being skipped."""
    bulk.insert_rows(Gebeurtenis._meta.db_table, frame, ["id"], conflicts=False)


def _batches(column: str, personen: list[str]):
    """``column`` is one of the persons, as SQL and parameters, in batches."""
    for start in range(0, len(personen), bulk.ID_BATCH):
        yield bulk.one_of(column, personen[start : start + bulk.ID_BATCH])


def _raise_versions(personen: list[str]) -> pl.DataFrame:
    """Lock the persons (in key order, as ``store.writes`` does, so writers cannot deadlock) and raise their
    dossier version: a form filled in before this delivery is then refused as stale. Returns the new versions."""
    table = connection.ops.quote_name(Persoon._meta.db_table)
    found = []
    with connection.cursor() as cursor:
        for condition, params in _batches("identificatie", personen):
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT 1 FROM {table} WHERE {condition} ORDER BY identificatie FOR UPDATE", params
                )
            cursor.execute(
                f"UPDATE {table} SET versie = versie + 1 WHERE {condition} RETURNING identificatie, versie",
                params,
            )
            found += cursor.fetchall()
    return pl.DataFrame(found, schema={"persoon_id": pl.String, "versie": pl.Int64}, orient="row")


def _replace_facts(tables: EventTables, versies: pl.DataFrame) -> None:
    """The persons' facts from all their events, by the engine, replacing their rows of ``Feiten``."""
    peildatum = projection.today()
    personen = versies["persoon_id"].to_list()
    frame = projection.facts_frame(tables, peildatum)
    frame = frame.join(versies, on="persoon_id").with_columns(
        pl.lit(peildatum).alias("peildatum"),
        pl.lit(timezone.now()).dt.convert_time_zone("UTC").alias("berekend_op"),
    )
    table = connection.ops.quote_name(Feiten._meta.db_table)
    with connection.cursor() as cursor:
        for condition, params in _batches("persoon_id", personen):
            cursor.execute(f"DELETE FROM {table} WHERE {condition}", params)
    columns = ["persoon_id", "peildatum", "versie", "berekend_op", *FACT_NAMES]
    # the persons are locked and their rows deleted: no other writer can have put one back
    bulk.insert_rows(Feiten._meta.db_table, frame.select(columns), ["persoon_id"], conflicts=False)
