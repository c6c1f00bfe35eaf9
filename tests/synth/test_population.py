"""The synthetic population: deterministic, in the columnar contract of docs/events.md, and plausible."""

from __future__ import annotations

import datetime as dt

import msgspec
import numpy as np
import polars as pl
import pytest

from inburgering.events.population import Population
from inburgering.events.vocabulary import SOORTEN, enumeration, table_schema
from inburgering.law.parameters import default_parameters
from inburgering.synth.population import (
    ASIEL_DOELEN,
    COVID_VERLENGING_TERMIJN_BEGONNEN_UITERLIJK,
    COVID_VERLENGINGEN,
    LESTEMPO,
    PLICHTIG_PER_JAAR,
    VELDEN,
    WETTEN,
    _cellen,
    _dag,
    _na_lesdagen,
    generate,
    generate_frames,
    nationaal_aantal,
)

TOT = dt.date(2026, 11, 1)
N = 5000


@pytest.fixture(scope="module")
def population():
    return generate_frames(N, seed=7, tot=TOT)


def test_same_seed_gives_the_same_tables_and_another_seed_differs():
    _, a = generate_frames(800, seed=1, tot=TOT)
    _, b = generate_frames(800, seed=1, tot=TOT)
    _, c = generate_frames(800, seed=2, tot=TOT)
    assert a.keys() == b.keys()
    assert all(a[soort].equals(b[soort]) for soort in a)
    assert any(soort not in c or not a[soort].equals(c[soort]) for soort in a)


def test_personen_are_sorted_unique_names(population):
    personen, _ = population
    assert len(personen) == N
    assert (personen[1:] > personen[:-1]).all()
    assert personen[0] == "S0000001"


def test_columns_and_types_follow_the_contract(population):
    _, frames = population
    envelope = ["id", "persoon", "geldig_op", "beschikbaar_op", "bron", "corrigeert", "intrekking"]
    for soort, frame in frames.items():
        assert frame.height > 0
        assert frame.columns[:7] == envelope
        assert dict(frame.schema) == table_schema(soort), soort
        assert frame.columns == list(table_schema(soort))
        assert frame["persoon"].min() >= 0 and frame["persoon"].max() < N
        assert (
            frame.select(
                pl.col(c).null_count() for c in ("id", "geldig_op", "beschikbaar_op", "bron")
            ).sum_horizontal()[0]
            == 0
        )


def test_rows_are_sorted(population):
    _, frames = population
    for frame in frames.values():
        assert frame.equals(frame.sort(["persoon", "geldig_op", "beschikbaar_op", "id"]))


def test_nothing_lies_after_tot_and_nothing_is_known_before_it_happened(population):
    _, frames = population
    einde = dt.datetime(TOT.year, TOT.month, TOT.day, 23, 59, 59, 999999, tzinfo=dt.UTC)
    for soort, frame in frames.items():
        assert frame["geldig_op"].max() <= TOT, soort
        assert frame["beschikbaar_op"].max() <= einde, soort
        dag = frame["beschikbaar_op"].dt.replace_time_zone(None).dt.date()
        assert (dag >= frame["geldig_op"]).all(), soort


def test_ids_are_unique_over_all_types(population):
    _, frames = population
    ids = pl.concat([f["id"] for f in frames.values()])
    assert ids.n_unique() == len(ids)


def test_corrections_name_an_event_of_the_same_type_and_person_known_earlier(population):
    _, frames = population
    corrected = set()
    for soort, frame in frames.items():
        linked = frame.filter(pl.col("corrigeert").is_not_null()).join(
            frame.select("id", pl.col("persoon").alias("p_doel"), pl.col("beschikbaar_op").alias("b_doel")),
            left_on="corrigeert",
            right_on="id",
            how="left",
        )
        assert linked["p_doel"].null_count() == 0, soort
        assert (linked["persoon"] == linked["p_doel"]).all(), soort
        assert (linked["beschikbaar_op"] > linked["b_doel"]).all(), soort
        assert frame.filter(pl.col("intrekking") & pl.col("corrigeert").is_null()).height == 0
        if linked.height:
            corrected.add(soort)
    assert {"kennisgeving_verzonden", "uren_geregistreerd"} <= corrected


