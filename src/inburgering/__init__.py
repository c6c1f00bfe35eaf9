"""Open Inburgering."""
