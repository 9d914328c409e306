"""Fixing a list: every fixable finding's fix applied, re-checked until none is left.

checks → fix: `fix_text` takes the findings' suggestions and moves (bot/fix/edits.py) and
repeats to a fixed point (bot/fix/fixpoint.py). Pure: text in, text out; the CLI writes the
file (`check --fix`) and the App commits it (`/fix`) or offers it as one suggestion per entry.
"""

from bot.fix.fixpoint import MAX_ROUNDS, Fixed, Hunk, Recheck, fix_text, fixable

__all__ = ["MAX_ROUNDS", "Fixed", "Hunk", "Recheck", "fix_text", "fixable"]
