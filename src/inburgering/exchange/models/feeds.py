"""Deliveries of the chain partners' feeds and their rejected rows.

Every run of an import is one ``Levering``: which feed, from whom, which file (name and SHA-256), when it was
received (the ``beschikbaar_op`` of its events), what came of its rows, and its status. A delivery that was
interrupted stays ``bezig``; running the same file again starts a new delivery that names it (``vorige``), marks it
``onderbroken``, keeps its moment of receipt and completes it. The bad rows of a delivery are kept with the line,
the field, the message and the row as delivered: in quarantine (the good rows were applied) or as the reasons
a delivery was refused (nothing was applied).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inburgering.exchange.feeds import FEEDS
from inburgering.store.access import Rol, Toegang


class Levering(models.Model):
    """One delivery of one feed file, as one run of the import."""

    class Status(models.TextChoices):
        BEZIG = "bezig", _("in progress")
        VERWERKT = "verwerkt", _("processed")
        GEWEIGERD = "geweigerd", _("refused")
        ONDERBROKEN = "onderbroken", _("interrupted")

    feed = models.CharField(_("feed"), max_length=20)
    bron = models.CharField(_("source"), max_length=60)
    bestandsnaam = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    ontvangen = models.DateTimeField(_("received"), help_text=_("The available-on moment of its events."))
    quarantaine = models.BooleanField(
        _("quarantine"),
        help_text=_("Bad rows set aside and the good ones applied, instead of all or nothing."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.BEZIG)
    rijen = models.PositiveIntegerField(_("rows"), default=0)
    nieuw = models.PositiveIntegerField(_("new"), default=0)
    al_bekend = models.PositiveIntegerField(_("already known"), default=0)
    dubbel = models.PositiveIntegerField(
        _("repeated"), default=0, help_text=_("Rows that repeated an earlier row of the same file exactly.")
    )
    in_quarantaine = models.PositiveIntegerField(_("quarantined"), default=0)
    afgekeurd = models.PositiveIntegerField(_("bad rows"), default=0)
    vorige = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "An earlier delivery of the same file: resumed if it was interrupted, else re-delivered."
        ),
    )
    afgerond = models.DateTimeField(_("finished"), null=True, blank=True)
    geleverd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["feed", "bron", "sha256"], name="levering_bestand"),
            models.Index(fields=["bron", "-id"], name="levering_bron"),
        ]

    def __str__(self) -> str:
        return f"{self.feed} van {self.bron}: {self.bestandsnaam} ({self.get_status_display()})"


class LeveringFout(models.Model):
    """One error in one row of a delivery, with the row as delivered."""

    levering = models.ForeignKey(Levering, on_delete=models.CASCADE, related_name="fouten")
    regel = models.PositiveIntegerField(_("line"))
    veld = models.CharField(_("field"), max_length=60)
    melding = models.TextField(_("message"))
    rij = models.JSONField(_("row"), default=dict, help_text=_("The row as delivered (text per column)."))

    class Meta:
        verbose_name = _("bad row")
        verbose_name_plural = _("bad rows")
        ordering = ["levering", "regel", "veld"]

    def __str__(self) -> str:
        return f"{self.levering.bestandsnaam}:{self.regel}: {self.veld}: {self.melding}"


def zichtbaar_voor(t: Toegang) -> models.QuerySet[Levering]:
    """The deliveries a user may see, on the pages and in the API alike: DUO all (it oversees the chain's data),
    everyone else only their own organisation's."""
    if t.rol == Rol.DUO:
        return Levering.objects.all()
    return Levering.objects.filter(bron=t.code).exclude(bron="")


def mag_leveringen_zien(t: Toegang) -> bool:
    """Whether a user has deliveries to see: DUO, and every organisation that delivers at least one feed."""
    return t.rol == Rol.DUO or any(f.mag_leveren(t) for f in FEEDS.values())
