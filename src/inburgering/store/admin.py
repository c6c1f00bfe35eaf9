"""The functional administrator's screens (/beheer/): organisations and roles are managed here; events, reads and
recomputations can be looked at but never changed or deleted (the history is append-only)."""

from django.contrib import admin

from inburgering.store.models import Gebeurtenis, Inzage, Medewerker, Organisatie, Projectie


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ("code", "naam", "soort")
    list_filter = ("soort",)
    search_fields = ("code", "naam")


@admin.register(Medewerker)
class MedewerkerAdmin(admin.ModelAdmin):
    list_display = ("gebruiker", "rol", "organisatie", "persoon")
    list_filter = ("rol",)
    search_fields = ("gebruiker__username", "organisatie__code")
    autocomplete_fields = ("organisatie",)
    raw_id_fields = ("persoon",)


class AlleenLezen(admin.ModelAdmin):
    """Shown, never changed: these rows are evidence."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Gebeurtenis)
class GebeurtenisAdmin(AlleenLezen):
    list_display = ("id", "persoon_id", "soort", "geldig_op", "beschikbaar_op", "bron", "geregistreerd_door")
    list_filter = ("soort",)
    search_fields = ("=id", "=persoon__identificatie")
    show_full_result_count = False  # no count of millions of rows per page


@admin.register(Inzage)
class InzageAdmin(AlleenLezen):
    list_display = ("tijdstip", "gebruiker", "rol", "organisatie", "persoon_id", "onderdeel", "kanaal")
    list_filter = ("rol", "kanaal", "onderdeel")
    search_fields = ("=persoon__identificatie", "gebruiker__username")
    show_full_result_count = False


@admin.register(Projectie)
class ProjectieAdmin(AlleenLezen):
    list_display = ("peildatum", "berekend_op", "personen", "gewijzigd")
