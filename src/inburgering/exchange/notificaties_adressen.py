"""Where notifications may be sent: a callback URL must lead to the public internet, never to this machine, its
own network or a cloud's metadata service. Otherwise a subscriber could make the system POST to addresses only
it can reach, and learn from the answers (server-side request forgery, SSRF).

The URL's host is resolved (``getaddrinfo``) and *every* address it resolves to is checked, so a name with one
public and one internal record cannot choose the internal one. Refused is every address that is not globally
reachable (``ipaddress``'s ``is_global``), and by name, because ``is_global`` varies between Python versions
and does not cover all of them: unspecified, loopback, link-local (169.254.0.0/16, with the metadata service
169.254.169.254, and fe80::/10), multicast, reserved, unique-local (fc00::/7), site-local (fec0::/10) and private
(RFC 1918 and the like). An IPv4 address carried in an IPv6 one (mapped ``::ffff:a.b.c.d``, NAT64
``64:ff9b::/96``, 6to4 ``2002::/16``) is judged as that IPv4 address.

The check is made when a subscription is made or changed (the API answers 400, the admin shows it on the form)
and again at every delivery, because DNS can change in between. A delivery connects to the addresses it has just
checked, not to whatever the name resolves to a moment later (``Bestemming.verbinding``): the Host header, TLS's
server name and the certificate check keep the URL's host name, but no second lookup happens, so rebinding the
name between check and connect changes nothing. Redirects are not followed, so no answer can send a delivery on
to an internal address.

What this does not cover, honestly:

- it trusts this machine's resolver: a resolver that lies decides where a delivery goes;
- a public address that nonetheless reaches something internal (this organisation's own public addresses, a
  NAT or port forward into the network) is not recognised: only a firewall that blocks outgoing traffic to
  internal networks covers that, and this check does not replace one;
- deliveries connect directly: an HTTP proxy in the environment (``HTTPS_PROXY``) is not used, since through a
  proxy the address connected to would be the proxy's and the check would say nothing; a deployment whose
  outgoing traffic must pass a proxy needs that proxy to apply the same rule;
- ``INBURGERING_CALLBACK_TOEGESTAAN`` lists hosts or networks that are allowed anyway, for tests, demos and local
  development (empty by default): an allowed host *name* is allowed whatever it resolves to.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from socket import getaddrinfo  # looked up by this name: the tests put a table in its place
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

Adres = ipaddress.IPv4Address | ipaddress.IPv6Address
Netwerk = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_UNIEK_LOKAAL = ipaddress.IPv6Network("fc00::/7")

# What makes an address internal, in the order the reason is named (the first that applies).
_INTERN: tuple[tuple[str, Callable[[Adres], bool]], ...] = (
    ("ongespecificeerd", lambda a: a.is_unspecified),
    ("loopback", lambda a: a.is_loopback),
    ("link-local", lambda a: a.is_link_local),
    ("multicast", lambda a: a.is_multicast),
    ("gereserveerd", lambda a: a.is_reserved),
    ("uniek-lokaal", lambda a: a in _UNIEK_LOKAAL),
    ("site-local", lambda a: getattr(a, "is_site_local", False)),
    ("privénetwerk", lambda a: a.is_private),
    ("niet openbaar", lambda a: not a.is_global),
)

TLS = ssl.create_default_context()  # as urllib's: the certificate must be valid for the URL's host name


class AdresGeweigerd(ValueError):
    """A callback URL that no notification may be sent to; the message says why (in Dutch, for the subscriber)."""


def _als_ipv4(adres: Adres) -> Adres:
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), else the address itself."""
    if isinstance(adres, ipaddress.IPv6Address):
        if adres.ipv4_mapped is not None:
            return adres.ipv4_mapped
        if adres in _NAT64:
            return ipaddress.IPv4Address(int(adres) & 0xFFFF_FFFF)
        if adres.sixtofour is not None:
            return adres.sixtofour
    return adres


def interne_soort(adres: Adres) -> str | None:
    """Why ``adres`` is internal (``"loopback"``, ``"privénetwerk"``, …), or None for a public address."""
    adres = _als_ipv4(adres)
    return next((reden for reden, geldt in _INTERN if geldt(adres)), None)


