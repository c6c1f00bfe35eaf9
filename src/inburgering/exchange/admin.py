"""The exchange's admin screens (/beheer/), one module per part, imported here so Django finds them."""

from inburgering.exchange import (
    admin_controles,  # noqa: F401  (reconciliation)
    notificaties_admin,  # noqa: F401  (signals to municipalities)
)
