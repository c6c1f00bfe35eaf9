from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "inburgering.exchange"
    label = "exchange"
    verbose_name = _("Chain data exchange")
    default_auto_field = "django.db.models.BigAutoField"
