"""Findings of the reconciliation checks: per check and person, since when it holds, when the daily run first and
last saw it, and whether it is still open. A finding that no longer holds is closed, never deleted, so each check's
history (how long gaps stayed open, per municipality) can be read back."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inburgering.store.models import Persoon


class Bevinding(models.Model):
    """One person on one check's worklist, from its first run to the run that found it resolved."""

    controle = models.CharField(_("check"), max_length=40)
    persoon = models.ForeignKey(Persoon, on_delete=models.PROTECT, related_name="bevindingen")
    gemeente = models.CharField(
        _("municipality"),
        max_length=6,
        blank=True,
        help_text=_("The responsible municipality at the last run."),
    )
    taalschool = models.CharField(
        _("language school"),
        max_length=40,
        blank=True,
        help_text=_("For the hour-statement check: the school whose hours have no known contract."),
    )
    sinds = models.DateField(_("since"), help_text=_("The day from which the check's condition holds."))
    stap = models.CharField(
        _("next step"), max_length=40, blank=True, help_text=_("For the hour-statement check: what is next.")
    )
    eerst_gezien = models.DateTimeField(_("first seen"))
    laatst_gezien = models.DateTimeField(
        _("last seen"),
        help_text=_(
            "The last run that found it; while it is open, every run does (see the check's last run)."
        ),
    )
    open = models.BooleanField(_("open"), default=True)
    gesloten_op = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["controle", "persoon"], condition=Q(open=True), name="bevinding_een_open"
            )
        ]
        indexes = [
            # a check's worklist, overall and per municipality or school, in the order of ``sinds`` (keyset)
            models.Index(fields=["controle", "sinds", "persoon"], condition=Q(open=True), name="bev_open"),
            models.Index(
                fields=["controle", "gemeente", "sinds", "persoon"],
                condition=Q(open=True),
                name="bev_open_gm",
            ),
            models.Index(
                fields=["controle", "taalschool", "sinds", "persoon"],
                condition=Q(open=True),
                name="bev_open_school",
            ),
            models.Index(fields=["persoon", "controle"], name="bev_persoon"),
        ]

    def __str__(self) -> str:
        return f"{self.controle}: {self.persoon_id} sinds {self.sinds}"


class Controlerun(models.Model):
    """One run of one check: on which peildatum, when, and what it found (the checks' own log)."""

    controle = models.CharField(_("check"), max_length=40)
    peildatum = models.DateField(_("reference date"))
    tijdstip = models.DateTimeField(_("moment"))
    open = models.PositiveIntegerField(_("open findings"))
    nieuw = models.PositiveIntegerField(_("new findings"))
    gesloten = models.PositiveIntegerField(_("closed findings"))
    duur_ms = models.PositiveIntegerField(_("duration (ms)"))

    class Meta:
        verbose_name = _("check run")
        verbose_name_plural = _("check runs")
        indexes = [models.Index(fields=["controle", "-tijdstip"], name="controlerun_laatste")]

    def __str__(self) -> str:
        return f"{self.controle} op {self.peildatum}: {self.open} open"
