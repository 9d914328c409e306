"""URL normal forms: addresses of one project or paper share a key, different ones do not."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.urls import _github_owner_repo, _github_path, canonical_url, describe_key, github_repo

SAME = [
    # scheme, www., case of a GitHub owner/repo, .git, trailing slash, fragment
    ("https://github.com/vllm-project/vllm", "http://www.GitHub.com/VLLM-Project/vllm.git/"),
    ("https://github.com/NVIDIA/TensorRT-LLM.git", "https://github.com/nvidia/tensorrt-llm"),
    ("https://github.com/a/b", "https://github.com/a/b#readme"),
    ("https://github.com/a/b", "github.com/a/b"),  # a bare host, as some lists write it
    # a branch page of a repository is the repository (AlibabaPAI/llumnix/tree/osdi24ae)
    ("https://github.com/AlibabaPAI/llumnix/tree/osdi24ae", "https://github.com/alibabapai/llumnix"),
    # tracking parameters, in any order, and query order itself
    ("https://ipstack.com/?utm_source=Github&utm_medium=Referral", "https://ipstack.com/"),
    ("https://example.org/p?b=2&a=1&ref=awesome", "https://example.org/p?a=1&b=2"),
    ("https://example.org/docs/index.html", "https://example.org/docs/"),
    ("https://example.org:443/x", "https://example.org/x"),
    # arXiv: abs, pdf, html, a version, a .pdf suffix, even abs/ID.pdf (seen in the list)
    ("https://arxiv.org/abs/2308.12066", "https://arxiv.org/pdf/2308.12066"),
    ("https://arxiv.org/abs/2308.12066", "https://arxiv.org/pdf/2308.12066v2.pdf"),
    ("https://arxiv.org/abs/2305.09781", "https://arxiv.org/abs/2305.09781.pdf"),
    ("https://arxiv.org/abs/2409.19256v2", "http://export.arxiv.org/abs/2409.19256"),
    ("https://arxiv.org/html/2402.01869v1", "https://arxiv.org/abs/2402.01869"),
    ("https://arxiv.org/abs/cs/0112017v1", "https://arxiv.org/pdf/cs/0112017"),
    ("https://huggingface.co/papers/2308.12066", "https://arxiv.org/abs/2308.12066"),
    ("{https://arxiv.org/abs/2506.08276", "https://arxiv.org/abs/2506.08276"),  # a typo'd brace
    # DOI: doi.org, dx.doi.org, doi:, percent-encoded, and publishers' /doi/(pdf/)? pages
    ("https://doi.org/10.1145/3731569.3764810", "https://dl.acm.org/doi/pdf/10.1145/3731569.3764810"),
    ("https://doi.org/10.1145/3689031.3717481", "https://dl.acm.org/doi/10.1145/3689031.3717481"),
    ("https://dx.doi.org/10.1145/3600006.3613163", "doi:10.1145/3600006.3613163"),
    ("https://doi.org/10.6084/m9.figshare.30338884", "https://doi.org/10.6084%2Fm9.figshare.30338884"),
    ("https://doi.org/10.1002/ABC.123", "https://onlinelibrary.wiley.com/doi/abs/10.1002/abc.123"),
    ("https://doi.org/10.1007/978-3-030-1", "https://link.springer.com/content/pdf/10.1007/978-3-030-1.pdf"),
    # OpenReview forum and PDF; NeurIPS abstract and paper; PMLR page and PDF; USENIX
    ("https://openreview.net/forum?id=tuzTN0eIO5", "https://openreview.net/pdf?id=tuzTN0eIO5"),
    (
        "https://proceedings.neurips.cc/paper/2021/hash/d01eeca8b24321cd2fe89dd85b9beb51-Abstract.html",
        "https://proceedings.neurips.cc/paper_files/paper/2021/file/"
        "d01eeca8b24321cd2fe89dd85b9beb51-Paper.pdf",
    ),
    ("http://proceedings.mlr.press/v139/he21a/he21a.pdf", "https://proceedings.mlr.press/v139/he21a.html"),
    (
        "https://www.usenix.org/system/files/osdi22-unger.pdf",
        "https://www.usenix.org/conference/osdi22/presentation/unger",
    ),
    (
        "https://www.usenix.org/system/files/nsdi22-paper-gunasekaran.pdf",
        "https://www.usenix.org/conference/nsdi22/presentation/gunasekaran",
    ),
    # packages and videos
    ("https://pypi.org/project/Foo_Bar/", "https://pypi.python.org/pypi/foo-bar"),
    ("https://www.npmjs.com/package/@scope/Pkg", "https://npmjs.org/package/@scope/pkg"),
    ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ"),
]

DIFFERENT = [
    ("https://github.com/a/b", "https://github.com/a/c"),
    ("https://github.com/a/b", "https://github.com/a/b/tree/main/sub"),  # a folder of a monorepo
    ("https://arxiv.org/abs/2308.12066", "https://arxiv.org/abs/2308.12067"),
    ("https://doi.org/10.1145/1", "https://doi.org/10.1145/2"),
    ("https://example.org/a", "https://example.org/A"),  # paths are case-sensitive off code hosts
    ("https://example.org/p?id=1", "https://example.org/p?id=2"),
    ("https://example.org:8080/", "https://example.org/"),
    ("https://example.org/#/docs", "https://example.org/#/blog"),  # a single-page app's routes
    ("https://openreview.net/forum?id=A", "https://openreview.net/forum?id=B"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_addresses_of_one_thing_share_a_key(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_addresses_of_different_things_differ(a: str, b: str) -> None:
    assert canonical_url(a) != canonical_url(b)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://arxiv.org/pdf/2308.12066v2.pdf", "arxiv:2308.12066"),
        ("https://dl.acm.org/doi/pdf/10.1145/3731569.3764810", "doi:10.1145/3731569.3764810"),
        ("https://www.GitHub.com/Owner/Repo.git/", "github.com/owner/repo"),
        ("mailto:Someone@Example.org", "mailto:someone@example.org"),
        ("#contents", "#contents"),  # in-page anchors and relative paths stay as written
        ("./CONTRIBUTING.md", "./CONTRIBUTING.md"),
        ("https://example.org/?", "example.org"),
    ],
)
def test_keys_are_readable(url: str, key: str) -> None:
    assert canonical_url(url) == key


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("arxiv:2310.07240", "the arXiv paper 2310.07240"),
        ("doi:10.1145/3600006.3613163", "the DOI 10.1145/3600006.3613163"),
        ("github.com/sgl-project/sglang", "the GitHub repository sgl-project/sglang"),
        ("usenix:osdi25/guo", "the USENIX paper osdi25/guo"),
        ("isitdownstatus.com", "isitdownstatus.com"),
    ],
)
def test_keys_read_as_words_in_messages(key: str, words: str) -> None:
    assert describe_key(key) == words


def test_github_repo_names_the_repository_of_any_page_in_it() -> None:
    assert github_repo("https://github.com/PKU-DAIR/Hetu/blob/main/README.md") == "pku-dair/hetu"
    assert github_repo("https://github.com/a/b.git") == "a/b"
    assert github_repo("https://github.com/only-owner") is None
    assert github_repo("https://gitlab.com/a/b") is None


@given(st.text(max_size=200))
def test_any_text_gets_a_key_without_raising(text: str) -> None:
    assert isinstance(canonical_url(text), str)


def test_www_is_folded_only_while_a_domain_is_left() -> None:
    # `www.org` is a domain of its own: folding it to `org` made `www.www.org` its twin
    assert canonical_url("http://www.www.org/a") == canonical_url("http://www.org/a") == "www.org/a"
    assert canonical_url("http://www.org") != canonical_url("http://org")
    assert canonical_url("https://www.example.com/a") == canonical_url("https://example.com/a")


@example("http://www.org")
@given(st.from_regex(r"https?://[a-z]{1,8}\.(org|com)(/[A-Za-z0-9_\-]{1,8}){0,3}/?", fullmatch=True))
def test_a_key_is_stable_under_a_second_normalisation_of_the_url(url: str) -> None:
    # a trailing slash, `www.` and the scheme never change the key
    assert canonical_url(url) == canonical_url(url.rstrip("/") + "/")
    assert canonical_url(url) == canonical_url(url.replace("://", "://www.", 1))


_ODD = ["", "\t", "\n", "\r", " ", "\x01", "[", "]", "%20", "@", ":443", "ſ", "İ"]
# scheme, host and the rest, each sometimes odd, so the shapes urlsplit reads otherwise come up
_GITHUB_URLS = st.tuples(
    st.sampled_from(["https://", "http://", "HTTPS://", "httpſ://", "ftp://", "//", "", *_ODD]),
    st.sampled_from(["github.com", "GitHub.com", "www.github.com", "gist.github.com",
                     "githubİcom", "user@github.com", "github.com:443", "GİTHUB.com", *_ODD]),
    st.lists(st.sampled_from(["/", "owner", "repo", ".git", "?", "#", "tab=1", "//", *_ODD]),
             max_size=8).map("".join),
).map("".join)


@settings(max_examples=3000)
@given(_GITHUB_URLS)
def test_github_urls_are_read_as_urlsplit_reads_them(url: str) -> None:
    parts = _split_or_none(url)
    host = (parts.hostname or "").lower().removeprefix("www.") if parts else ""
    assert _github_path(url) == (parts.path if parts and host == "github.com" else None)


@settings(max_examples=3000)
@given(_GITHUB_URLS)
def test_owner_and_repo_are_the_paths_first_two_segments(url: str) -> None:
    _assert_first_two_segments(url)


@pytest.mark.parametrize("url", [
    "https://github.com/o/r", "https://github.com//o//r/", "https://github.com/o",
    "https://github.com/o/", "https://github.com/", "https://github.com",
    "https://github.com?x=/a/b", "https://github.com/o?/r", "https://github.com/o/r.git",
    "https://github.com/o/.git", "HTTP://WWW.GitHub.com/O/R/x/y#z", " https://github.com/o/r\t",
    "https://github.com/o/r\tx", "https://github.com/o/r#a\nb", "https://github.com:443/o/r",
])
def test_owner_and_repo_of_written_shapes(url: str) -> None:
    _assert_first_two_segments(url)


def _assert_first_two_segments(url: str) -> None:
    """The plain URLs' segments are read off by one pattern: what splitting the path gives."""
    path = _github_path(url.strip())
    segments = [s for s in path.split("/") if s] if path is not None else []
    wanted = (segments[0], segments[1].removesuffix(".git")) if len(segments) >= 2 else None
    assert _github_owner_repo(url) == wanted


def _split_or_none(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:
        return None
