"""pytest fixtures that start the fake GitHub API and the fake paper metadata APIs
(imported by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.settings import Settings
from tests.fakes.github_api import FakeGitHub, FakeRepo
from tests.fakes.papers_api import FakePapers

APP_ID = 4242
APP_SLUG = "awesome-review"
APP_LOGIN = f"{APP_SLUG}[bot]"
INSTALLATION_ID = 77
REPO = "octo/awesome"


@dataclass(frozen=True)
class RsaKey:
    private_pem: str
    public_pem: str


@dataclass
class GitHubWorld:
    """A running fake with our App installed on one repository, and Settings pointing at it."""

    fake: FakeGitHub
    repo: FakeRepo
    settings: Settings  # App auth: app id, private key, the fake's URL
    installation_id: int = INSTALLATION_ID


def make_rsa_key() -> RsaKey:
    """A fresh 2048-bit key: PyGithub signs the App's JWT with it, the fake verifies it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return RsaKey(private, public)


@pytest.fixture(scope="session")
def rsa_key() -> RsaKey:
    return make_rsa_key()


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A fresh fake GitHub API served on 127.0.0.1 for one test."""
    fake = FakeGitHub().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def fake_papers() -> Iterator[FakePapers]:
    """A fresh fake arXiv API and fake Crossref API served on 127.0.0.1 for one test."""
    fake = FakePapers().start()
    try:
        yield fake
    finally:
        fake.stop()


def install_app(fake: FakeGitHub, key: RsaKey, repo: str = REPO) -> GitHubWorld:
    """Register our App, install it on `repo`, and build the Settings a worker would use."""
    fake.add_app(APP_ID, APP_SLUG, key.public_pem)
    fake.add_installation(APP_ID, INSTALLATION_ID, [repo])
    found = fake.repos.get(repo.lower()) or fake.add_repo(repo)
    settings = Settings(
        webhook_secret="s3cret",
        app_id=str(APP_ID),
        app_private_key=key.private_pem,
        api_url=fake.url,
    )
    return GitHubWorld(fake, found, settings)


@pytest.fixture
def github_world(fake_github: FakeGitHub, rsa_key: RsaKey) -> GitHubWorld:
    """The fake GitHub with our App installed on octo/awesome."""
    return install_app(fake_github, rsa_key)
