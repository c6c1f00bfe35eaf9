"""The exchange's tables, one module per part: deliveries and quarantined rows, reconciliation findings,
subscriptions and notifications."""

from inburgering.exchange.models.feeds import Levering, LeveringFout  # noqa: F401
