"""policy — what a list asks of every pull request, as its maintainers would check by hand:
how many entries one pull request adds, which other files it may touch, how many entries a
category keeps, link texts that name the repository, plain descriptions, a description at all.

Every policy is off until the list's `.github/awesome-review.yml` sets it under `policy:`
(bot.checks.policy.options), and every finding names the key it comes from. The rules about
a pull request as a whole (Q801–Q803) say nothing in a full audit; the rules about an entry
judge the entries a pull request adds or edits (every entry in an audit). One module per rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.base import Check, Context
from bot.checks.policy import (
    q801_entries_added,
    q802_files_outside_list,
    q803_category_size,
    q804_link_text,
    q805_promotional,
    q806_description,
)
from bot.checks.policy.options import CHECK_NAME, PolicyOptions
from bot.config import Config
from bot.model import Finding


def switched_on(config: Config) -> bool:
    """Does the config set any policy? (The summary leaves the check out when not.)"""
    return config.option(PolicyOptions) != PolicyOptions()


def run(ctx: Context) -> Iterator[Finding]:
    options = ctx.config.option(PolicyOptions)
    if not switched_on(ctx.config):
        return
    yield from q801_entries_added.judge(ctx, options)
    yield from q802_files_outside_list.judge(ctx, options)
    yield from q803_category_size.judge(ctx, options)
    yield from q804_link_text.judge(ctx, options)
    yield from q805_promotional.judge(ctx, options)
    yield from q806_description.judge(ctx, options)


CHECK = Check(
    name=CHECK_NAME,
    title="The list's own pull-request policies (`policy:` in the config; all off by default)",
    rules=(
        q801_entries_added.RULE,
        q802_files_outside_list.RULE,
        q803_category_size.RULE,
        q804_link_text.RULE,
        q805_promotional.RULE,
        q806_description.RULE,
    ),
    run=run,
    options=(PolicyOptions,),
    switched_on=switched_on,
)
