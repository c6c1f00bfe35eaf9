"""The store: persons, their append-only events, the projection of derived facts, organisations and the read log.

Events are never updated or deleted: a correction or withdrawal is a new event that names the old one
(``docs/events.md``). Everything a person's dossier shows is either such an event or derived from them by the law;
the projection (``Feiten``) is that derivation kept ready for worklists, recomputed in the transaction of every
write and daily for everyone (time alone changes statuses).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inburgering.store.columns import EVENT_FIELDS, FACT_NAMES, event_field, fact_field
from inburgering.store.controlevoorwaarden import VOORWAARDEN
from inburgering.store.worklists import WERKLIJSTEN


class Organisatie(models.Model):
    """A chain partner: DUO, a municipality, COA, a language school, an analysing body or a source register."""

    class Soort(models.TextChoices):
        DUO = "duo", "DUO"
        GEMEENTE = "gemeente", _("municipality")
        COA = "coa", "COA"
        TAALSCHOOL = "taalschool", _("language school")
        ANALIST = "analist", _("analysis (aggregates only)")
        BRONREGISTER = "bronregister", _("source register (IND, BRP, CvTE, Argonaut)")

    code = models.CharField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("As in an event's bron: DUO, COA, GM0363, TAALSCHOOL:<id>, IND, BRP …"),
    )
    naam = models.CharField(_("name"), max_length=200)
    soort = models.CharField(_("kind"), max_length=20, choices=Soort.choices)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.naam} ({self.code})"

    @property
    def taalschool_id(self) -> str:
        """The school's id as events name it (``TAALSCHOOL:<id>`` without the prefix)."""
        return self.code.removeprefix("TAALSCHOOL:")


class Persoon(models.Model):
    """A person known to the chain, by pseudonymous identifier; ``versie`` counts the writes to the dossier."""

    identificatie = models.CharField(_("identifier"), max_length=64, primary_key=True)
    versie = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Goes up with every write; guards against lost updates.")
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.identificatie


class Medewerker(models.Model):
    """A user's role in the chain: which organisation they act for, or which person they are (the portal)."""

    class Rol(models.TextChoices):
        DUO = "duo", _("DUO staff")
        GEMEENTE = "gemeente", _("municipal case worker")
        COA = "coa", _("COA case manager")
        TAALSCHOOL = "taalschool", _("language school")
        ANALIST = "analist", _("policy analyst")
        BRONREGISTER = "bronregister", _("source register (system account)")
        INBURGERAAR = "inburgeraar", _("newcomer")

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medewerker"
    )
    rol = models.CharField(_("role"), max_length=20, choices=Rol.choices)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, null=True, blank=True)
    persoon = models.ForeignKey(
        Persoon, on_delete=models.PROTECT, null=True, blank=True, help_text=_("Only for the newcomer's role.")
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(Q(rol="inburgeraar") & Q(persoon__isnull=False) & Q(organisatie__isnull=True))
                | (~Q(rol="inburgeraar") & Q(persoon__isnull=True) & Q(organisatie__isnull=False)),
                name="medewerker_rol_past",
            )
        ]

    def __str__(self) -> str:
        waar = self.organisatie or self.persoon
        return f"{self.gebruiker} — {self.get_rol_display()} ({waar})"


