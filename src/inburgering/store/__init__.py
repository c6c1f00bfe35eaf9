"""The store: persons, their append-only event history, the projection of derived facts, organisations, roles and
the read log (Django models on SQLite or PostgreSQL). Pages and API (``inburgering.web``) build on it."""
