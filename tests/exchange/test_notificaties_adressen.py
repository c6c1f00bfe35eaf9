"""Which callback addresses notifications may go to: never an internal one (loopback, private, link-local, …), in
IPv4, in IPv6 and in IPv4 carried by IPv6, also behind a name (the table of the ``dns`` fixture stands in for the
resolver); every address of a name counts; the setting lets tests and demos allow what they need."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from django.core.exceptions import ValidationError

from inburgering.exchange.notificaties_adressen import (
    AdresGeweigerd,
    bestemming,
    interne_soort,
    valideer_callback,
)

PUBLIEK = "145.97.39.155"  # an address on the internet (nothing here connects to it)


@pytest.mark.parametrize(
    "adres, soort",
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.1.2.3", "privénetwerk"),
        ("172.16.0.1", "privénetwerk"),
        ("172.31.255.254", "privénetwerk"),
        ("192.168.178.1", "privénetwerk"),
        ("169.254.169.254", "link-local"),  # a cloud's metadata service
        ("100.64.0.1", "niet openbaar"),  # shared address space (carrier-grade NAT)
        ("0.0.0.0", "ongespecificeerd"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("240.0.0.1", "gereserveerd"),
        ("255.255.255.255", "gereserveerd"),
        ("::1", "loopback"),
        ("::", "ongespecificeerd"),
        ("fe80::1", "link-local"),
        ("fd00:ec2::254", "uniek-lokaal"),
        ("fc00::1", "uniek-lokaal"),
        ("fec0::1", "site-local"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "privénetwerk"),  # documentation
        # IPv4 carried in IPv6: judged as the IPv4 address
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "privénetwerk"),
        ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a00:1", "privénetwerk"),  # NAT64 of 10.0.0.1
        ("2002:c0a8:101::1", "privénetwerk"),  # 6to4 of 192.168.1.1
        ("::7f00:1", "gereserveerd"),  # the deprecated IPv4-compatible form of 127.0.0.1
        # public
        (PUBLIEK, None),
        ("8.8.8.8", None),
        ("2a00:1450:4001::1", None),
        ("::ffff:8.8.8.8", None),
        ("64:ff9b::808:808", None),  # NAT64 of a public address (IPv6-only networks with DNS64)
    ],
)
def test_internal_addresses_are_named(adres, soort):
    assert interne_soort(ipaddress.ip_address(adres)) == soort


@pytest.mark.parametrize(
    "url, adres",
    [
        ("http://127.0.0.1:8000/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
        ("http://[::ffff:127.0.0.1]/hook", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://0x7f000001/", "loopback"),  # the resolver reads these as 127.0.0.1
        ("http://2130706433/", "loopback"),
        ("http://127.1/", "loopback"),
        ("https://intern.example/hook", "privénetwerk"),
        ("https://metadata.example/", "link-local"),
        ("https://zes.example/", "uniek-lokaal"),
        ("https://dubbel.example/", "privénetwerk"),  # one public, one private address: refused
    ],
)
def test_a_url_is_refused_when_any_address_of_its_host_is_internal(dns, url, adres):
    dns.update(
        {
            "intern.example": ["10.20.30.40"],
            "metadata.example": ["169.254.169.254"],
            "zes.example": ["fd00::5"],
            "dubbel.example": [PUBLIEK, "192.168.1.10"],
        }
    )
    with pytest.raises(AdresGeweigerd, match=f"een intern adres \\({adres}\\)"):
        bestemming(url)


def test_a_public_url_is_taken_apart_with_its_checked_addresses(dns):
    dns["gm0363.example"] = ["2a00:1450:4001::1", PUBLIEK]
    doel = bestemming("https://GM0363.example/notificaties/in?bron=oi#deel")
    assert (doel.https, doel.host, doel.poort, doel.pad) == (
        True,
        "gm0363.example",
        443,
        "/notificaties/in?bron=oi",
    )
    assert doel.adressen == ("2a00:1450:4001::1", PUBLIEK)
    assert bestemming(f"http://{PUBLIEK}:8080").poort == 8080 and bestemming(f"http://{PUBLIEK}").pad == "/"


@pytest.mark.parametrize("url", ["ftp://gm0363.example/hook", "http:///hook", "http://gm0363.example:99999/"])
def test_what_is_not_an_http_address_is_refused(url):
    with pytest.raises(AdresGeweigerd):
        bestemming(url)


def test_a_host_that_cannot_be_found_is_an_os_error():
    with pytest.raises(socket.gaierror):
        bestemming("https://bestaat-niet.example/")


def test_the_setting_allows_hosts_and_networks(dns, settings):
    dns.update({"ontvanger.lokaal": ["10.9.8.7"], "buur.lokaal": ["10.2.0.1"]})
    settings.INBURGERING_CALLBACK_TOEGESTAAN = ["127.0.0.1", "10.1.0.0/16", "Ontvanger.Lokaal"]
    assert bestemming("http://127.0.0.1:8000/").adressen == ("127.0.0.1",)
    assert bestemming("http://[::ffff:127.0.0.1]/").adressen == ("::ffff:127.0.0.1",)
    assert bestemming("http://10.1.2.3/").adressen == ("10.1.2.3",)
    assert bestemming("http://ontvanger.lokaal/").adressen == ("10.9.8.7",)  # a name: whatever it resolves to
    for url in ("http://127.0.0.2/", "http://10.2.0.1/", "http://buur.lokaal/", "http://[::1]/"):
        with pytest.raises(AdresGeweigerd):
            bestemming(url)


def test_the_validator_says_why_in_dutch(dns):
    dns["intern.example"] = ["10.0.0.5"]
    with pytest.raises(ValidationError, match=r"intern\.example wijst naar 10\.0\.0\.5, een intern adres"):
        valideer_callback("https://intern.example/hook")
    with pytest.raises(ValidationError, match="niet te vinden"):
        valideer_callback("https://bestaat-niet.example/hook")
    dns["gm0363.example"] = [PUBLIEK]
    valideer_callback("https://gm0363.example/hook")
