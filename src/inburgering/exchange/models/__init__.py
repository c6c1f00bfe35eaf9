"""The exchange's tables, one module per part: deliveries and quarantined rows, reconciliation findings,
subscriptions and notifications."""

from inburgering.exchange.models import notificaties  # noqa: F401  (signals to municipalities)
from inburgering.exchange.models.controles import Bevinding, Controlerun  # noqa: F401
from inburgering.exchange.models.feeds import Levering, LeveringFout  # noqa: F401