class Gebeurtenis(models.Model):
    """One event of the chain, stored as delivered (envelope plus the vocabulary's typed columns)."""

    id = models.CharField(_("id"), max_length=100, primary_key=True)
    # No database constraints on the event table's references: checking them per row (a trigger per row on
    # PostgreSQL, even for an empty reference) made a bulk load of millions of events several times slower. Every
    # path that writes events makes their persons first, in the same transaction (writes.write, bulk.load), and
    # a test checks that no event is without its person; accounts are never deleted (PROTECT).
    persoon = models.ForeignKey(
        Persoon,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the index on (persoon, geldig_op) serves every lookup by person
        related_name="gebeurtenissen",
    )
    soort = models.CharField(_("kind"), max_length=40)
    geldig_op = models.DateField(_("valid on"))
    beschikbaar_op = models.DateTimeField(_("available on"))
    bron = models.CharField(_("source"), max_length=60)
    corrigeert = models.CharField(_("corrects"), max_length=100, null=True, blank=True)
    intrekking = models.BooleanField(_("withdrawal"), default=False)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who wrote it through this system (empty for bulk loads)."),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["persoon", "geldig_op"], name="gebeurtenis_persoon_geldig"),
            models.Index(fields=["soort"], name="gebeurtenis_soort"),
            # The corrections and withdrawals (a few per thousand events), which the daily signals to
            # municipalities look for: an index range scan instead of a scan of every event.
            models.Index(
                fields=["corrigeert"],
                name="gebeurtenis_correcties",
                condition=models.Q(corrigeert__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soort} {self.geldig_op} ({self.id})"


for _name, _dtype in EVENT_FIELDS.items():
    Gebeurtenis.add_to_class(_name, event_field(_dtype))


def _worklist_indexes() -> list[models.Index]:
    """Per worklist a partial index in its order, per municipality and overall: a page of a million-person
    worklist is then an index range scan (keyset pagination), never a sort or a count of everything."""
    indexes = []
    for naam, lijst in WERKLIJSTEN.items():
        for prefix, velden in (("g", ["verantwoordelijke_gemeente"]), ("a", [])):
            indexes.append(
                models.Index(
                    fields=[*velden, lijst.volgorde, "persoon"],
                    condition=lijst.filter,
                    name=f"wl_{prefix}_{naam}"[:30],
                )
            )
    return indexes


def _check_indexes() -> list[models.Index]:
    """Per reconciliation check a partial index on its fixed condition, by the date its threshold compares: the
    daily run of every check over a million persons reads only the rows that may be findings."""
    return [
        models.Index(
            fields=[v.datum, "persoon"] if v.datum else ["persoon"],
            condition=v.voorwaarde,
            name=f"ctl_{code}"[:30],
        )
        for code, v in VOORWAARDEN.items()
    ]


class Feiten(models.Model):
    """The derived facts of one person on ``peildatum``, computed from the events by the law (the projection)."""

    persoon = models.OneToOneField(Persoon, on_delete=models.CASCADE, primary_key=True, related_name="feiten")
    peildatum = models.DateField(_("reference date"))
    versie = models.PositiveIntegerField(
        _("version"), help_text=_("The person's version these facts were computed from.")
    )
    berekend_op = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("derived facts")
        verbose_name_plural = _("derived facts")
        indexes = [
            models.Index(fields=["verantwoordelijke_gemeente", "persoon"], name="feiten_gemeente"),
            models.Index(fields=["taalschool", "persoon"], name="feiten_taalschool"),
            models.Index(fields=["in_opvang", "persoon"], name="feiten_opvang"),
            # a school's caseload also holds those DUO asked it about (store.access): taalschool OR navraag_school
            models.Index(fields=["navraag_school", "persoon"], name="feiten_navraag_school"),
            *_worklist_indexes(),
            *_check_indexes(),
        ]

    def __str__(self) -> str:
        return f"{self.persoon_id} op {self.peildatum}"


for _name in FACT_NAMES:
    Feiten.add_to_class(_name, fact_field(_name))


class Projectie(models.Model):
    """The last recomputation of everyone's facts (the daily job): every row of ``Feiten`` holds the facts on this
    peildatum, also the rows it left alone because nothing had changed since their own ``peildatum``."""

    peildatum = models.DateField(_("reference date"))
    berekend_op = models.DateTimeField(_("computed at"))
    personen = models.PositiveIntegerField(_("persons"))
    gewijzigd = models.PositiveIntegerField(
        _("changed"), help_text=_("Rows whose facts changed (or were new).")
    )

    class Meta:
        verbose_name = _("recomputation")
        verbose_name_plural = _("recomputations")
        get_latest_by = "berekend_op"

    def __str__(self) -> str:
        return f"{self.peildatum}: {self.gewijzigd} van {self.personen} gewijzigd"


class Inzage(models.Model):
    """One look at a dossier: who, when, which person, in which role, for which organisation, through what."""

    class Kanaal(models.TextChoices):
        PAGINA = "pagina", _("page")
        API = "api", "API"

    persoon = models.ForeignKey(Persoon, on_delete=models.PROTECT, related_name="inzagen")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rol = models.CharField(_("role"), max_length=20)
    organisatie = models.CharField(_("organisation"), max_length=60, blank=True)
    onderdeel = models.CharField(
        _("part"), max_length=40, help_text=_("What was read: dossier, events, facts, explanation, …")
    )
    kanaal = models.CharField(_("channel"), max_length=10, choices=Kanaal.choices)
    tijdstip = models.DateTimeField(_("moment"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("dossier read")
        verbose_name_plural = _("dossier reads")
        indexes = [models.Index(fields=["persoon", "-tijdstip"], name="inzage_persoon")]

    def __str__(self) -> str:
        return f"{self.gebruiker} las {self.persoon_id} ({self.onderdeel}) op {self.tijdstip:%Y-%m-%d %H:%M}"
