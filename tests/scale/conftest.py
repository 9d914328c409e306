"""The end-to-end fixtures (`farm`: the shared link farm; `app`: a real `awesome-review
serve` against the fake GitHub), reused here rather than copied."""

from e2e.conftest import app, farm  # noqa: F401
