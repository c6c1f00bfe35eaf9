from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoreConfig(AppConfig):
    name = "inburgering.store"
    label = "store"
    verbose_name = _("Event store and derived facts")
    default_auto_field = "django.db.models.BigAutoField"
