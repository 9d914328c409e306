"""SSRF through the whole path: every place a pull request can put a URL, parsed, diffed,
picked by `urls_to_check`, checked by `check_links` — and through the App's pipeline with
its own link checker. Servers on 127.0.0.1/127.0.0.3 count requests and must see none; the
allow-list lets only the intended server on 127.0.0.2 through.

The matrix of address spellings is the SSRF guard's (tests/links/test_guard.py, where each
one is refused on its own); here each spelling sits in each place of a real list entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.checks.links import urls_to_check
from bot.config import DEFAULT
from bot.diff import diff_documents
from bot.links import LinkOptions, check_links
from bot.model import Verdict
from bot.parse import parse
from bot.pipeline import make_link_checker
from tests.fakes.fixtures import GitHubWorld
from tests.fakes.scenario import open_pull
from tests.links.conftest import LinkServer, Reply
from tests.links.test_guard import MATRIX

BASE = "# Awesome Things\n\nA curated list.\n\n## Tools\n\n- [Alpha](http://127.0.0.2:9/alpha) - First tool.\n"

# Every place an entry can carry a link, as a template around {url}. The badge's image and a
# bare URL in prose are not links to check: they are never requested (asserted below).
PLACES = {
    "bullet": "- [Tool]({url}) - A tool.",
    "sub-line": "- [Tool]({tool}) - A tool.\n  - Code: [GitHub]({url})",
    "badge link": "- [![Stars]({tool}.svg)]({url}) [Tool]({tool}) - A tool.",
    "reference": "- [Tool][{ref}] - A tool.\n\n[{ref}]: {url}\n",
    "autolink": "- <{url}> - A tool.",
    "html a": '- <a href="{url}">Tool</a> - A tool.',
    "table cell": "\n| Name | Link |\n| --- | --- |\n| Tool | [Tool]({url}) |\n",
    "table cell html": '\n| Name | Link |\n| --- | --- |\n| Tool | <a href="{url}">Tool</a> |\n',
}
NOT_CHECKED = {  # places whose URL is never requested at all
    "badge image": "- [![Stars]({url})]({tool}) - A tool.",
    "bare url": "- Tool, see {url} for more.",
}


@pytest.fixture
def servers() -> Iterator[tuple[LinkServer, LinkServer]]:
    """(allowed on 127.0.0.2, forbidden on 127.0.0.1 + 127.0.0.3 — and ::1 where it binds)."""
    forbidden = LinkServer(lambda m, p, n: Reply(200), hosts=("127.0.0.1", "127.0.0.3")).start()

    def allowed_route(method: str, path: str, n: int) -> Reply:
        if path.startswith("/hop"):  # a public-looking link that redirects inward
            return Reply(301, {"Location": f"http://127.0.0.3:{forbidden.port}/stolen"})
        return Reply(200)

    allowed = LinkServer(allowed_route, hosts=("127.0.0.2",)).start()
    try:
        yield allowed, forbidden
    finally:
        allowed.stop()
        forbidden.stop()


def private_urls(forbidden: LinkServer) -> list[str]:
    port = forbidden.port
    return [t.format(port=port) for t, _ in MATRIX] + [f"http://127.0.0.3:{port}/other-loopback"]


def head_list(urls: list[str], places: dict[str, str], tool: str) -> str:
    """`BASE` plus one entry per URL per place; `tool` is the allowed URL an entry also has
    (nothing here may leave 127.0.0.0/8, not even a DNS lookup)."""
    entries = []
    for i, url in enumerate(urls):
        for j, template in enumerate(places.values()):
            entries.append(template.format(url=url, ref=f"r{i}-{j}", tool=tool))
    return BASE + "\n".join(entries) + "\n"


def options(allowed: LinkServer) -> LinkOptions:
    return LinkOptions(timeout=2.0, connect_timeout=1.0, backoff=0.05, use_cache=False,
                       allow_hosts=(f"127.0.0.2:{allowed.port}",))


def test_every_place_is_picked_and_every_private_address_refused_unrequested(
    servers: tuple[LinkServer, LinkServer],
) -> None:
    allowed, forbidden = servers
    hop = f"http://127.0.0.2:{allowed.port}/hop"
    private = private_urls(forbidden)
    tool = f"http://127.0.0.2:{allowed.port}/tool"
    ok = [f"http://127.0.0.2:{allowed.port}/ok-{i}" for i in range(len(PLACES))]
    head = head_list([*private, hop], PLACES, tool)
    head += head_list([private[0]], NOT_CHECKED, tool).removeprefix(BASE)
    # One allowed URL per place proves the place is read (else "no request" proves nothing).
    head += "\n".join(t.format(url=ok[i], ref=f"ok{i}", tool=tool)
                      for i, t in enumerate(PLACES.values())) + "\n"
    picked = urls_to_check(diff_documents(parse(BASE), parse(head)), DEFAULT)
    assert set(picked) - {tool} == {*private, hop, *ok}
    results = check_links(picked, options(allowed))
    refused = [u for u in private if results[u].verdict is Verdict.SKIPPED
               and "refused by the SSRF guard" in results[u].reason and results[u].requests == 0]
    assert refused == private  # counted: len(private) spellings x len(PLACES) places
    assert "refused by the SSRF guard" in results[hop].reason
    assert all(results[u].verdict is Verdict.OK for u in ok)
    assert forbidden.hits() == 0
    assert allowed.hits("/hop") >= 1 and all(allowed.hits(f"/ok-{i}") >= 1 for i in range(len(ok)))


def test_the_apps_pipeline_requests_no_private_address(
    github_world: GitHubWorld, servers: tuple[LinkServer, LinkServer]
) -> None:
    allowed, forbidden = servers
    world = replace(github_world, settings=replace(
        github_world.settings, allow_hosts=(f"127.0.0.2:{allowed.port}",)))
    ok = f"http://127.0.0.2:{allowed.port}/fine"
    tool = f"http://127.0.0.2:{allowed.port}/tool"
    head = head_list([*private_urls(forbidden), f"http://127.0.0.2:{allowed.port}/hop"], PLACES, tool)
    pull = open_pull(world, {"README.md": BASE}, {"README.md": head + f"- [Fine]({ok}) - Fine.\n"})
    outcome = pull.review(link_checker=make_link_checker(world.settings))
    assert outcome.kind.value == "posted"
    assert forbidden.hits() == 0
    assert allowed.hits("/fine") == 1  # the checker did run, through the pipeline
    body = str(pull.comments()[-1]["body"])
    assert "SSRF" in body or "refused" in body  # the skipped links are explained, not hidden