def test_a_withdrawal_repeats_what_it_withdraws(population):
    _, frames = population
    frame = frames["uren_geregistreerd"]
    withdrawn = frame.filter(pl.col("intrekking"))
    assert withdrawn.height > 0
    original = withdrawn.join(frame, left_on="corrigeert", right_on="id", suffix="_orig")
    for column in VELDEN["uren_geregistreerd"]:
        assert (original[column] == original[f"{column}_orig"]).all()


def test_wrong_law_notifications_are_corrected_to_wi2021(population):
    _, frames = population
    frame = frames["kennisgeving_verzonden"]
    corrections = frame.filter(pl.col("corrigeert").is_not_null())
    assert corrections.height > 0
    original = corrections.join(frame, left_on="corrigeert", right_on="id", suffix="_orig")
    assert (original["wet"] == "Wi2021").all()
    assert (original["wet_orig"] == "Wi2013").all()


def test_all_three_laws_are_notified(population):
    _, frames = population
    assert set(frames["kennisgeving_verzonden"]["wet"].unique()) == {"Wi2007", "Wi2013", "Wi2021"}


def test_about_fifteen_events_per_person(population):
    _, frames = population
    mean = sum(f.height for f in frames.values()) / N
    assert 10 <= mean <= 20


def test_values_are_in_range(population):
    _, frames = population
    score = frames["leerbaarheidstoets_afgenomen"]["score"]
    assert score.min() >= 0 and score.max() <= 40
    uren = frames["uren_geregistreerd"]["uren"]
    assert uren.min() > 0 and uren.max() <= 2000
    lening = frames["lening_besteed"]["totaal_cent"]
    assert lening.min() > 0 and lening.max() <= 1_000_000
    assert (lening >= 950_000).any()
    verlenging = frames["verlenging_verleend"]
    duur = verlenging["duur_maanden"].is_not_null()
    assert (duur == verlenging["duur_dagen"].is_not_null()).all()
    assert (duur != verlenging["tot"].is_not_null()).all()
    assert duur.any() and (~duur).any()
    bron = pl.concat([f["bron"] for f in frames.values()])
    assert bron.str.contains(r"^(IND|DUO|COA|BRP|CVTE|ARGONAUT|GM[0-9]{4}|TAALSCHOOL:[0-9]+)$").all()


def test_permits_span_the_years_and_grounds(population):
    _, frames = population
    permits = frames["verblijfsvergunning_verleend"].filter(pl.col("corrigeert").is_null())
    jaren = permits["geldig_op"].dt.year()
    assert jaren.min() == 2007 and jaren.max() == TOT.year
    asiel = (permits["verblijfsgrond"] == "asiel") & (permits["verblijfsdoel"] != "tijdelijke_bescherming")
    cellen = _cellen(TOT)
    asylum_cells = sum(c[4] for c in cellen if c[0] == "asiel") / sum(c[4] for c in cellen)
    expected = asylum_cells * (ASIEL_DOELEN["asiel"] + ASIEL_DOELEN["nareis_asiel"])
    assert abs(asiel.mean() - expected) < 0.03
    assert (
        permits.filter(pl.col("verblijfsdoel") == "tijdelijke_bescherming")["nationaliteit"] == "UA"
    ).all()


def test_frames_are_accepted_by_event_tables():
    _, frames = generate_frames(500, seed=3, tot=TOT)
    tables = generate(500, seed=3, tot=TOT)
    assert tables.n_events == sum(f.height for f in frames.values())
    assert all(tables.tabellen[soort].equals(frame) for soort, frame in frames.items())


