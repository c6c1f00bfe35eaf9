"""Chain data exchange: partners' deliveries imported, checked and applied to the store; reconciliation checks that
find the gaps between partners; signals to municipalities as notifications and files (docs/exchange.md)."""
