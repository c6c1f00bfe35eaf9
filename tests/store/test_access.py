"""Purpose-bound access: each role sees exactly its caseload, writes only what it delivers, as its own source."""

from __future__ import annotations

import pytest

from inburgering.events.jsonl import event_from_dict
from inburgering.store.access import Geweigerd, toegang
from inburgering.store.models import Gebeurtenis
from inburgering.store.projection import today
from inburgering.store.writes import write
from tests.chain import SCOPE
from tests.conftest import make_event


@pytest.mark.parametrize("username", sorted(SCOPE))
def test_each_role_sees_exactly_its_caseload(chain, username):
    t = toegang(chain[username])
    assert set(t.zichtbare_feiten().values_list("persoon_id", flat=True)) == SCOPE[username]


def test_the_school_sees_only_learning_data(chain):
    t = toegang(chain["school"])
    assert "verblijfsdoel" not in t.feitnamen() and "leerroute" in t.feitnamen()
    assert not t.mag_soort_zien("verblijfsvergunning_verleend") and t.mag_soort_zien("uren_geregistreerd")
    assert not t.mag_uitleg_zien


def test_medical_advice_is_for_duo_only(chain):
    assert toegang(chain["duo"]).mag_soort_zien("medisch_advies_uitgebracht")
    for username in ("gm0363", "coa", "school"):
        assert not toegang(chain[username]).mag_soort_zien("medisch_advies_uitgebracht")


def _event(persoon, soort, bron, **gegevens):
    return event_from_dict(
        make_event(
            {"soort": soort, "geldig_op": today(), "bron": bron, "gegevens": gegevens},
            persoon=persoon,
            number=500,
        )
    )


def test_a_municipality_writes_for_its_own_caseload_as_itself(chain):
    t = toegang(chain["gm0363"])
    write([_event("A-GM0363", "brede_intake_gestart", "GM0363")], t)
    assert (
        Gebeurtenis.objects.get(persoon_id="A-GM0363", soort="brede_intake_gestart").geregistreerd_door
        == chain["gm0363"]
    )
    with pytest.raises(Geweigerd, match="caseload"):
        write([_event("B-GM0599", "brede_intake_gestart", "GM0363")], t)
    with pytest.raises(Geweigerd, match="bron"):
        write([_event("A-GM0363", "brede_intake_afgerond", "GM0599")], t)
    with pytest.raises(Geweigerd, match="mag geen"):
        write([_event("A-GM0363", "vrijstelling_verleend", "GM0363", grond="diploma")], t)


def test_only_source_registers_and_duo_make_persons_known(chain):
    permit = event_from_dict(
        make_event(
            {
                "soort": "verblijfsvergunning_verleend",
                "geldig_op": today(),
                "bron": "IND",
                "gegevens": {
                    "verblijfsgrond": "asiel",
                    "verblijfsdoel": "asiel",
                    "nationaliteit": "ER",
                    "geboortedatum": "2000-01-01",
                },
            },
            persoon="NIEUW",
        )
    )
    with pytest.raises(Geweigerd):
        write([permit], toegang(chain["gm0363"]))
    write([permit], toegang(chain["ind"]))
    assert Gebeurtenis.objects.filter(persoon_id="NIEUW").count() == 1
    assert set(toegang(chain["duo"]).zichtbare_feiten().values_list("persoon_id", flat=True)) >= {"NIEUW"}
