"""F140 structure-broken: the change breaks a table or a block, so entries stop rendering.

A row pasted between a table's header and its delimiter row, a header that lost a pipe, a
blank line under the delimiter row, an unclosed code fence or `<!--`: GitHub shows the rows
or items below as plain text although none of their lines was deleted. A new row written
outside its table (after a blank line under it) shows as a line of text with pipes, and an
HTML `<tr>` after its `</table>` as its cells run together (bot.diff.html_rows). The
entry diff sees no entry added or changed; bot.diff.structure says what broke, where, and
what it costs.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.quote import short
from bot.checks.base import Context, Rule
from bot.checks.format.examples import TABLE, star_row
from bot.checks.format.state import CHECK_NAME
from bot.diff.structure import is_pipe_line
from bot.model import Breakage, Document, Finding, Severity

_HEADER = "| Title | Github | Pub. & Date |\n"
_DELIMITER = "|:-----:|:-----:|:-----:|\n"
_NEW_ROW = star_row("Zeta", "acme/zeta", "OSDI'24")
_OLD_ROW = star_row("Eta", "acme/eta", "SOSP'23")

RULE = Rule(
    code="F140",
    name="structure-broken",
    title="The change breaks a table or block, so entries no longer render",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "A row above a table's delimiter row becomes the header (or no table renders at "
        "all), and an unclosed code fence or HTML comment shows everything after it as "
        "code or hides it: the list loses entries although no line of them was deleted. A "
        "new row written outside its table (after a blank line under it, or under the text "
        "that follows it) shows as a line of text with pipes, not as a row, and an HTML "
        "`<tr>` written after its `</table>` loses its cells."
    ),
    bad="\n## Training\n\n" + _HEADER + _NEW_ROW + _DELIMITER + _OLD_ROW,
    good="\n## Training\n\n" + _HEADER + _DELIMITER + _NEW_ROW + _OLD_ROW,
    base=TABLE,
)


def judge_diff(ctx: Context) -> Iterator[Finding]:
    for broken in ctx.diff.broken:
        if broken.kind == "row-above-delimiter" and broken.related_line is not None:
            # the fix: the delimiter row back under the header, the pasted rows after it
            pasted = [ctx.head.line_text(n) for n in range(broken.line, broken.related_line)]
            fixed = "\n".join([ctx.head.line_text(broken.related_line), *pasted])
            yield RULE.finding(
                broken.line, _message(broken, ctx.head), fixed,
                end_line=broken.related_line, entry_line=broken.line,
            )
        else:
            yield RULE.finding(broken.line, _message(broken, ctx.head), entry_line=broken.line)


def _message(broken: Breakage, head: Document) -> str:
    cost = _cost(broken)
    if broken.kind == "row-above-delimiter":
        where = (
            f"this row sits between the table's header (`{short(broken.detail)}`, line "
            f"{broken.line - 1}) and its delimiter row (line {broken.related_line}), so GitHub"
        )
        if _is_table(head, broken):
            rows = f"the {broken.lost} rows below it" if broken.lost != 1 else "the row below it"
            return (
                f"{where} takes it as the table's header: the real header shows as a line of "
                f"text and {rows} sit under this row's cells. Move it below the delimiter row."
            )
        return f"{where} renders no table{cost}. Move it below the delimiter row."
    if broken.kind == "header-cells":
        return (
            f"the table's header `{short(broken.detail)}` has another number of cells than "
            f"its delimiter row (line {broken.related_line}), so GitHub renders no table{cost}."
            " Give the header one cell per column (a `|` was probably lost)."
        )
    if broken.kind == "cut-off":
        return (
            f"this blank line cuts the rows below it off their table (header at line "
            f"{broken.related_line}){cost}. Remove the blank line."
        )
    if broken.kind == "stray-row" and broken.related_line is not None:
        return _stray(broken, head, broken.related_line)
    if broken.kind == "stray-html-row":
        where, move = ("after", "above") if broken.detail == "</table>" else ("before", "below")
        return (
            f"this row stands {where} its HTML table's `{broken.detail}` (line "
            f"{broken.related_line}), outside the table, so GitHub drops its row and cell tags "
            f"and shows its cells run together as a line of text. Move it {move} that line."
        )
    if broken.kind == "code-fence":
        return (
            f"the code block opened here with `` {broken.detail} `` is never closed{cost}. "
            f"Close it with a line `` {broken.detail} `` where the code ends."
        )
    if broken.kind == "html-block":
        return (
            f"the HTML block opened here (`{short(broken.detail)}`) runs on over the entries "
            f"below{cost}. Close it (`-->`, or the closing tag) right after it."
        )
    if broken.kind == "no-delimiter":
        return f"these table rows have no header and delimiter row above them{cost}."
    return f"this change stops entries of the list from rendering{cost}."


def _stray(broken: Breakage, head: Document, header: int) -> str:
    """A row written outside its table: where the table is, and what keeps the row out."""
    rows = 1
    while is_pipe_line(head.line_text(broken.line + rows)):
        rows += 1
    these, it, stand, shown = (
        ("this row", "it", "stands", "a line of text with pipes") if rows == 1
        else (f"these {rows} rows", "them", "stand", "lines of text with pipes")
    )
    table = f"the table `{short(broken.detail)}` (line {header})"
    if header > broken.line:
        return (
            f"{these} {stand} above {table}, outside it, so GitHub shows {it} as {shown}, "
            f"not as table rows. Move {it} below the table's delimiter row (line {header + 1})."
        )
    end = next(t.end_line for t in head.tables if t.line == header)
    gap = range(end + 1, broken.line)
    if all(not head.line_text(n).strip() for n in gap):
        where = f"line {gap[0]}" if len(gap) == 1 else f"lines {gap[0]}–{gap[-1]}"
        return (
            f"a blank line ({where}) cuts {these} off {table}, so GitHub shows {it} as "
            f"{shown}, not as table rows. Remove the blank line."
        )
    return (
        f"{these} {stand} below {table}, outside it (its last row is line {end}), so GitHub "
        f"shows {it} as {shown}, not as table rows. Move {it} into the table, after line "
        f"{end}."
    )


def _cost(broken: Breakage) -> str:
    if broken.lost == 0:
        return ""
    entries = "entry" if broken.lost == 1 else "entries"
    return f": {broken.lost} {entries} (from line {broken.first_lost}) no longer render as such"


def _is_table(head: Document, broken: Breakage) -> bool:
    return any(table.line == broken.line for table in head.tables)
