"""Evaluating a population in blocks gives exactly what evaluating it at once gives."""

from __future__ import annotations

import datetime as dt

import numpy as np

import inburgering.events.population as population_module
from inburgering.events.population import Population
from inburgering.synth.population import generate


def test_blocks_give_the_same_facts_as_one_pass(monkeypatch):
    tables = generate(400, seed=11, tot=dt.date(2026, 6, 30))
    peildatum, known = dt.date(2026, 6, 30), dt.date(2024, 3, 1)
    whole = Population(tables)
    at_once = whole.evaluate(peildatum), whole.evaluate(peildatum, known)
    monkeypatch.setattr(population_module, "BLOK", 37)  # blocks that end mid-way in the person order
    in_blocks = whole.evaluate(peildatum), whole.evaluate(peildatum, known)
    for expected, got in zip(at_once, in_blocks, strict=True):
        assert expected.keys() == got.keys()
        for name in expected:
            assert np.array_equal(expected[name], got[name], equal_nan=expected[name].dtype.kind in "fM"), (
                name
            )
    assert at_once[0]["inburgeringsplichtig"].any()  # the comparison is over a population with real work
