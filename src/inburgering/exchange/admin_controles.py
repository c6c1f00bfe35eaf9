"""The administrator's read-only view of the reconciliation findings and runs (/beheer/): evidence of what each
check found and when, never changed by hand (a finding closes when the data no longer gives it)."""

from django.contrib import admin

from inburgering.exchange.models import Bevinding, Controlerun
from inburgering.store.admin import AlleenLezen


@admin.register(Bevinding)
class BevindingAdmin(AlleenLezen):
    list_display = (
        "controle",
        "persoon_id",
        "gemeente",
        "sinds",
        "stap",
        "open",
        "eerst_gezien",
        "gesloten_op",
    )
    list_filter = ("controle", "open")
    search_fields = ("=persoon__identificatie", "=gemeente")
    show_full_result_count = False


@admin.register(Controlerun)
class ControlerunAdmin(AlleenLezen):
    list_display = ("tijdstip", "controle", "peildatum", "open", "nieuw", "gesloten", "duur_ms")
    list_filter = ("controle",)
