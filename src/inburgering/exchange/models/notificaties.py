"""Signals to municipalities in the style of the Common Ground Notificaties API: subscriptions (``Abonnement``)
to fixed channels, the notifications made (``Notificatie``), one delivery per notification and subscription
(``Aflevering``), and the state last signalled (``Signaalstand``) that the daily run compares the store with.

Nothing here is referenced by the store: the store does not know that anyone listens (docs/exchange.md).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from inburgering.exchange.notificaties_adressen import valideer_callback
from inburgering.store.models import Organisatie


class Kanaal(models.TextChoices):
    """The fixed channels. Each carries the kenmerk ``gemeente`` (the municipality the signal is for)."""

    NIEUW_PLICHTIG = "nieuw_plichtig", _("newly obliged")
    ELIP = "elip", _("ELIP list")
    CORRECTIES = "correcties", _("corrections")
    VERHUIZING = "verhuizing", _("moves")


class Abonnement(models.Model):
    """An organisation's subscription: which channels, filtered on which kenmerken, delivered where and with
    which ``Authorization`` header. A municipality's subscription only ever receives its own persons' signals,
    whatever its filters say (``notificaties.fanout``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="abonnementen")
    # checked when made (API, admin) and again at every delivery: never to an internal address
    callback_url = models.URLField(_("callback URL"), max_length=1000, validators=[valideer_callback])
    auth = models.CharField(
        _("authorization"),
        max_length=1000,
        help_text=_("The value of the Authorization header sent with every notification."),
    )
    kanalen = models.JSONField(
        _("channels"), help_text=_('Channels with their filters: [{"naam": "elip", "filters": {...}}].')
    )
    aangemaakt_op = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.organisatie.code} → {self.callback_url}"


class Notificatie(models.Model):
    """One signal as the Notificaties API shapes it. ``sleutel`` makes it once-only: the same change found by a
    second run (or a run killed and started again) is the same key and is not made again."""

    kanaal = models.CharField(_("channel"), max_length=20, choices=Kanaal.choices)
    sleutel = models.CharField(_("key"), max_length=200, unique=True)
    gemeente = models.CharField(_("municipality"), max_length=6, db_index=True)
    persoon = models.CharField(_("person"), max_length=64)
    hoofd_object = models.CharField(_("main object"), max_length=1000)
    resource = models.CharField(_("resource"), max_length=40)
    resource_url = models.CharField(_("resource URL"), max_length=1000)
    actie = models.CharField(_("action"), max_length=20)
    aanmaakdatum = models.DateTimeField(_("created at"), db_index=True)
    kenmerken = models.JSONField(_("attributes"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["gemeente", "kanaal", "id"], name="notificatie_gemeente_kanaal")]

    def __str__(self) -> str:
        return f"{self.kanaal} {self.actie} {self.persoon} → {self.gemeente}"

    def bericht(self) -> dict:
        """The body POSTed to a subscriber, in the Notificaties API's field names."""
        return {
            "kanaal": self.kanaal,
            "hoofdObject": self.hoofd_object,
            "resource": self.resource,
            "resourceUrl": self.resource_url,
            "actie": self.actie,
            "aanmaakdatum": self.aanmaakdatum.isoformat().replace("+00:00", "Z"),
            "kenmerken": self.kenmerken,
        }


class Aflevering(models.Model):
    """The delivery of one notification to one subscription: once-only by the unique pair, retried with
    exponential backoff until delivered or the maximum of attempts is reached (then ``mislukt``, and visible)."""

    class Status(models.TextChoices):
        WACHT = "wacht", _("pending")
        BEZORGD = "bezorgd", _("delivered")
        MISLUKT = "mislukt", _("failed")

    notificatie = models.ForeignKey(Notificatie, on_delete=models.CASCADE, related_name="afleveringen")
    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="afleveringen")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHT)
    pogingen = models.PositiveIntegerField(_("attempts"), default=0)
    volgende_poging = models.DateTimeField(_("next attempt"), null=True, blank=True)
    laatste_poging = models.DateTimeField(_("last attempt"), null=True, blank=True)
    laatste_http_status = models.PositiveIntegerField(_("last HTTP status"), null=True, blank=True)
    laatste_fout = models.TextField(_("last error"), blank=True, default="")

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notificatie", "abonnement"], name="aflevering_eenmaal")
        ]
        indexes = [
            models.Index(
                fields=["volgende_poging"],
                condition=models.Q(status="wacht"),
                name="aflevering_te_doen",
            )
        ]

    def __str__(self) -> str:
        return f"{self.notificatie_id} → {self.abonnement_id}: {self.status} ({self.pogingen})"


class Signaalstand(models.Model):
    """What was last signalled, per channel and key: for ``nieuw_plichtig`` the municipality a person was last
    reported to (key: the person), for ``elip`` that a person is on the municipality's list (the row goes when
    they leave it), for ``correcties`` a correcting event already dealt with (key: its id), for ``verhuizing``
    every person's responsible municipality as last signalled (empty: none). The daily run compares the store
    with these rows, set-wise."""

    kanaal = models.CharField(_("channel"), max_length=20, choices=Kanaal.choices)
    sleutel = models.CharField(_("key"), max_length=100)
    gemeente = models.CharField(_("municipality"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("signal state")
        verbose_name_plural = _("signal states")
        constraints = [models.UniqueConstraint(fields=["kanaal", "sleutel"], name="signaalstand_eenmaal")]

    def __str__(self) -> str:
        return f"{self.kanaal} {self.sleutel}: {self.gemeente}"


class Signaalrun(models.Model):
    """One run of ``notificaties maak``: when, and how many notifications per channel it made."""

    moment = models.DateTimeField(_("moment"))
    peildatum = models.DateField(_("reference date"))
    aantallen = models.JSONField(_("counts"))

    class Meta:
        verbose_name = _("signal run")
        verbose_name_plural = _("signal runs")
        get_latest_by = "moment"

    def __str__(self) -> str:
        return f"{self.moment:%Y-%m-%d %H:%M}: {self.aantallen}"
