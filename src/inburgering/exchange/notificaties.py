"""Deriving the signals to municipalities (``notificaties maak``, daily): newly obliged persons, persons newly on
a municipality's ELIP list, corrections or withdrawals written since the last run, and persons who came into or
left a municipality's caseload.

Each channel is a set difference between the store and ``Signaalstand`` (what was last signalled), computed by
the database as an anti-join over the projection (``Feiten``) or the events (``Gebeurtenis``). Why snapshots and
not a Django signal sent by the store on every write: facts also change without a write (the daily
recomputation, where time alone moves a status), bulk loads write millions of rows without saving models one by
one, and a run that is killed simply finds the same difference again. The store needs to know nothing of it.

A run is one transaction (all of its notifications, deliveries and the new state, or nothing) and runs are
serialised (an advisory lock on PostgreSQL, the write lock that SQLite takes at the start of the transaction).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from inburgering.exchange.models.notificaties import (
    Abonnement,
    Aflevering,
    Kanaal,
    Notificatie,
    Signaalrun,
    Signaalstand,
)
from inburgering.exchange.notificaties_abonnementen import Ontvangers
from inburgering.store.access import MEDISCH
from inburgering.store.models import Feiten, Gebeurtenis
from inburgering.store.projection import today

BATCH = 5_000
# rows written by a run after which their tables' statistics are refreshed (PostgreSQL)
ANALYSEREN_VANAF = 10_000
_LOCK = 0x0E1_AB0  # the advisory lock of a run (PostgreSQL): any fixed number no other part uses

OP_LIJST = Q(signaal_elip=True) | Q(signaal_elip_vroeg=True)
# The municipality whose caseload a person is in, for ``verhuizing``: the responsible one, and none once the
# obligation ended because the person left the country (which leaves the responsible municipality as it was,
# for the monitor's outflow per municipality).
IN_CASELOAD_VAN = Case(
    When(uitstroom_reden="vertrokken", then=Value("")), default=F("verantwoordelijke_gemeente")
)


def _persoon_url(persoon: str) -> str:
    return f"{settings.INBURGERING_URL}/api/v1/personen/{quote(persoon, safe='')}"


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])


def maak(nu: dt.datetime | None = None, *, nulmeting: bool = False) -> dict[str, int]:
    """Make the notifications of every change since the last run, and a delivery of each to every subscription
    that may and wants to receive it. Returns the number of notifications per channel.

    ``nulmeting``: record the store's present state as signalled without making notifications, for the first
    run over a store that already holds a population (its municipalities know their persons)."""
    nu = nu or timezone.now()
    with transaction.atomic():
        _lock()
        notificaties: list[Notificatie] = []
        stand: list[Signaalstand] = []
        for afleiden in (_nieuw_plichtig, _elip, _correcties, _verhuizing):
            nieuw, bijgewerkt = afleiden(nu)
            notificaties += nieuw
            stand += bijgewerkt
        gezien = _eerste_keer_gezien()  # after the moves are read, so that these rows are not read as moves
        _elip_verlaten()
        Signaalstand.objects.bulk_create(
            stand,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["kanaal", "sleutel"],
            update_fields=["gemeente"],
        )
        aantallen = {k.value: 0 for k in Kanaal}
        if not nulmeting:
            # no conflicts to ignore: runs are serialised and a key names its run, so the ids come back
            Notificatie.objects.bulk_create(notificaties, batch_size=BATCH)
            _fanout(notificaties, nu)
            for n in notificaties:
                aantallen[n.kanaal] += 1
        Signaalrun.objects.create(moment=nu, peildatum=today(), aantallen=aantallen)
        _statistieken(len(stand) + gezien + (0 if nulmeting else len(notificaties)))
    return aantallen


def _notificatie(
    kanaal: str,
    sleutel: str,
    persoon: str,
    gemeente: str,
    nu: dt.datetime,
    *,
    resource: str = "persoon",
    resource_url: str | None = None,
    **kwargs,
):
    """A notification about ``persoon`` (its main object); its resource is the person too unless given."""
    return Notificatie(
        kanaal=kanaal,
        sleutel=sleutel,
        gemeente=gemeente,
        persoon=persoon,
        hoofd_object=_persoon_url(persoon),
        resource=resource,
        resource_url=resource_url or _persoon_url(persoon),
        aanmaakdatum=nu,
        **kwargs,
    )


def _run(nu: dt.datetime) -> str:
    """A run's part of a key: a person can come on a list, leave it and come back, each time news."""
    return nu.strftime("%Y%m%dT%H%M%S.%f")