def _toegestaan() -> tuple[frozenset[str], tuple[Netwerk, ...]]:
    """The setting's host names and networks (an address alone is a network of one)."""
    namen, netwerken = set(), []
    for item in settings.INBURGERING_CALLBACK_TOEGESTAAN:
        try:
            netwerken.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            namen.add(item.lower().rstrip("."))
    return frozenset(namen), tuple(netwerken)


@dataclass(frozen=True)
class Bestemming:
    """A callback URL taken apart, with the addresses it resolved to, all checked: where a delivery connects."""

    https: bool
    host: str
    poort: int
    pad: str
    adressen: tuple[str, ...]

    def verbinding(self, timeout: float) -> http.client.HTTPConnection:
        """An HTTP(S) connection to the URL's host name that opens its socket to a checked address. http.client
        opens it through the instance's ``_create_connection`` (what ``socket.create_connection`` is to it);
        replacing that keeps the Host header, TLS's server name and the certificate check on the host name,
        and leaves no second lookup (a test delivers to a name only the checked lookup knows)."""
        if self.https:
            verbinding = http.client.HTTPSConnection(self.host, self.poort, timeout=timeout, context=TLS)
        else:
            verbinding = http.client.HTTPConnection(self.host, self.poort, timeout=timeout)
        verbinding._create_connection = self._verbind
        return verbinding

    def _verbind(self, _adres, timeout, source_address=None) -> socket.socket:
        """The first checked address that accepts the connection, in the resolver's order (IPv6 then IPv4 on
        most systems), as ``socket.create_connection`` would try them."""
        laatste = len(self.adressen) - 1
        for i, adres in enumerate(self.adressen):
            try:
                return socket.create_connection((adres, self.poort), timeout, source_address)
            except OSError:
                if i == laatste:
                    raise


def bestemming(url: str) -> Bestemming:
    """``url`` resolved and checked. Raises ``AdresGeweigerd`` for a URL no notification may go to, and
    ``OSError`` (``socket.gaierror``) when the host cannot be resolved now (which may pass)."""
    try:
        delen = urlsplit(url)
        poort = delen.port
    except ValueError as error:
        raise AdresGeweigerd(f"ongeldig adres {url!r}: {error}") from None
    if delen.scheme not in ("http", "https") or not delen.hostname:
        raise AdresGeweigerd(f"geen http(s)-adres met een host: {url}")
    host, https = delen.hostname, delen.scheme == "https"
    poort = poort or (443 if https else 80)
    namen, netwerken = _toegestaan()
    gevonden = getaddrinfo(host, poort, type=socket.SOCK_STREAM)
    adressen = list(dict.fromkeys(sockaddr[0] for *_, sockaddr in gevonden))
    if host.rstrip(".") not in namen:
        for tekst in adressen:
            # an IPv6 zone (fe80::1%eth0) is no part of the address
            adres = ipaddress.ip_address(tekst.split("%", 1)[0])
            reden = interne_soort(adres)
            if reden and not any(a in n for a in (adres, _als_ipv4(adres)) for n in netwerken):
                wijst = f"{host} is" if host == tekst else f"{host} wijst naar {tekst},"
                raise AdresGeweigerd(
                    f"adres geweigerd: {wijst} een intern adres ({reden}); notificaties gaan alleen naar "
                    "openbare internetadressen"
                )
    pad = (delen.path or "/") + (f"?{delen.query}" if delen.query else "")
    return Bestemming(https=https, host=host, poort=poort, pad=pad, adressen=tuple(adressen))


def valideer_callback(url: str) -> None:
    """A validator of callback URLs (the API's field, the model's for the admin): refused as a delivery would
    refuse it now, and a host that cannot be found is refused too (nothing could be delivered to it)."""
    try:
        bestemming(url)
    except AdresGeweigerd as fout:
        raise ValidationError(str(fout), code="callback_geweigerd") from None
    except OSError:
        host = urlsplit(url).hostname
        raise ValidationError(f"de host {host} is niet te vinden", code="callback_onbekend") from None
