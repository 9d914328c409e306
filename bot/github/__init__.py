"""The GitHub side: the gateway (the only PyGithub user), auth, and publishing a review."""

from bot.github.auth import FAST_OPTIONS, GatewayFactory, GatewayOptions
from bot.github.errors import (
    Forbidden,
    GitHubError,
    GitHubUnavailable,
    NotFound,
    RateLimited,
    Unauthorized,
    Unprocessable,
)
from bot.github.gateway import PyGithubGateway
from bot.github.protocol import Gateway, Gateways

__all__ = [
    "FAST_OPTIONS",
    "Forbidden",
    "Gateway",
    "GatewayFactory",
    "GatewayOptions",
    "Gateways",
    "GitHubError",
    "GitHubUnavailable",
    "NotFound",
    "PyGithubGateway",
    "RateLimited",
    "Unauthorized",
    "Unprocessable",
]
