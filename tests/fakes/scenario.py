"""Arrange pull requests on the fake GitHub and run the real pipeline against them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.github import FAST_OPTIONS, GatewayFactory, GatewayOptions
from bot.github.protocol import Gateway
from bot.jobs.job import ReviewJob
from bot.pipeline import LinkChecker, Outcome, review_pull_request
from tests.fakes.fixtures import GitHubWorld

# A small list in the classic bullet style, with a TOC; entries are well-formed.
SMALL_LIST = """\
# Awesome LLM Systems

A curated list of systems for large language models.

## Contents

- [Serving](#serving)
- [Training](#training)

## Serving

- [vLLM](https://github.com/vllm-project/vllm) - Fast LLM serving with paged attention.
- [SGLang](https://github.com/sgl-project/sglang) - Structured generation language for LLMs.
- [TGI](https://github.com/huggingface/text-generation-inference) - Text generation inference server.

## Training

- [DeepSpeed](https://github.com/microsoft/DeepSpeed) - Deep learning optimisation library.
- [Megatron-LM](https://github.com/NVIDIA/Megatron-LM) - Training of large transformers.
"""
GOOD_ENTRY = (
    "- [LightLLM](https://github.com/ModelTC/lightllm) - Lightweight LLM inference framework."
)
DUPLICATE_ENTRY = "- [vLLM](https://github.com/vllm-project/vllm) - Fast LLM serving."


def with_entry(text: str, after: str, entry: str) -> str:
    """`text` with `entry` inserted on the line after the first line starting with `after`."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(after))
    return "\n".join([*lines[: index + 1], entry, *lines[index + 1 :]])


@dataclass
class PullUnderTest:
    world: GitHubWorld
    number: int
    base_sha: str
    head_sha: str

    def job(self, trigger: str = "opened", links_only: bool = False) -> ReviewJob:
        return ReviewJob(
            installation_id=self.world.installation_id,
            repo=self.world.repo.full_name,
            pr_number=self.number,
            base_sha=self.base_sha,
            head_sha=self.head_sha,
            trigger=trigger,
            delivery_id=f"delivery-{trigger}-{self.head_sha[:7]}",
            links_only=links_only,
        )

    def push(self, files: dict[str, str | bytes]) -> str:
        """A new commit on the PR's branch; the PR's head moves to it."""
        self.head_sha = self.world.repo.commit(files, parent=self.head_sha, branch=None)
        self.world.fake.push(self.world.repo, self.number, self.head_sha)
        return self.head_sha

    def review(
        self,
        options: GatewayOptions = FAST_OPTIONS,
        link_checker: LinkChecker | None = None,
        links_only: bool = False,
        gateway: Gateway | None = None,
    ) -> Outcome:
        """Run the real pipeline, through real PyGithub, against the fake."""
        gateway = gateway or GatewayFactory(self.world.settings, options).for_installation(
            self.world.installation_id
        )
        job = self.job(links_only=links_only)
        return review_pull_request(job, gateway, link_checker, self.world.settings)

    # what the PR looks like on the fake GitHub now
    def comments(self) -> list[dict[str, object]]:
        return self.world.fake.comments(self.world.repo, self.number)

    def check_runs(self) -> list[dict[str, object]]:
        return [r for r in self.world.repo.check_runs if r["head_sha"] == self.head_sha]

    def review_comments(self) -> list[dict[str, object]]:
        return self.world.fake.review_comments_of(self.world.repo, self.number)

    def reviews(self) -> list[dict[str, object]]:
        return self.world.fake.reviews_of(self.world.repo, self.number)


def open_pull(
    world: GitHubWorld,
    base_files: dict[str, str | bytes],
    head_files: dict[str, str | bytes],
    fork: str | None = None,
    author: str = "contributor",
) -> PullUnderTest:
    """Commit `base_files` on main, `head_files` on top of it, and open a PR between them."""
    base = world.repo.commit(base_files)
    head = world.repo.commit(head_files, parent=base, branch=None)
    number = world.fake.open_pull(world.repo, base, head, author=author, fork=fork)
    return PullUnderTest(world, number, base, head)
