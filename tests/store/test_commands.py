"""The administrator's commands: load a file (checked whole, idempotent) and the daily recomputation."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from inburgering.store.models import Feiten, Gebeurtenis, Projectie
from tests.conftest import make_event

PERMIT = {
    "soort": "verblijfsvergunning_verleend",
    "geldig_op": "2024-03-01",
    "gegevens": {
        "verblijfsgrond": "asiel",
        "verblijfsdoel": "asiel",
        "nationaliteit": "SY",
        "geboortedatum": "1990-01-01",
    },
}


def _file(tmp_path, specs) -> str:
    path = tmp_path / "levering.jsonl"
    path.write_text("\n".join(json.dumps(make_event(s, number=i + 1)) for i, s in enumerate(specs)) + "\n")
    return str(path)


def test_laad_loads_checks_and_is_idempotent(db, tmp_path):
    path = _file(
        tmp_path,
        [
            PERMIT,
            {
                "soort": "ingeschreven_in_gemeente",
                "geldig_op": "2024-05-01",
                "gegevens": {"gemeente": "GM0363"},
            },
        ],
    )
    call_command("laad", path, stdout=io.StringIO())
    assert (
        Gebeurtenis.objects.count() == 2
        and Feiten.objects.get(persoon_id="P1").verantwoordelijke_gemeente == "GM0363"
    )
    call_command("laad", path, stdout=io.StringIO())
    assert Gebeurtenis.objects.count() == 2


def test_laad_refuses_a_file_with_a_bad_line_and_writes_nothing(db, tmp_path):
    bad = {"soort": "leerbaarheidstoets_afgenomen", "geldig_op": "2024-05-01", "gegevens": {"score": 41}}
    with pytest.raises(CommandError, match=r"levering.jsonl:2: gegevens.score"):
        call_command("laad", _file(tmp_path, [PERMIT, bad]))
    assert not Gebeurtenis.objects.exists()


def test_herbereken_records_the_recomputation(chain):
    call_command("herbereken", "--peildatum", "2030-01-01", stdout=io.StringIO())
    assert str(Projectie.objects.latest().peildatum) == "2030-01-01"
