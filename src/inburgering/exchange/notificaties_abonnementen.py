"""Who may subscribe to what, and which subscriptions receive a notification: the one place where the privacy of
signals is decided (a municipality receives only signals about its own persons; DUO, which oversees the chain,
may receive all of them except the moves, which are the municipalities' handover; nobody else subscribes).

The channels and the kenmerken each may be filtered on are fixed here and documented in docs/exchange.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from inburgering.exchange.models.notificaties import Abonnement, Kanaal
from inburgering.store.models import Organisatie


@dataclass(frozen=True)
class KanaalInfo:
    naam: str
    omschrijving: str
    filters: tuple[str, ...]  # the kenmerken a subscription may filter on
    alleen_gemeenten: bool = False  # not for DUO either


KANALEN: dict[str, KanaalInfo] = {
    k.naam: k
    for k in (
        KanaalInfo(
            Kanaal.NIEUW_PLICHTIG,
            _("A person became obliged to integrate, or got a responsible municipality (also by moving)."),
            ("gemeente", "wet", "doelgroep"),
        ),
        KanaalInfo(
            Kanaal.ELIP,
            _("A person came on the municipality's ELIP list (loan (nearly) used up, still obliged)."),
            ("gemeente", "signaal"),
        ),
        KanaalInfo(
            Kanaal.CORRECTIES,
            _("An event about a person of the municipality was corrected or withdrawn."),
            ("gemeente", "soort"),
        ),
        # The handover between the municipality a person left and the one they came to: theirs alone. DUO sees
        # every person's municipality in the API and has no part in the handover.
        KanaalInfo(
            Kanaal.VERHUIZING,
            _(
                "A person came into or left the municipality's caseload (their responsible municipality changed),"
                " with the other municipality."
            ),
            ("gemeente", "richting"),
            alleen_gemeenten=True,
        ),
    )
}

ABONNEERT = frozenset({Organisatie.Soort.GEMEENTE, Organisatie.Soort.DUO})


class AbonnementFout(ValueError):
    """A subscription that may not be made as asked; ``veld`` names the field, the message says why."""

    def __init__(self, veld: str, bericht: str):
        super().__init__(bericht)
        self.veld = veld


def mag_abonneren(organisatie: Organisatie | None) -> bool:
    return organisatie is not None and organisatie.soort in ABONNEERT


def controleer_kanalen(organisatie: Organisatie, kanalen: list[dict]) -> list[dict]:
    """The channels of a subscription, checked: known names, each once, filters on the channel's kenmerken, and a
    municipality's filter on ``gemeente`` (if any) its own. Returns them in the stored form."""
    gezien = set()
    schoon = []
    for i, kanaal in enumerate(kanalen):
        naam, filters = kanaal["naam"], dict(kanaal.get("filters") or {})
        if naam not in KANALEN:
            raise AbonnementFout(f"kanalen.{i}.naam", f"onbekend kanaal {naam!r}")
        if naam in gezien:
            raise AbonnementFout(f"kanalen.{i}.naam", f"kanaal {naam!r} staat er twee keer in")
        gezien.add(naam)
        if KANALEN[naam].alleen_gemeenten and organisatie.soort != Organisatie.Soort.GEMEENTE:
            raise AbonnementFout(f"kanalen.{i}.naam", f"kanaal {naam} is er alleen voor gemeenten")
        for kenmerk in filters:
            if kenmerk not in KANALEN[naam].filters:
                toegestaan = ", ".join(KANALEN[naam].filters)
                raise AbonnementFout(
                    f"kanalen.{i}.filters.{kenmerk}",
                    f"op {kenmerk!r} kan kanaal {naam} niet filteren (wel op: {toegestaan})",
                )
        if (
            organisatie.soort == Organisatie.Soort.GEMEENTE
            and filters.get("gemeente", organisatie.code) != organisatie.code
        ):
            raise AbonnementFout(
                f"kanalen.{i}.filters.gemeente",
                f"een gemeente ontvangt alleen signalen over haar eigen inwoners ({organisatie.code})",
            )
        schoon.append({"naam": naam, "filters": filters})
    if not schoon:
        raise AbonnementFout("kanalen", "kies ten minste één kanaal")
    return schoon


def ontvangt(abonnement: Abonnement, kanaal: str, kenmerken: dict) -> bool:
    """Whether this subscription receives a notification of ``kanaal`` with ``kenmerken``. The municipality's
    own code (and a channel only for municipalities) is checked here, at delivery, and not only when the
    subscription was made: a subscription edited in the admin cannot widen what anyone receives."""
    organisatie = abonnement.organisatie
    if organisatie.soort == Organisatie.Soort.GEMEENTE:
        if kenmerken.get("gemeente") != organisatie.code:
            return False
    elif organisatie.soort != Organisatie.Soort.DUO or KANALEN[kanaal].alleen_gemeenten:
        return False
    for item in abonnement.kanalen:
        if item.get("naam") == kanaal:
            return all(kenmerken.get(k) == v for k, v in (item.get("filters") or {}).items())
    return False


class Ontvangers:
    """The subscriptions that receive each notification, indexed by municipality: a notification is checked
    against its own municipality's subscriptions and DUO's, not against every municipality's."""

    def __init__(self, abonnementen: Iterable[Abonnement]):
        self.per_gemeente: dict[str, list[Abonnement]] = {}
        self.overig: list[Abonnement] = []
        for abonnement in abonnementen:
            if abonnement.organisatie.soort == Organisatie.Soort.GEMEENTE:
                self.per_gemeente.setdefault(abonnement.organisatie.code, []).append(abonnement)
            else:
                self.overig.append(abonnement)

    def voor(self, kanaal: str, kenmerken: dict) -> Iterator[Abonnement]:
        kandidaten = (*self.per_gemeente.get(kenmerken.get("gemeente"), ()), *self.overig)
        return (a for a in kandidaten if ontvangt(a, kanaal, kenmerken))
