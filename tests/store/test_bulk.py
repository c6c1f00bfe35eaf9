"""Bulk inserts: what they leave out is what the database fills in."""

from __future__ import annotations

from django.apps import apps
from django.db.models import NOT_PROVIDED


def test_no_table_of_the_store_or_the_exchange_has_a_database_default():
    """A bulk insert on SQLite leaves out a column that is empty in every row, counting on NULL for it
    (``store.bulk._append``): a database default would put something else there. (That the facts of an import
    equal the engine's, empty dates included, is ``tests/exchange/util.py``'s check after every import test.)"""
    fields = [
        f"{model.__name__}.{field.name}"
        for label in ("store", "exchange")
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.concrete_fields
        if field.db_default is not NOT_PROVIDED
    ]
    assert fields == []
