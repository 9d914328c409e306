"""The SSRF guard: internal addresses are refused with zero requests reaching any target."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from bot.links import LinkOptions, check_links
from bot.model import Verdict
from tests.links.conftest import LinkServer, MapResolver, Reply

Serve = Callable[..., LinkServer]

GUARDED = LinkOptions(timeout=2.0, connect_timeout=1.0, backoff=0.05, use_cache=False)


def ok(method: str, path: str, n: int) -> Reply:
    return Reply(200)


# Every spelling of an internal address a link could use. {port} is a live server's port on
# 127.0.0.1 (and ::1 where it listens), so a guard bug would show up as a hit there.
MATRIX = [
    ("http://127.0.0.1:{port}/", "127.0.0.1 is a loopback address"),
    ("http://[::1]:{port}/", "::1 is a loopback address"),
    ("http://10.0.0.1/admin", "10.0.0.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "a cloud metadata address"),
    ("http://[fd00:ec2::254]/latest/", "a cloud metadata address"),
    ("http://100.100.100.200/latest/meta-data/", "a cloud metadata address"),
    ("http://0.0.0.0:{port}/", "the unspecified address"),
    ("http://2130706433:{port}/", "2130706433 is a loopback address"),
    ("http://0x7f000001:{port}/", "0x7f000001 is a loopback address"),
    ("http://0177.0.0.1:{port}/", "0177.0.0.1 is a loopback address"),
    ("http://127.1:{port}/", "127.1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]:{port}/", "a loopback address"),
    ("http://[::ffff:a9fe:a9fe]/", "a cloud metadata address"),
    ("http://192.168.1.1/", "a private address"),
    ("http://224.0.0.1/", "a multicast address"),
    ("http://localhost:{port}/", "localhost resolves to"),
]


@pytest.mark.parametrize(("template", "words"), MATRIX)
def test_internal_addresses_are_refused_unrequested(
    serve: Serve, template: str, words: str
) -> None:
    server = serve(ok)
    url = template.format(port=server.port)
    result = check_links([url], GUARDED)[url]
    assert result.verdict is Verdict.SKIPPED
    assert "refused by the SSRF guard" in result.reason
    assert words in result.reason
    assert result.requests == 0
    assert server.hits() == 0


def test_a_name_resolving_to_loopback_is_refused(serve: Serve) -> None:
    server = serve(ok)
    url = server.url("/", host="public.example")
    table = {"public.example": ["127.0.0.1"]}
    options = replace(GUARDED, resolver_factory=lambda: MapResolver(table))
    result = check_links([url], options)[url]
    assert result.verdict is Verdict.SKIPPED
    assert "public.example resolves to 127.0.0.1, a loopback address" in result.reason
    assert server.hits() == 0


def test_one_internal_address_among_public_ones_refuses_the_name(serve: Serve) -> None:
    server = serve(ok)
    # 192.0.2.x is TEST-NET (documentation), never connected to: the name is refused first.
    table = {"mixed.example": ["127.0.0.1", "192.0.2.10"]}
    options = replace(GUARDED, resolver_factory=lambda: MapResolver(table))
    url = server.url("/", host="mixed.example")
    assert check_links([url], options)[url].verdict is Verdict.SKIPPED
    assert server.hits() == 0


@pytest.mark.parametrize("target", ["http://127.0.0.2:{port2}/private", "http://10.0.0.1/"])
def test_redirect_to_an_internal_address_is_not_followed(serve: Serve, target: str) -> None:
    inner = serve(ok, hosts=("127.0.0.2",))
    location = target.format(port2=inner.port)
    outer = serve(lambda m, p, n: Reply(302, {"Location": location}))
    url = outer.url("/go", host="public.example")
    options = replace(
        GUARDED,
        allow_hosts=(f"public.example:{outer.port}",),
        resolver_factory=lambda: MapResolver({"public.example": ["127.0.0.1"]}),
    )
    result = check_links([url], options)[url]
    assert result.verdict is Verdict.SKIPPED
    assert result.reason.startswith(f"redirects to {location}, refused by the SSRF guard")
    assert result.requests == 1
    assert outer.hits("/go") == 1
    assert inner.hits() == 0


@pytest.mark.parametrize(
    "url", ["ftp://example.com/file", "file:///etc/passwd", "mailto:someone@example.com"]
)
def test_only_http_and_https_are_requested(url: str) -> None:
    result = check_links([url], GUARDED)[url]
    assert result.verdict is Verdict.SKIPPED
    assert result.reason.startswith("only http and https links are checked")


@pytest.mark.parametrize(
    "entry", ["127.0.0.1", "127.0.0.0/8", "127.0.0.1:{port}", "localhost", "localhost:{port}"]
)
def test_allow_list_lets_matching_hosts_through(serve: Serve, entry: str) -> None:
    server = serve(ok)
    url = server.url("/", host="localhost" if entry.startswith("localhost") else None)
    options = replace(GUARDED, allow_hosts=(entry.format(port=server.port),))
    assert check_links([url], options)[url].verdict is Verdict.OK
    assert server.hits() == 1


@pytest.mark.parametrize("entry", ["127.0.0.1:1", "127.0.0.2", "10.0.0.0/8", "localhost"])
def test_allow_list_entries_for_other_hosts_or_ports_do_not_match(serve: Serve, entry: str) -> None:
    server = serve(ok)
    url = server.url("/")  # 127.0.0.1:PORT, a literal address: the name entry does not cover it
    options = replace(GUARDED, allow_hosts=(entry,))
    assert check_links([url], options)[url].verdict is Verdict.SKIPPED
    assert server.hits() == 0
