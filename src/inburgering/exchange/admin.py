"""The exchange's administration screens, one module per part."""

from inburgering.exchange import notificaties_admin  # noqa: F401  (signals to municipalities)