def _tekst(value) -> str:
    """A kenmerk is a string (as in the Notificaties API); a date as YYYY-MM-DD, unknown as empty."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _nieuw_plichtig(nu: dt.datetime) -> tuple[list[Notificatie], list[Signaalstand]]:
    """Obliged with a responsible municipality, and not yet reported to that municipality: the obligation
    arose, the municipality became known, or the person moved to another municipality."""
    gemeld = Signaalstand.objects.filter(
        kanaal=Kanaal.NIEUW_PLICHTIG,
        sleutel=OuterRef("persoon_id"),
        gemeente=OuterRef("verantwoordelijke_gemeente"),
    )
    rows = (
        Feiten.objects.filter(inburgeringsplichtig=True)
        .exclude(verantwoordelijke_gemeente="")
        .exclude(Exists(gemeld))
        .values_list("persoon_id", "verantwoordelijke_gemeente", "wet", "doelgroep", "plicht_datum")
    )
    notificaties, stand = [], []
    for persoon, gemeente, wet, doelgroep, plicht_datum in rows.iterator(chunk_size=BATCH):
        notificaties.append(
            _notificatie(
                Kanaal.NIEUW_PLICHTIG,
                f"{Kanaal.NIEUW_PLICHTIG}:{persoon}:{gemeente}:{_run(nu)}",
                persoon,
                gemeente,
                nu,
                actie="create",
                kenmerken={
                    "gemeente": gemeente,
                    "wet": wet,
                    "doelgroep": doelgroep,
                    "plichtDatum": _tekst(plicht_datum),
                },
            )
        )
        stand.append(Signaalstand(kanaal=Kanaal.NIEUW_PLICHTIG, sleutel=persoon, gemeente=gemeente))
    return notificaties, stand


def _elip(nu: dt.datetime) -> tuple[list[Notificatie], list[Signaalstand]]:
    """On a municipality's ELIP list (the ELIP or early-ELIP signal) and not on it at the last run."""
    gemeld = Signaalstand.objects.filter(
        kanaal=Kanaal.ELIP, sleutel=OuterRef("persoon_id"), gemeente=OuterRef("verantwoordelijke_gemeente")
    )
    rows = (
        Feiten.objects.filter(OP_LIJST)
        .exclude(verantwoordelijke_gemeente="")
        .exclude(Exists(gemeld))
        .values_list("persoon_id", "verantwoordelijke_gemeente", "signaal_elip", "termijn_einde")
    )
    notificaties, stand = [], []
    for persoon, gemeente, elip, termijn_einde in rows.iterator(chunk_size=BATCH):
        notificaties.append(
            _notificatie(
                Kanaal.ELIP,
                f"{Kanaal.ELIP}:{persoon}:{gemeente}:{_run(nu)}",
                persoon,
                gemeente,
                nu,
                actie="create",
                kenmerken={
                    "gemeente": gemeente,
                    "signaal": "elip" if elip else "elip_vroeg",
                    "termijnEinde": _tekst(termijn_einde),
                },
            )
        )
        stand.append(Signaalstand(kanaal=Kanaal.ELIP, sleutel=persoon, gemeente=gemeente))
    return notificaties, stand


