"""The exchange's tables, one module per part: deliveries and quarantined rows, reconciliation findings,
subscriptions and notifications."""
