"""The App tests share the link tests' loopback servers and their off-machine guard."""

from tests.links.conftest import loopback_only, serve  # noqa: F401