def _elip_verlaten() -> None:
    """Who left the list (or every list) is no longer on it: should they return, that is news again."""
    op_lijst = Feiten.objects.filter(OP_LIJST, persoon_id=OuterRef("sleutel")).exclude(
        verantwoordelijke_gemeente=""
    )
    Signaalstand.objects.filter(kanaal=Kanaal.ELIP).exclude(Exists(op_lijst)).delete()


def _correcties(nu: dt.datetime) -> tuple[list[Notificatie], list[Signaalstand]]:
    """Events that correct or withdraw another, not dealt with by an earlier run, for the person's responsible
    municipality. A correction of what a municipality may not see (medical advice), or of a person without a
    municipality, is recorded as dealt with and signalled to nobody."""
    gemeld = Signaalstand.objects.filter(kanaal=Kanaal.CORRECTIES, sleutel=OuterRef("id"))
    gemeente = Feiten.objects.filter(persoon_id=OuterRef("persoon_id")).values("verantwoordelijke_gemeente")
    rows = (
        Gebeurtenis.objects.filter(corrigeert__isnull=False)
        .exclude(Exists(gemeld))
        .annotate(verantwoordelijk=Subquery(gemeente))
        .values_list("id", "persoon_id", "soort", "corrigeert", "intrekking", "verantwoordelijk")
    )
    notificaties, stand = [], []
    for ident, persoon, soort, corrigeert, intrekking, gemeente in rows.iterator(chunk_size=BATCH):
        ontvanger = "" if soort in MEDISCH else (gemeente or "")
        stand.append(Signaalstand(kanaal=Kanaal.CORRECTIES, sleutel=ident, gemeente=ontvanger))
        if not ontvanger:
            continue
        notificaties.append(
            _notificatie(
                Kanaal.CORRECTIES,
                f"{Kanaal.CORRECTIES}:{ident}",
                persoon,
                ontvanger,
                nu,
                resource="gebeurtenis",
                resource_url=f"{_persoon_url(persoon)}/gebeurtenissen",
                actie="destroy" if intrekking else "update",
                kenmerken={
                    "gemeente": ontvanger,
                    "soort": soort,
                    "gebeurtenis": ident,
                    "corrigeert": corrigeert,
                },
            )
        )
    return notificaties, stand


def _verhuizing(nu: dt.datetime) -> tuple[list[Notificatie], list[Signaalstand]]:
    """A responsible municipality other than the one last signalled for the person on this channel: the
    municipality they came to hears where they came from (``in``), the one they left where they went (``uit``,
    ``naarBuitenland`` when the person left the country, which ends the obligation: ``IN_CASELOAD_VAN``);
    a side without a municipality hears nothing. Each notification carries the two municipalities only, no
    other fact about the person (nothing medical, nothing the municipality left behind may no longer see).

    Every person is recorded, also without a municipality, so that getting one later is news. A person seen for
    the first time is recorded and signalled to nobody (``_eerste_keer_gezien``): they did not move, and their
    first municipality hears of them on ``nieuw_plichtig`` if they are obliged. So the first run is a baseline
    for this channel, with or without ``nulmeting``."""
    bekend = _bekend_op_verhuizing()
    rows = (
        Feiten.objects.annotate(gemeente=IN_CASELOAD_VAN)
        .filter(Exists(bekend))
        .exclude(Exists(bekend.filter(gemeente=OuterRef("gemeente"))))
        .annotate(vorige=Subquery(bekend.values("gemeente")))
        .values_list("persoon_id", "gemeente", "vorige", "uitstroom_reden")
    )
    notificaties, stand = [], []
    # Read whole, not through a server-side cursor (``iterator``): PostgreSQL plans a cursor for its first rows
    # and, unable to estimate the CASE, chose a nested loop over every person (2.2 s against 0.6 s at a million).
    # The rows are the day's movers, few.
    for persoon, nieuw, vorig, reden in rows:
        naar_buitenland = not nieuw and reden == "vertrokken"
        stand.append(Signaalstand(kanaal=Kanaal.VERHUIZING, sleutel=persoon, gemeente=nieuw))
        for gemeente, richting in ((nieuw, "in"), (vorig, "uit")):
            if not gemeente:
                continue
            notificaties.append(
                _notificatie(
                    Kanaal.VERHUIZING,
                    f"{Kanaal.VERHUIZING}:{persoon}:{gemeente}:{richting}:{_run(nu)}",
                    persoon,
                    gemeente,
                    nu,
                    actie="update",
                    kenmerken={
                        "gemeente": gemeente,
                        "richting": richting,
                        "vorigeGemeente": vorig,
                        "nieuweGemeente": nieuw,
                        "naarBuitenland": naar_buitenland,
                    },
                )
            )
    return notificaties, stand


