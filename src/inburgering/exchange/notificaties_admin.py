"""The administrator's screens of signals (/beheer/): subscriptions can be managed; notifications and the
signalled state are evidence and only shown; a failed delivery can be put back in the queue once the receiver is
repaired (its attempts start again)."""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inburgering.exchange.models.notificaties import Abonnement, Aflevering, Notificatie, Signaalrun
from inburgering.store.admin import AlleenLezen


@admin.register(Abonnement)
class AbonnementAdmin(admin.ModelAdmin):
    list_display = ("organisatie", "callback_url", "aangemaakt_op")
    list_filter = ("organisatie__soort",)
    search_fields = ("organisatie__code", "callback_url")
    autocomplete_fields = ("organisatie",)
    # a callback URL typed without a scheme is an https one (Django 6's default, already now)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Notificatie)
class NotificatieAdmin(AlleenLezen):
    list_display = ("aanmaakdatum", "kanaal", "actie", "persoon", "gemeente")
    list_filter = ("kanaal", "actie")
    search_fields = ("persoon", "gemeente")


@admin.register(Signaalrun)
class SignaalrunAdmin(AlleenLezen):
    list_display = ("moment", "peildatum", "aantallen")


@admin.register(Aflevering)
class AfleveringAdmin(AlleenLezen):
    list_display = (
        "notificatie",
        "abonnement",
        "status",
        "pogingen",
        "volgende_poging",
        "laatste_http_status",
    )
    list_filter = ("status",)
    search_fields = ("notificatie__persoon", "abonnement__organisatie__code")
    actions = ["opnieuw"]

    @admin.action(description=_("Retry the selected failed deliveries"))
    def opnieuw(self, request, queryset):
        n = queryset.filter(status=Aflevering.Status.MISLUKT).update(
            status=Aflevering.Status.WACHT, pogingen=0, volgende_poging=timezone.now()
        )
        self.message_user(request, _("%(n)d deliveries back in the queue.") % {"n": n})