def test_a_person_without_events_still_has_a_name():
    personen, frames = generate_frames(50, seed=5, tot=dt.date(2007, 1, 10))
    assert len(personen) == 50
    assert np.isin(frames["verblijfsvergunning_verleend"]["persoon"].to_numpy(), np.arange(50)).all()


def test_code_tables_are_the_vocabulary_enumerations():
    """The generator's code tables may not drift from the vocabulary: every field is a column of the type, and an
    enumerated field draws from exactly the values the vocabulary allows."""
    for soort, velden in VELDEN.items():
        schema = table_schema(soort)
        for naam, codes in velden.items():
            assert naam in schema, f"{soort}.{naam}"
            if not isinstance(codes, tuple):
                assert schema[naam] == codes, f"{soort}.{naam}"
                continue
            fields = {f.name: f.type for f in msgspec.structs.fields(SOORTEN[soort])}
            allowed = enumeration(fields[naam])
            if allowed is not None:
                assert set(codes) == set(allowed), f"{soort}.{naam}"


def test_laws_are_coded_in_date_order():
    assert WETTEN == ("Wi2007", "Wi2013", "Wi2021")


def test_the_engine_finds_the_national_obliged_inflow_the_generator_was_given():
    """Scaled back to the country, the cohorts the engine derives from the events match the national table
    (figures.md C1/C2), within the noise of a 3% sample."""
    tot = dt.date(2025, 12, 31)
    n = round(0.03 * nationaal_aantal(tot))
    population = Population(generate(n, seed=4, tot=tot))
    facts = population.evaluate(tot)
    schaal = n / nationaal_aantal(tot)
    cohort = facts["plicht_datum"].astype("datetime64[Y]").astype(int) + 1970
    for jaar in (2016, 2022, 2023, 2024):
        asiel, gezin = PLICHTIG_PER_JAAR[jaar]
        wie = (cohort == jaar) & (facts["wet"] != "")
        assert abs(wie.sum() / schaal / (asiel + gezin) - 1) < 0.1, jaar
        share = (facts["doelgroep"][wie] == "asielstatushouder").mean()
        assert abs(share - asiel / (asiel + gezin)) < 0.05, jaar


def test_lessons_take_longer_across_the_covid_period_and_not_before_it():
    """The lesson calendar: 100 days before 2020 take 100 days; a stretch inside the slow period takes 1 / pace
    as long; and the days of lessons done never go back as the start moves later."""
    (corona, traag), (weer_open, snel) = LESTEMPO
    voor = np.array([_dag(dt.date(2018, 1, 1))])
    assert _na_lesdagen(voor, np.array([100.0]))[0] == voor[0] + 100
    binnen = np.array([_dag(corona)])
    assert _na_lesdagen(binnen, np.array([70.0]))[0] == binnen[0] + round(70 / traag)
    na = np.array([_dag(weer_open)])
    assert _na_lesdagen(na, np.array([120.0]))[0] == na[0] + round(120 / snel)
    starts = np.arange(_dag(dt.date(2019, 1, 1)), _dag(dt.date(2022, 1, 1)), 7)
    klaar = _na_lesdagen(starts, np.full(len(starts), 900.0))
    assert (np.diff(klaar) >= 0).all()
    assert (klaar - starts).max() > 900 > 0


