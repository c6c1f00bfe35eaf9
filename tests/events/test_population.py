"""Evaluating a population in blocks gives exactly what evaluating it at once gives."""

from __future__ import annotations

import datetime as dt

import numpy as np

import inburgering.events.population as population_module
import inburgering.law as law
from inburgering.events.population import Population
from inburgering.law.explain import soort_van
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
            want, have = np.asarray(expected[name]), np.asarray(got[name])  # texts decoded to strings
            assert np.array_equal(want, have, equal_nan=want.dtype.kind in "fM"), name
    assert at_once[0]["inburgeringsplichtig"].any()  # the comparison is over a population with real work


def test_the_facts_table_shows_each_persons_texts_as_their_explanation_does(monkeypatch):
    """Texts are codes inside the engine and strings outside: the table (decoded per block and column) and the
    explanation (one person, decoded per value) must show the same words for everyone."""
    tables = generate(150, seed=5, tot=dt.date(2025, 6, 30))
    peildatum = dt.date(2025, 6, 30)
    monkeypatch.setattr(population_module, "BLOK", 64)
    population = Population(tables)
    frame = population.facts(peildatum)
    teksten = [naam for naam in law.FEITEN if soort_van(naam) == "tekst"]
    assert len(teksten) >= 8 and frame["status"].n_unique() >= 4  # many words, so a mix-up would show
    for i, persoon in enumerate(tables.personen):
        feiten = population.explain(persoon, peildatum).feiten
        assert {naam: frame[naam][i] or None for naam in teksten} == {naam: feiten[naam] for naam in teksten}


def test_totals_by_cell_equal_totals_by_selecting_each_inputs_rows(monkeypatch):
    """The counted and summed inputs with conditions (hours per kind and quality mark, exam attempts per part)
    are taken per cell in one pass; selecting each input's own rows must give the same numbers."""
    from inburgering.events import reduce

    tables = generate(300, seed=3, tot=dt.date(2025, 6, 30))
    population = Population(tables)
    by_cell = population.inputs(dt.date(2025, 6, 30), dt.date(2024, 12, 31))
    monkeypatch.setattr(reduce, "MAX_CELLS", 0)  # every input selects its own rows
    by_selection = population.inputs(dt.date(2025, 6, 30), dt.date(2024, 12, 31))
    cell_inputs = [s.invoer for s in reduce.SOURCES if s.waar and s.hoe in ("sum", "count")]
    assert (
        len(cell_inputs) >= 18 and by_cell["uren_nt2_keurmerk"].any() and by_cell["examen_knm_pogingen"].any()
    )
    for naam in cell_inputs:
        assert np.array_equal(by_cell[naam], by_selection[naam]), naam
        assert by_cell[naam].dtype == by_selection[naam].dtype, naam
