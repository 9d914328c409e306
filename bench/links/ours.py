"""Run awesome-review's link checker over a README, the way run_peers.py runs a peer.

Prints every URL whose verdict is `broken` or `timeout` on stdout (what run_peers.py
scores as "reported broken"), and a verdict summary on stderr.

    python bench/links/ours.py --timeout 10 --allow 127.0.0.0/8 README.md
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

# Runnable as a plain script from anywhere: the repository root holds the `bot` package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.links import LinkOptions, check_links
from bot.model import Verdict

LINK = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")
REPORTED = frozenset({Verdict.BROKEN, Verdict.TIMEOUT})


def urls_in(text: str) -> list[str]:
    """The http(s) link targets of a Markdown text, in order."""
    return [m.group(1) or m.group(2) for m in LINK.finditer(text)]


def main(argv: list[str] | None = None) -> int:
    """Check the README's links; exit 1 when any is reported broken."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("readme")
    ap.add_argument("--timeout", type=float, default=15.0)
    ap.add_argument("--concurrency", type=int, default=LinkOptions.concurrency)
    ap.add_argument("--host-concurrency", type=int, default=LinkOptions.host_concurrency)
    ap.add_argument("--allow", action="append", default=[], help="allow-list entry")
    args = ap.parse_args(argv)
    options = LinkOptions(
        concurrency=args.concurrency,
        host_concurrency=args.host_concurrency,
        timeout=args.timeout,
        connect_timeout=min(LinkOptions.connect_timeout, args.timeout),
        allow_hosts=tuple(args.allow),
        use_cache=False,
    )
    results = check_links(urls_in(Path(args.readme).read_text(encoding="utf-8")), options)
    reported = [r.url for r in results.values() if r.verdict in REPORTED]
    print("\n".join(reported))
    counts = collections.Counter(r.verdict.value for r in results.values())
    requests = sum(r.requests for r in results.values())
    print(f"verdicts {dict(counts)}  requests {requests}", file=sys.stderr)
    return 1 if reported else 0


if __name__ == "__main__":
    sys.exit(main())