def test_the_general_covid_extensions_reach_the_terms_running_since_march_2020_and_delay_their_fines():
    """DUO's general COVID-19 extensions, read back through the law: only Wi2013 terms that began by 13 March
    2020 and were still running get them, on the schedule's dates and with its months; nearly all such terms of
    those still obliged get the first, and (nearly) nobody whose obligation had already ended gets one; and their
    fines come after the extended end (at least the 10 months that every one of them got), not after the
    original one."""
    tables = generate(N, seed=7, tot=TOT)
    namen = ("wet", "termijn_start", "termijn_einde_basis", "uitstroom_datum")
    facts = Population(tables).evaluate(TOT, names=namen)
    covid = tables.tabellen["verlenging_verleend"].filter(pl.col("grond") == "covid")
    schema = {(d, m) for d, m, _ in COVID_VERLENGINGEN}
    assert set(zip(covid["geldig_op"].to_list(), covid["duur_maanden"].to_list(), strict=True)) <= schema
    wie = covid["persoon"].to_numpy()
    begin = np.datetime64(COVID_VERLENGING_TERMIJN_BEGONNEN_UITERLIJK)
    marge = np.timedelta64(3, "D")  # the generator counts a term in days, the law in calendar months
    assert (np.asarray(facts["wet"])[wie] == "Wi2013").all()
    assert (facts["termijn_start"][wie] <= begin + marge).all()
    assert (facts["termijn_einde_basis"][wie] >= begin - marge).all()

    # a letter to someone whose obligation had ended (by the law's judgement of the whole history) is the
    # plan's rare miss: an obligation that lapsed (plicht_vervallen, drawn in a later phase)
    al_uit = facts["uitstroom_datum"][wie] <= covid["geldig_op"].to_numpy()
    assert al_uit.mean() < 0.005, al_uit.mean()

    wi2013 = np.asarray(facts["wet"]) == "Wi2013"
    dag = np.datetime64(COVID_VERLENGINGEN[0][0])
    liep = wi2013 & (facts["termijn_start"] < begin - marge) & (facts["termijn_einde_basis"] > begin + marge)
    nog_plichtig = liep & ~(facts["uitstroom_datum"] <= dag)
    eerste = covid.filter(pl.col("geldig_op") == COVID_VERLENGINGEN[0][0])["persoon"].to_numpy()
    assert nog_plichtig.sum() > 100
    assert np.isin(np.flatnonzero(nog_plichtig), eerste).mean() > 0.95
    assert not np.isin(np.flatnonzero(liep & ~nog_plichtig), eerste).any()

    boetes = tables.tabellen["boete_opgelegd"].filter(pl.col("persoon").is_in(np.unique(eerste)))
    na_einde = boetes["geldig_op"].to_numpy() - facts["termijn_einde_basis"][boetes["persoon"].to_numpy()]
    assert len(na_einde) > 10
    assert (na_einde > np.timedelta64(300, "D")).all()


def test_no_fine_is_announced_to_someone_who_had_complied():
    """DUO fines who let the term pass: read back through the law, no Wi2013 fine for the exams is announced to
    someone whose obligation the law finds met by then (DUO decides on the announcement's day, and a withdrawn exam
    result counts for nothing in the plan either), while fines do reach those who passed only after their term."""
    tables = generate(N, seed=7, tot=TOT)
    facts = Population(tables).evaluate(TOT, names=("wet", "voldaan_datum", "termijn_einde_basis"))
    aangekondigd = tables.tabellen["boete_vooraankondiging"].filter(pl.col("onderdeel") == "examen")
    wie = aangekondigd["persoon"].to_numpy()
    wi2013 = np.asarray(facts["wet"])[wie] == "Wi2013"
    assert wi2013.sum() > 30
    voldaan = facts["voldaan_datum"][wie][wi2013]
    al_voldaan = voldaan <= aangekondigd["geldig_op"].to_numpy()[wi2013]
    assert not al_voldaan.any(), al_voldaan.mean()
    assert (voldaan > facts["termijn_einde_basis"][wie][wi2013]).sum() > 10  # late passers are fined too


def test_a_change_in_one_phase_leaves_the_draws_of_the_others(monkeypatch):
    """Each phase has its own random stream: exempting more Wi2021 learners changes their PIPs, not the Wi2013
    loans drawn after them, so calibrating one law does not reshuffle the figures of another."""
    from inburgering.synth import population

    _, voor = generate_frames(800, seed=3, tot=TOT)
    monkeypatch.setattr(population, "VRIJSTELLING_WI2021", (0.3, 0.3))
    _, na = generate_frames(800, seed=3, tot=TOT)
    assert not na["pip_vastgesteld"].equals(voor["pip_vastgesteld"])
    assert na["lening_besteed"].equals(voor["lening_besteed"])


