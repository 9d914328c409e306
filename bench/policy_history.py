"""awesome-go's own policies on its last 300 real commits: how often they would speak.

    python bench/policy_history.py

Reads ../shared/corpus/lists/avelino__awesome-go.history.jsonl (each commit's added and
removed lines; not enough to rebuild the README at each commit, see docs/quality.md) and
docs/examples/awesome-go.yml. Counts the commits that add more than one new entry (what
`max_entries_added: 1` fails), and reviews each commit's added entry lines under one category
with the example config, counting the entry policies (Q804–Q806) that speak. The category
size (Q803) needs the whole README and is not measured here.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

from bot.engine import load_config, review_texts

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("AWESOME_REVIEW_SHARED", ROOT.parent / "shared"))
HISTORY = SHARED / "corpus" / "lists" / "avelino__awesome-go.history.jsonl"
EXAMPLE = ROOT / "docs" / "examples" / "awesome-go.yml"
BASE = "# Awesome Go\n\n## Category\n\n- [ctx](https://github.com/acme/ctx) - Context.\n"
_ENTRY = re.compile(r"^\s*[-*] \[([^\]]*)\]\((?!#)")  # not a table-of-contents line


def main() -> None:
    config = load_config(EXAMPLE.read_text(encoding="utf-8"))
    commits = adding = several = lines = 0
    said: Counter[str] = Counter()
    examples: defaultdict[str, list[str]] = defaultdict(list)
    for row in HISTORY.read_text(encoding="utf-8").splitlines():
        commit = json.loads(row)
        commits += 1
        added = [line for line in commit["added_lines"] if _ENTRY.match(line)]
        if not added:
            continue
        adding += 1
        lines += len(added)
        removed = {m.group(1) for line in commit["removed_lines"] if (m := _ENTRY.match(line))}
        new = [line for line in added if (m := _ENTRY.match(line)) and m.group(1) not in removed]
        several += len(new) > 1
        review = review_texts(BASE + "\n".join(added) + "\n", BASE, config)
        for finding in review.findings:
            if finding.rule in ("Q804", "Q805", "Q806"):
                said[finding.rule] += 1
                examples[finding.rule].append(f"{commit['sha'][:7]} {finding.message[:100]}")
    print(
        f"{commits} commits; {adding} add entry lines ({lines} lines); {several} add more "
        "than one new entry (Q801 with max_entries_added: 1)"
    )
    for rule in ("Q804", "Q805", "Q806"):
        print(f"{rule}: {said[rule]} of {lines} added entry lines")
        for example in examples[rule]:
            print(f"  {example}")


if __name__ == "__main__":
    main()
