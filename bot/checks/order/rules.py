"""The order check's rules and its setting: O701–O702 as documented, and `order:`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal, Self

from bot.checks.base import Rule
from bot.config import ConfigError
from bot.model import Severity
from bot.yamlsafe import short_repr

Mode = Literal["auto", "alphabetical", "date", "none"]
MODES: tuple[Mode, ...] = ("auto", "alphabetical", "date", "none")

_NAMES = (
    "Ant",
    "Bee",
    "Cat",
    "Dog",
    "Eel",
    "Fox",
)
_SORTED = "# Awesome X\n" + "".join(
    f"\n## {section}\n\n"
    + "".join(
        f"- [{name}{section[0]}](https://{name.lower()}.example.org) - Does it.\n"
        for name in _NAMES
    )
    for section in ("Libraries", "Tools")
)
_DATED = (
    "# Awesome Papers\n\n## Serving\n\n| Title | Venue | Date |\n|---|---|---|\n"
    "| [Delta](https://arxiv.org/abs/2406.00004) | arXiv | 2024-06-20 |\n"
    "| [Gamma](https://arxiv.org/abs/2405.00003) | ICML | 2024-05-02 |\n"
    "| [Beta](https://arxiv.org/abs/2403.00002) | arXiv | 2024-03-11 |\n"
    "| [Alpha](https://arxiv.org/abs/2401.00001) | ICLR | 2024-01-15 |\n"
)

ALPHABETICAL = Rule(
    code="O701",
    name="entry-out-of-alphabetical-order",
    title="Entry breaks the alphabetical order its list keeps",
    severity=Severity.WARNING,
    check="order",
    why="Readers of a sorted list find an entry by its name, and a maintainer of one re-sorts "
    "every misplaced addition by hand (awesome-go runs a test that fails the build). Names "
    "are compared as awesome-go's test compares them: the entry's name (its link text) "
    "lower-cased, each list sorted on its own level (a nested list among its siblings, not "
    "with its parent's). With `order: auto` (the default) the order is learned from the list "
    "before the pull request, and the finding is a warning: 90% or more of the list's runs "
    "of three or more entries are sorted, holding ten entries or more, and the section the "
    "entry joins is sorted too; a list that is not sorted is never asked to sort. With "
    "`order: alphabetical` set, every section the pull request touches is judged and the "
    "finding is an error, as the list asked for it. The suggestion moves the entry after the "
    "entry it belongs after.",
    base=_SORTED,
    bad="- [Bat](https://bat.example.org) - Does it.\n",
    good="- [Gnu](https://gnu.example.org) - Does it.\n",
    fixable=True,
)
DATE = Rule(
    code="O702",
    name="row-out-of-date-order",
    title="Row breaks the date order its table keeps",
    severity=Severity.WARNING,
    check="order",
    why="Paper lists often keep each table by date, newest first (or newest last), so a "
    "reader sees what is new at a glance; a row pasted at the wrong end hides it. A table's "
    "date column is one whose header says so (Date, Year, Published, Time …) or whose cells "
    "are dates (`2024-05-17`, `2024/05`, `2024.05`, `May 2024`), compared at the coarsest "
    "precision the table writes. With `order: auto` (the default, a warning) the table must "
    "already be sorted by date, as must 90% or more of the list's dated tables (ten rows or "
    "more); with `order: date` set, every table the pull request touches is judged and the "
    "finding is an error. The suggestion moves the row where its date belongs.",
    base=_DATED,
    config="order: date\n",
    bad="| [Epsilon](https://arxiv.org/abs/2407.00005) | arXiv | 2024-07-01 |\n",
    good="| [Zeta](https://arxiv.org/abs/2312.00006) | arXiv | 2023-12-24 |\n",
    fixable=True,
)

RULES: tuple[Rule, ...] = (ALPHABETICAL, DATE)


@dataclass(frozen=True)
class OrderOptions:
    """`order: auto | alphabetical | date | none`: the order entries are kept in. `auto`
    (the default) judges only an order the list already keeps (see bot.checks.order.profile);
    `alphabetical` and `date` judge every section a pull request touches; `none` is off."""

    KEYS: ClassVar[tuple[str, ...]] = ("order",)

    order: Mode = "auto"

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self:
        value = data.get("order", "auto")
        if value is False:  # YAML reads a bare `off`/`no` as false
            value = "none"
        for mode in MODES:
            if value == mode:
                return cls(mode)
        raise ConfigError(f"order: expected one of {', '.join(MODES)}; got {short_repr(value)}")