def test_a_dispensation_for_effort_after_exams_is_asked_for_only_when_the_law_allows_it():
    """R13-AGI-01 read back through the law: (nearly) every request for a dispensation for demonstrable effort on
    the course route (exams taken before it) is one the law finds met on its date: the term ran 2.5 years, 600
    hours at a listed school, every part not passed tried 4 times, and from 1 April 2023 3 times. The requests of
    that spring use the new count: under the old one some would fail. A withdrawn exam result counts as no
    attempt, for the law as for the generator's plan."""
    tables = generate(2 * N, seed=7, tot=TOT)
    population = Population(tables)
    examens = tables.tabellen["examen_uitslag"].select("persoon", examen_op="geldig_op")
    cursus = (
        tables.tabellen["ontheffing_aangevraagd"]
        .filter(pl.col("grond") == "agi")
        .join(examens, on="persoon")
        .filter(pl.col("examen_op") <= pl.col("geldig_op"))
        .unique("persoon")
    )
    oud = default_parameters().replace("agi.min_pogingen", {dt.date(2013, 1, 1): 4})
    toegestaan, ook_vroeger = [], []
    for (datum,), groep in cursus.group_by("geldig_op"):
        wie = groep["persoon"].to_numpy()
        toegestaan.extend(population.evaluate(datum, names=("agi_voldoet",))["agi_voldoet"][wie])
        if datum >= dt.date(2023, 4, 1):
            ook_vroeger.extend(
                population.evaluate(datum, parameters=oud, names=("agi_voldoet",))["agi_voldoet"][wie]
            )
    assert len(toegestaan) > 80
    assert np.mean(toegestaan) > 0.99, np.mean(toegestaan)
    assert len(ook_vroeger) > 5
    assert not all(ook_vroeger)


def test_a_cohorts_elip_numbers_change_that_cohorts_history_alone(monkeypatch):
    """``ELIP_COHORT`` acts on the cohort it names (the year the law finds the obligation arose) and on nobody else,
    and the random draws do not depend on it: what ``bench/elip_zoeken.py --per-cohort`` relies on when it fits
    every cohort on the same runs. More of cohort 2016 use up the loan, sooner, and wait longer for the exam; what
    happened to the others, and when, stays as it was (when it is delivered may move: the delivery moments of a
    phase are drawn in the order of its rows)."""
    from inburgering.synth import population

    voor = generate(N, seed=7, tot=TOT)
    monkeypatch.setitem(population.ELIP_COHORT, 2016, (3.0, -200, 2.0))
    na = generate(N, seed=7, tot=TOT)
    plicht = Population(voor).evaluate(TOT, names=("plicht_datum",))["plicht_datum"]
    cohort = plicht.astype("datetime64[Y]").astype(int) + 1970
    veranderd = []
    for soort, tabel in voor.tabellen.items():
        kolommen = [k for k in tabel.columns if k not in ("id", "corrigeert", "beschikbaar_op")]
        ander = na.tabellen[soort].select(kolommen)
        for links, rechts in ((tabel.select(kolommen), ander), (ander, tabel.select(kolommen))):
            veranderd.append(links.join(rechts, on=kolommen, how="anti", nulls_equal=True)["persoon"])
    wie = np.unique(pl.concat(veranderd).to_numpy())
    assert len(wie) > 20
    assert (cohort[wie] == 2016).all(), np.unique(cohort[wie], return_counts=True)

    def elip(tables) -> int:
        leningen = tables.tabellen["lening_besteed"].group_by("persoon").agg(pl.col("totaal_cent").max())
        return int(
            leningen.filter(pl.col("totaal_cent") >= 950_000)["persoon"]
            .is_in(np.flatnonzero(cohort == 2016))
            .sum()
        )

    assert elip(na) > 2 * elip(voor) > 0
