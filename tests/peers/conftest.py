"""Print the awesome-lint parity table at the end of a run that scored it."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    from tests.peers.parity import PARITY_TABLE

    text = config.stash.get(PARITY_TABLE, None)
    if text:
        terminalreporter.section("awesome-lint parity")
        terminalreporter.write_line(text)
