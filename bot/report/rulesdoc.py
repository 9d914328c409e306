"""docs/rules.md, generated from the registry so the docs cannot drift from the code.

Run `python -m bot.report.rulesdoc > docs/rules.md`; a test fails when the file is stale.
"""

from __future__ import annotations

from bot.checks import DOCUMENTED, RULES, Check, Rule
from bot.checks.awesome_lint import AWESOME_LINT, NOT_COVERED, REPORTED_ELSEWHERE

_INTRO = """\
# Rules

Every finding carries a rule code. This page is generated from the rule registry
(`python -m bot.report.rulesdoc > docs/rules.md`); a test keeps it in step with the code.

Switch a rule off or change its severity in `.github/awesome-review.yml`, by code or name:

```yaml
rules:
  F104: off            # or: link-style: off
  P204: warning        # error | warning | notice | off
```

Only **errors** fail a review (a red check run, exit code 1 on the command line);
warnings and notices are advice.
"""


_CONTROLS = """\
## Inline controls

A list can switch rules off for some of its lines with HTML comments, which GitHub does not
show. awesome-lint's comments keep working as written; a rule is named by our code, our name
or an awesome-lint id (table below), several separated by spaces, none meaning every rule:

```markdown
<!--lint disable awesome-list-item-->          until the matching enable (or the end)
<!--lint enable awesome-list-item-->
<!--lint ignore double-link-->                 the next block only (e.g. the list below)
<!-- awesome-review ignore F114 -->            our own spelling, same three verbs
<!-- awesome-review disable description-period -->
```
"""


def _awesome_lint_table() -> str:
    rows = [
        "## Switching from awesome-lint\n",
        "The awesome-lint rules about a list's content and the rules of ours that report the same",
        "things (and that its `<!--lint …-->` comments switch off):\n",
        "| awesome-lint rule | our rules |",
        "|---|---|",
    ]
    for lint_id, codes in AWESOME_LINT.items():
        ours = ", ".join(f"[{code}](#{code.lower()}-{RULES[code].name})" for code in codes)
        rows.append(f"| `{lint_id}` | {ours} |")
    rows.append("")
    for lint_id, why in REPORTED_ELSEWHERE.items():
        rows.append(f"- `{lint_id}`: {why}.")
    for lint_id, why in NOT_COVERED.items():
        rows.append(f"- `{lint_id}` is not covered: {why}.")
    return "\n".join(rows) + "\n"


def render_rules_doc() -> str:
    parts = [_INTRO, _index(), _CONTROLS, _awesome_lint_table()]
    for check in DOCUMENTED:
        parts.append(_check_section(check))
    return "\n".join(parts).rstrip() + "\n"


def _index() -> str:
    rows = ["| Code | Name | Check | Severity | Fixable | Title |", "|---|---|---|---|---|---|"]
    for check in DOCUMENTED:
        for rule in check.rules:
            anchor = f"{rule.code}-{rule.name}".lower()
            fixable = "yes" if rule.fixable else ""
            rows.append(
                f"| [{rule.code}](#{anchor}) | `{rule.name}` | {check.name} | "
                f"{rule.severity.value} | {fixable} | {rule.title} |"
            )
    return "\n".join(rows) + "\n"


def _check_section(check: Check) -> str:
    body = [f"## {check.name}\n", f"{check.title}.\n"]
    body.extend(_rule_section(rule) for rule in check.rules)
    return "\n".join(body)


def _rule_section(rule: Rule) -> str:
    fixable = " · suggests a fix" if rule.fixable else ""
    lines = [
        f"### {rule.code} {rule.name}\n",
        f"**{rule.title}.** Default severity: `{rule.severity.value}`{fixable}.\n",
        f"**Why is this bad?** {rule.why}\n",
        _config(rule.config),
    ]
    if rule.bad:  # X001 has none: no list text makes a check crash
        lines.append(_example("Example", rule, rule.bad, rule.bad_files))
        lines.append(_example("Use instead", rule, rule.good))
    return "\n".join(lines)


def _config(text: str) -> str:
    if not text:
        return ""
    return f"With this in `.github/awesome-review.yml`:\n\n```yaml\n{text.rstrip()}\n```\n"


def _example(label: str, rule: Rule, snippet: str, files: tuple[str, ...] = ()) -> str:
    before, after = rule.example_parts(snippet)
    if not before:
        context, shown = "", snippet
    elif not after:
        context = " (a pull request adds the last lines to the list)"
        shown = _tail(before) + snippet
    else:
        context = " (a pull request adds the lines after the first four)"
        shown = _tail(before) + snippet + _head(after)
    if files:
        also = ", ".join(f"`{path}`" for path in files)
        where = "the lines after the first four" if after else "the last lines to the list"
        context = f" (a pull request adds {where} and changes {also})"
    return f"**{label}**{context}:\n\n````markdown\n{shown.rstrip()}\n````\n"


def _head(text: str, lines: int = 4) -> str:
    return "\n".join(text.splitlines()[:lines]) + "\n"


def _tail(base: str, lines: int = 4) -> str:
    kept = base.rstrip("\n").splitlines()[-lines:]
    return "\n".join(kept) + "\n"


if __name__ == "__main__":
    print(render_rules_doc(), end="")
