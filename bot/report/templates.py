"""Every sentence the App writes on GitHub, in one place.

Comments, check runs, statuses, reviews and command replies all take their words from
here; bot/report/comment.py only arranges them. Hidden markers (HTML comments) let us
find our own comments again; GitHub does not render them.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.model import Severity

APP_NAME = "awesome-review"
CHECK_NAME = "awesome-review"  # the check run's and the commit status's name

STICKY_MARKER = "<!-- awesome-review:sticky -->"
STATE_MARKER = (
    "<!-- awesome-review:state errors={errors} warnings={warnings} notices={notices} "
    "fixed={fixed} -->"
)
FINGERPRINT_MARKER = "<!-- awesome-review:fp={fingerprint} -->"

ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.NOTICE: "ℹ️"}
OK_ICON = "✅"
SKIPPED_ICON = "⏭️"

CHECK_TITLES = {
    "format": "Format",
    "list": "List",
    "placement": "Placement",
    "duplicate": "Duplicates",
    "order": "Order",
    "link": "Links",
    "paper": "Papers",
    "repository": "Repositories",
    "policy": "Policies",
    "internal": "Internal errors",
}

# --------------------------------------------------------------------------- counts


def plural(count: int, word: str) -> str:
    """'1 entry', '2 entries', '3 errors'."""
    if count == 1:
        return f"{count} {word}"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"


def counts_phrase(errors: int, warnings: int, notices: int) -> str:
    """'1 error, 2 warnings' — only the non-zero parts; 'no problems' when all are zero."""
    parts = [
        plural(n, word)
        for n, word in ((errors, "error"), (warnings, "warning"), (notices, "notice"))
        if n
    ]
    return ", ".join(parts) or "no problems"


# --------------------------------------------------------------------------- sticky comment


def headline(icon: str, text: str) -> str:
    return f"### {icon} {APP_NAME}: {text}"


def reviewed_line(judged: int, full_audit: bool, path: str, short_sha: str) -> str:
    if full_audit:
        return f"Audited all {plural(judged, 'entry')} of the new file `{path}` at {short_sha}."
    if judged == 0:
        return f"This PR changes `{path}` but adds or edits no entry (at {short_sha})."
    entries = plural(judged, "entry")
    return f"Reviewed the {entries} this PR adds or changes in `{path}` at {short_sha}."


def everything_fixed(previous: int) -> str:
    what = "the problem" if previous == 1 else f"all {previous} problems"
    verb = "is" if previous == 1 else "are"
    return f"Everything fixed {OK_ICON} — {what} of the earlier review {verb} gone. Thank you!"


NO_PROBLEMS = "No problems found — thank you for the tidy change!"


def not_touching(paths: Sequence[str]) -> str:
    return f"This PR no longer changes {_paths(paths)} — nothing to review."


def never_touched(paths: Sequence[str]) -> str:
    return f"This PR does not change {_paths(paths)} — nothing to review."


def _paths(paths: Sequence[str]) -> str:
    quoted = [f"`{p}`" for p in paths]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def config_problem(problem: str, base_ref: str) -> str:
    return (
        f"> {ICON[Severity.WARNING]} `.github/awesome-review.yml` on `{base_ref}` is not valid: "
        f"{problem}. This review used the default settings."
    )


def file_deleted(path: str) -> str:
    return (
        f"This PR deletes `{path}`, the list itself, so there is nothing to review. "
        "If that is not intended, restore the file."
    )


def file_renamed_away(path: str, new_path: str) -> str:
    return (
        f"This PR renames `{path}` to `{new_path}`, which awesome-review is not set up to "
        "review; add the new name to `files:` in `.github/awesome-review.yml` to review it."
    )


def file_not_text(path: str, reason: str) -> str:
    return f"`{path}` cannot be reviewed: {reason}. Save it as UTF-8 text."


def file_empty(path: str) -> str:
    return (
        f"`{path}` is empty after this PR: every entry of the list would be removed. "
        "If that is not intended, restore the file."
    )


def file_too_large(path: str, size: int, limit: int) -> str:
    return (
        f"`{path}` is {size / 1_000_000:.1f} MB; awesome-review reviews lists up to "
        f"{limit / 1_000_000:.0f} MB."
    )


def file_heading(path: str) -> str:
    return f"#### `{path}`"


TABLE_HEADER = (
    f"| Check | {ICON[Severity.ERROR]} Errors | {ICON[Severity.WARNING]} Warnings "
    f"| {ICON[Severity.NOTICE]} Notices |\n|---|---:|---:|---:|"
)


def table_row(icon: str, check: str, errors: int, warnings: int, notices: int) -> str:
    return f"| {icon} {CHECK_TITLES.get(check, check)} | {errors} | {warnings} | {notices} |"


def table_row_skipped(check: str, why: str) -> str:
    return f"| {SKIPPED_ICON} {CHECK_TITLES.get(check, check)} | {why} | | |"


LINKS_NOT_CHECKED = "not checked"


def entry_heading(line_link: str, lines: str, title: str, section: str) -> str:
    where = f" — _{section}_" if section else ""
    name = f" · {title}" if title else ""
    return f"**[{lines}]({line_link})**{name}{where}"


def finding_line(icon: str, code: str, name: str, doc_url: str, message: str) -> str:
    return f"- {icon} [`{code}` {name}]({doc_url}): {message}"


def suggestion_block(fence: str, text: str, rules: tuple[str, ...] = ()) -> str:
    fixes = f" (fixes {', '.join(f'`{rule}`' for rule in rules)})" if rules else ""
    return (
        f"  <details><summary>Suggested change{fixes}</summary>\n\n  {fence}markdown\n"
        + "".join(f"  {line}\n" for line in text.split("\n"))
        + f"  {fence}\n  </details>"
    )


def more_entries(count: int) -> str:
    return f"<details><summary>{plural(count, 'more entry')} with findings</summary>"


def truncated(count: int) -> str:
    return (
        f"_…and {plural(count, 'more finding')} not shown: a GitHub comment holds at most "
        "65,536 characters. The check run's annotations list every one._"
    )


def footer(app_login: str, short_sha: str) -> str:
    mention = app_login.removesuffix("[bot]")
    return (
        "<sub>Comment `/recheck` to run this review again · `/recheck links` to re-check links "
        f"without the cache · `/help` for help · or `@{mention} recheck`. "
        f"Updated for {short_sha}; this comment is edited in place.</sub>"
    )


# --------------------------------------------------------------------------- check run, status


def check_title(errors: int, warnings: int, notices: int) -> str:
    return counts_phrase(errors, warnings, notices).capitalize()


CHECK_TITLE_NOTHING = "Nothing to review"


def check_summary_intro(comment_url: str | None) -> str:
    where = f" — details in [the review comment]({comment_url})" if comment_url else ""
    return f"awesome-review checked this pull request{where}."


def status_description(errors: int, warnings: int, notices: int) -> str:
    return f"{counts_phrase(errors, warnings, notices)} — see the awesome-review comment"


SUPERSEDED_TITLE = "Superseded by a later run"


def superseded_summary(later_url: str) -> str:
    return (
        "awesome-review reviewed this commit again; the later run's verdict is the one that "
        f"counts: {later_url or 'see the latest awesome-review check on this commit'}."
    )


def failure_title() -> str:
    return "Review could not finish"


def failure_summary(reason: str) -> str:
    return (
        f"awesome-review could not finish reviewing this pull request: {reason}. "
        "This says nothing about your change. Comment `/recheck` to try again."
    )


# --------------------------------------------------------------------------- review


def review_body(count: int, comment_url: str | None) -> str:
    where = f" The full review is in [the summary comment]({comment_url})." if comment_url else ""
    return f"awesome-review has {plural(count, 'note')} on lines this PR changes.{where}"


def review_superseded(kept_url: str) -> str:
    """The body left on a second copy of our review (a review cannot be deleted)."""
    kept = f"[awesome-review's review of this commit]({kept_url})" if kept_url else (
        "awesome-review's other review of this commit"
    )
    return f"Superseded by {kept}: this copy's comments were removed."


def inline_comment(icon: str, code: str, name: str, doc_url: str, message: str) -> str:
    return f"{icon} **[`{code}` {name}]({doc_url})**: {message}"


def inline_suggestion(fence: str, text: str) -> str:
    return f"{fence}suggestion\n{text}\n{fence}"


# --------------------------------------------------------------------------- command replies


def help_reply(
    app_login: str,
    list_paths: Sequence[str],
    docs_url: str,
    commands: Sequence[tuple[str, str, bool]],
) -> str:
    """`commands`: (usage, what it does, may also be written `@<app-login> …`) per command."""
    mention = app_login.removesuffix("[bot]")
    rows = [f"| `{usage}` | {what} |\n" for usage, what, _ in commands]
    rows += [
        f"| `@{mention} {usage.removeprefix('/')}` | The same as `{usage}` |\n"
        for usage, _, mentionable in commands
        if mentionable
    ]
    return (
        f"**{APP_NAME}** reviews the entries a pull request adds to {_paths(list_paths)}: "
        "their format, their category, duplicates and links.\n\n"
        "Commands — write one at the start of a line in a comment on the pull request:\n\n"
        "| Command | What it does |\n|---|---|\n" + "".join(rows) + "\n"
        "The pull request's author and people with write, maintain or admin access to the "
        "repository may use them (`/fix` only people with that access). "
        f"Every rule is explained in [the rules]({docs_url}); "
        "a repository can tune them in `.github/awesome-review.yml` on its default branch."
    )


def refusal_reply(user: str, command: str, repo: str, author_may: bool = True) -> str:
    who = "the pull request's author and people" if author_may else "people"
    return (
        f"Sorry @{user}, only {who} with write, maintain or "
        f"admin access to {repo} can run `{command}`. A maintainer can run it for you."
    )


def fix_committed(user: str, commit: str, branch: str, rules: str) -> str:
    return (
        f"@{user} committed the fixes to `{branch}` ({commit[:7]}): {rules}. "
        "The review runs again on the new head."
    )


def fix_nothing(user: str) -> str:
    return (
        f"@{user} there is nothing to fix: no finding on the lines this pull request changes "
        "carries a fix. The review says what to change by hand."
    )


def _fix_yourself(command: str) -> str:
    return (
        "To apply them, click **Commit suggestion** on the review's suggestions (one per entry, "
        f"with every fix of its lines), or run `{command}` in a clone of the branch and push."
    )


def fix_cannot_push(user: str, command: str) -> str:
    return (
        f"@{user} I cannot push to this pull request's branch: it comes from a fork that does "
        "not allow edits by maintainers. " + _fix_yourself(command) + " Or tick **Allow edits "
        "by maintainers** on the pull request and comment `/fix` again."
    )


FIX_NOT_ALLOWED = "the App may not write to this repository: it needs Contents: write"


def fix_push_refused(user: str, reason: str, command: str) -> str:
    return (
        f"@{user} GitHub refused the commit with the fixes ({reason}); if the branch moved, "
        "comment `/fix` again. " + _fix_yourself(command)
    )


def fix_commit_message(path: str, rules: str, user: str, number: int) -> str:
    return (
        f"Fix {path}: {rules.replace('`', '')}\n\n"
        f"The fixes awesome-review's review suggested, applied for @{user} (/fix on #{number})."
    )


def links_recheck_cached(user: str, minutes: int) -> str:
    return (
        f"@{user} the links of this pull request were checked without the cache less than "
        f"{minutes} minutes ago; this review uses those cached results. `/recheck links` "
        f"checks them afresh again {minutes} minutes after the last time."
    )


def recheck_too_soon(user: str, seconds: int) -> str:
    return (
        f"@{user} a review of this pull request started less than {seconds} seconds ago; "
        "its result will appear here shortly."
    )


# --------------------------------------------------------------------------- the audit

AUDIT_MARKER = "<!-- awesome-review:audit -->"
AUDIT_ISSUE_TITLE = "Link health report"
AUDIT_NO_SECTION = "Before the first section"
AUDIT_TRUNCATED = "\n\n… the report was cut here: it is longer than GitHub allows.\n"


def audit_heading(path: str) -> str:
    return f"## Health of `{path}`"


def audit_healthy(links: int, papers: int) -> str:
    return f"{OK_ICON} Everything is healthy ({_checked(links, papers)} checked)."


def audit_summary(links: int, papers: int, kinds: Sequence[tuple[str, int]]) -> str:
    found = ", ".join(f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in kinds)
    return f"Checked {_checked(links, papers)}: found {found}."


def _checked(links: int, papers: int) -> str:
    return plural(links, "link") + (f" and {plural(papers, 'paper')}" if papers else "")


def audit_section(section: str) -> str:
    return f"### {section}\n"


def audit_problem(
    icon: str, link: str, line: int, kind: str, entry: str, message: str, fix: str
) -> str:
    return f"- {icon} [line {line}]({link}) **{kind}** · {entry}: {message}{fix}"


def audit_fix(url: str) -> str:
    return f" Fix: link `{url}`."


def audit_issue_closed(links: int, papers: int) -> str:
    return (
        f"{OK_ICON} The list is healthy again ({_checked(links, papers)} checked), so this "
        "issue is closed. A new one opens when the scheduled audit finds something."
    )


def audit_issue_footer(short_sha: str) -> str:
    return (
        f"<sub>Kept up to date by {APP_NAME}'s scheduled audit (last run at {short_sha}). "
        "This issue is edited in place and closed when the list is healthy again.</sub>"
    )
