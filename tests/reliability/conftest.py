"""Fixtures the reliability tests share with the end-to-end tests."""

from e2e.conftest import farm  # noqa: F401  (the module-scoped link farm on loopback)
