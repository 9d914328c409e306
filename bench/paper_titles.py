"""Measure: the title comparison on every paper link of the real paper lists.

    python bench/paper_titles.py [--pairs 3000] [--seed 3]

Precision side: each paper link's written titles against the title other entries (in any of
the lists) give the same paper — every DIFFERENT is reported (the known wrong rows are
awesome-ai-system 129 and 136, October2001 77). Recall side: `--pairs` random links each
against another paper's title, as if its id had been pasted wrong: the share caught.
Needs ../shared/corpus (awesome-ai-system and the replay bundle, cloned to a temp dir).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchutil import save_summary  # noqa: E402
from bot.checks.analysis.identity import identity_links  # noqa: E402
from bot.checks.analysis.papertitles import Match, compare_all, split_title, written_titles  # noqa: E402
from bot.links.papers import paper_key  # noqa: E402
from bot.parse import parse  # noqa: E402
from tests.papers.test_real_lists import ARXIV_TITLES, PAPER_LISTS  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def lists() -> dict[str, str]:
    texts = {"awesome-ai-system": (CORPUS / "awesome-ai-system" / "README.md").read_text()}
    target = Path(tempfile.mkdtemp()) / "lists"
    subprocess.run(["git", "clone", "-q", str(CORPUS / "replay" / "lists.bundle"), str(target)],
                   check=True)
    latest: dict[str, str] = {}
    for line in (target / "commits.jsonl").read_text().splitlines():
        commit = json.loads(line)
        if commit["list"].startswith(PAPER_LISTS):
            latest[f"{commit['list']}/{commit['file']}"] = commit["head"]
    texts.update({name: (target / head).read_text() for name, head in latest.items()})
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    uses: dict[str, list[tuple[str, int, list[str]]]] = defaultdict(list)
    for name, text in lists().items():
        for entry in parse(text).entries:
            for link in identity_links(entry):
                key = paper_key(link.url)
                if key is not None:
                    uses[key].append((name, entry.line, written_titles(entry, link)))
    real = {}
    for key, rows in uses.items():
        common = Counter(t for _, _, titles in rows for t in titles if split_title(t).long)
        if common:
            real[key] = ARXIV_TITLES.get(key.partition(":")[2]) or common.most_common(1)[0][0]
    same: Counter[str] = Counter()
    wrong = []
    for key, title in real.items():
        for name, line, titles in uses[key]:
            match, _ = compare_all(titles, title)
            same[match.value] += 1
            if match is Match.DIFFERENT:
                wrong.append(f"{name.split('__')[0]}:{line} ({key})")
    rng = random.Random(args.seed)
    keys = sorted(real)
    pasted: Counter[str] = Counter()
    for _ in range(args.pairs):
        mine, other = rng.sample(keys, 2)
        _, _, titles = rng.choice(uses[mine])
        pasted[compare_all(titles, real[other])[0].value] += 1
    summary = {"links": sum(same.values()), "papers": len(real), "own_title": dict(same),
               "reported_different": wrong, "pasted_pairs": dict(pasted),
               "caught_share": round(pasted["different"] / max(1, args.pairs), 3)}
    print(f"{summary['links']} paper links ({len(real)} papers): {dict(same)}")
    print("reported as another paper:", ", ".join(wrong))
    print(f"{args.pairs} pasted wrong ids: {dict(pasted)} → {summary['caught_share']:.1%} caught")
    print(f"saved {save_summary('paper_titles', summary)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
