"""The duplicate check's rules and settings: D301–D305 as documented, and `duplicates:`.

Kept beside the check (duplicates.py), which reads them: the declarations, their examples and
the one setting that can contradict a rule's own severity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Self

from bot.checks import duplicate_anchors
from bot.checks.base import Rule
from bot.config import Config, ConfigError, number, section, severity_or_off
from bot.model import Severity

_SERVING = (
    "# Awesome LLM Systems\n\n## Serving\n\n"
    "- [vLLM](https://github.com/vllm-project/vllm) - Serving with PagedAttention.\n"
)
_TWO_SECTIONS = _SERVING + (
    "\n## Training\n\n"
    "- [Megatron-LM](https://github.com/NVIDIA/Megatron-LM) - Training at scale.\n"
)
_TABLE = (
    "# Awesome LLM Systems\n\n## Serving\n\n| Title | Paper |\n|---|---|\n"
    "| CacheGen: KV Cache Compression and Streaming | [arXiv](https://arxiv.org/abs/2310.07240) |\n"
)

DUPLICATE = Rule(
    code="D301",
    name="duplicate-entry",
    title="The same project or paper is already listed in this section",
    severity=Severity.ERROR,
    check="duplicate",
    why="A second copy adds nothing for readers and the two drift apart as they are edited; "
    "the links are compared after normalisation, so `www.`, `.git`, a trailing slash or an "
    "arXiv `pdf`/`abs` form does not hide a copy.",
    base=_SERVING,
    bad="- [vllm](https://www.github.com/vllm-project/vllm.git) - Fast serving.\n",
    good="- [SGLang](https://github.com/sgl-project/sglang) - Structured serving.\n",
)
CROSS_POSTED = Rule(
    code="D302",
    name="cross-posted",
    title="The same project or paper is also listed in another section",
    severity=Severity.NOTICE,
    check="duplicate",
    why="Some lists cross-post on purpose (a paper on MoE serving under both MoE and Serving); "
    "when it is not on purpose, one copy is enough. Set `duplicates.cross_section` to change "
    "the severity or switch it off.",
    base=_TWO_SECTIONS,
    bad="- [vLLM](https://github.com/vllm-project/vllm/) - Also RL rollouts.\n",
    good="- [DeepSpeed](https://github.com/deepspeedai/DeepSpeed) - ZeRO.\n",
)
SHARED_LINK = Rule(
    code="D303",
    name="shared-link",
    title="Two different titles share one paper or project link",
    severity=Severity.ERROR,
    check="duplicate",
    why="Two different papers cannot have the same arXiv id or DOI: one entry's link was most "
    "likely copied from its neighbour and never changed, so readers land on the wrong paper.",
    base=_TABLE,
    bad="| Parrot: Efficient Serving of LLM-based Applications | "
    "[arXiv](https://arxiv.org/pdf/2310.07240v2) |\n",
    good="| Parrot: Efficient Serving of LLM-based Applications | "
    "[arXiv](https://arxiv.org/abs/2405.19888) |\n",
)

SAME_SITE = Rule(
    code="D304",
    name="same-site",
    title="Another entry links the same site",
    severity=Severity.NOTICE,
    check="duplicate",
    why="A site's home page and a page under it (`weekly.example.org/` and "
    "`weekly.example.org/archive.html`) are often the same resource listed twice; when the "
    "page is a resource of its own, say what it adds.",
    base="# Awesome X\n\n## Newsletters\n\n"
    "- [Weekly](https://weekly.example.org/) - A weekly digest.\n",
    bad="- [Weekly Archive](https://weekly.example.org/archive.html) - Past issues.\n",
    good="- [Monthly](https://monthly.example.net/) - A monthly digest.\n",
)

RULES: tuple[Rule, ...] = (DUPLICATE, CROSS_POSTED, SHARED_LINK, SAME_SITE, duplicate_anchors.RULE)


@dataclass(frozen=True)
class DuplicateOptions:
    """`duplicates: {cross_section: notice, title_threshold: 92}`: D302's severity (`off`:
    not reported) and how alike two long titles must be (rapidfuzz ratio, 50-100)."""

    KEYS: ClassVar[tuple[str, ...]] = ("duplicates",)

    cross_section: Severity | None = Severity.NOTICE
    title_threshold: float = 92.0
    cross_section_given: bool = False  # the file sets it (so `rules.D302` must agree)

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self:
        keys = ("cross_section", "title_threshold")
        raw = section(data.get("duplicates", {}), "duplicates", keys)
        given = "cross_section" in raw
        return cls(
            cross_section=(
                severity_or_off(raw["cross_section"], "duplicates.cross_section")
                if given
                else cls.cross_section
            ),
            title_threshold=number(
                raw.get("title_threshold", cls.title_threshold),
                "duplicates.title_threshold",
                50,
                100,
            ),
            cross_section_given=given,
        )


def _said(severity: str | None, enabled: bool) -> str:
    """A rule setting as the file wrote it: `off`, `on` or a severity."""
    return severity or ("on" if enabled else "off")


def validate_settings(config: Config) -> None:
    """D302 has two settings, `duplicates.cross_section` and `rules.D302`: both set and
    saying different things is refused rather than one silently winning."""
    options = config.option(DuplicateOptions)
    key = config.given(CROSS_POSTED.code, CROSS_POSTED.name)
    if key is None or not options.cross_section_given:
        return
    setting = config.setting(CROSS_POSTED.code, CROSS_POSTED.name)
    wanted = (setting.severity or CROSS_POSTED.severity) if setting.enabled else None
    if wanted is not options.cross_section:
        said = options.cross_section.value if options.cross_section else "off"
        rule_said = _said(setting.severity.value if setting.severity else None, setting.enabled)
        raise ConfigError(
            f"duplicates.cross_section: {said} and rules.{key}: {rule_said} contradict each "
            f"other: both set {CROSS_POSTED.code}'s severity. Keep one of the two."
        )