def _bekend_op_verhuizing() -> QuerySet[Signaalstand]:
    """The person's row of the channel ``verhuizing`` (the municipality last signalled), for a subquery."""
    return Signaalstand.objects.filter(kanaal=Kanaal.VERHUIZING, sleutel=OuterRef("persoon_id"))


def _statistieken(geschreven: int) -> None:
    """After a run that wrote much (the first run: a row of state per person and channel, a notification per
    newly obliged person and its deliveries), refresh PostgreSQL's statistics of those tables. Until autovacuum
    gets to them, the next runs are planned for the tables as they were, near empty: a channel thought to hold
    one row gets a nested loop over all of its rows for every person (minutes at a million). Refreshed at the end
    of the run, when every channel's rows are in: refreshed halfway, the channels written after it were planned
    as empty."""
    if connection.vendor == "postgresql" and geschreven > ANALYSEREN_VANAF:
        with connection.cursor() as cursor:
            for model in (Signaalstand, Notificatie, Aflevering):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _eerste_keer_gezien() -> int:
    """The persons not yet on the channel, recorded with their municipality by the database itself. At the first
    run that is everyone (a million rows for the country): as model objects they cost memory and time for rows
    that say nothing but "seen" (+65 MB and +1.3 s at 100,000 persons, measured). Run after the moves are read,
    so that these rows are not read as moves.

    First into a temporary table, then inserted: one INSERT … SELECT that reads the table it writes lets
    PostgreSQL, whose plan was made for the table as it was (empty, at the first run), scan the rows the
    statement has just inserted again for each next row (34 s for that one statement at 100,000 persons; the
    whole baseline run now takes 1 s, measured). A failure rolls the temporary table back with the run."""
    nieuw = (
        Feiten.objects.exclude(Exists(_bekend_op_verhuizing()))
        .annotate(gemeente=IN_CASELOAD_VAN)
        .values_list("persoon_id", "gemeente")
    )
    select, params = nieuw.query.sql_with_params()
    naam = connection.ops.quote_name
    tijdelijk = naam("_eerste_keer_gezien")
    kolommen = ", ".join(
        naam(Signaalstand._meta.get_field(veld).column) for veld in ("kanaal", "sleutel", "gemeente")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE {tijdelijk} AS {select}", params)
        cursor.execute(
            f"INSERT INTO {naam(Signaalstand._meta.db_table)} ({kolommen}) SELECT %s, * FROM {tijdelijk}",
            [Kanaal.VERHUIZING.value],
        )
        gezien = cursor.rowcount
        cursor.execute(f"DROP TABLE {tijdelijk}")
    return gezien


def _fanout(notificaties: list[Notificatie], nu: dt.datetime) -> None:
    """A delivery, due now, of each new notification to every subscription that may receive it and whose
    channels and filters select it. Once only: the pair is unique."""
    ontvangers = Ontvangers(Abonnement.objects.select_related("organisatie"))
    afleveringen = [
        Aflevering(notificatie_id=n.pk, abonnement=abonnement, volgende_poging=nu)
        for n in notificaties
        for abonnement in ontvangers.voor(n.kanaal, n.kenmerken)
    ]
    Aflevering.objects.bulk_create(afleveringen, batch_size=BATCH)
