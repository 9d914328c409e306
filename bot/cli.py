"""The command line: `awesome-review check` (and the App's `serve` and `worker`)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from importlib import import_module
from pathlib import Path

from bot import __version__
from bot.config import CONFIG_PATH, DEFAULT, Config, ConfigError
from bot.deadline import REVIEW_SECONDS, Deadline
from bot.diff import diff_documents
from bot.engine import Review, load_config, review_documents
from bot.inputs import InputError, decode_list
from bot.model import Diff, LinkResult
from bot.parse import parse
from bot.report.machine import render_github, render_json, render_sarif, render_step_summary
from bot.report.text import render_text

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
FORMATS = ("text", "json", "github", "sarif")


class UsageError(Exception):
    """Bad input on the command line: exit 2 with a one-line reason."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"awesome-review: {exc}", file=sys.stderr)
        if getattr(args, "format", None) == "github":  # shown on the run, not only in its log
            print(f"::error title=awesome-review::{exc}")
        return EXIT_BAD_INPUT


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="awesome-review", description="Review changes to an awesome list."
    )
    parser.add_argument("--version", action="version", version=f"awesome-review {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_check(commands)
    _add_audit(commands)
    _add_app_commands(commands)
    return parser


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check",
        help="check a list file (the whole list, or only what changed since --base)",
        description="Without --base, audit the whole list; with --base, judge only the "
        "entries added or changed since that version. Exit 0: no errors; 1: errors; "
        "2: bad input.",
    )
    check.add_argument(
        "files", nargs="*", metavar="FILE",
        help=f"the list file, e.g. README.md (default: the config's files:, matched without "
        f"regard to case, in {CONFIG_PATH} or README.md)",
    )
    base = check.add_mutually_exclusive_group()
    base.add_argument("--base", help="the file as it was before the change")
    base.add_argument(
        "--base-ref",
        metavar="REF",
        help="read the file as it was at this git commit (e.g. HEAD, origin/main); in a "
        "repository without commits yet, audit the whole file",
    )
    check.add_argument(
        "--audit-unchanged", action="store_true",
        help="audit a file that has not changed since its base instead of judging nothing "
        "(the pre-commit hook: `pre-commit run --all-files` passes files nobody changed)",
    )
    check.add_argument("--config", help=f"config file (default: {CONFIG_PATH} if present)")
    check.add_argument(
        "--changed-files", metavar="LIST",
        help="a file naming the paths the change touches, one a line ('-': standard input), "
        "e.g. from `git diff --name-only origin/main...HEAD`; the config's "
        "policy.allowed_files judges them",
    )
    check.add_argument(
        "--fix", action="store_true",
        help="apply every finding's fix to the file (re-checked until none is left), print "
        "what changed, then report and exit as the re-check of the fixed file",
    )
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--links", action=argparse.BooleanOptionalAction, default=False,
                       help="check that links answer (added/changed entries; all in an audit)")
    _add_link_options(check)
    check.add_argument("--summary", metavar="FILE",
                       help="also append a Markdown summary of every finding to FILE (the "
                       "Action gives $GITHUB_STEP_SUMMARY)")
    check.add_argument("--deadline", type=_positive_float, default=REVIEW_SECONDS,
                       metavar="SECONDS", help="stop judging a file after this long (default "
                       f"{REVIEW_SECONDS:g}; link checking not counted) and report what was found")
    check.set_defaults(run=run_check)


def _add_link_options(command: argparse.ArgumentParser) -> None:
    """How links are checked: the same knobs for `check --links` and `audit`."""
    command.add_argument("--timeout", type=_positive_float, default=15.0, metavar="SECONDS")
    command.add_argument("--concurrency", type=_positive_int, default=64, metavar="N")
    command.add_argument("--host-concurrency", type=_positive_int, default=4, metavar="N")
    command.add_argument("--no-cache", action="store_true", help="ignore the link cache")


def _add_audit(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = commands.add_parser(
        "audit",
        help="report the health of the whole list: links, repositories, papers",
        description="Check every link, listed repository and paper of the list and print a "
        "health report grouped by section: broken links, permanent redirects with the new "
        "address, archived, renamed, missing and inactive repositories, papers whose "
        "metadata title disagrees. Exit 0: no errors; 1: errors; 2: bad input.",
    )
    audit.add_argument("file", metavar="FILE", help="the list file, e.g. README.md")
    audit.add_argument("--config", help=f"config file (default: {CONFIG_PATH} if present)")
    audit.add_argument("--format", choices=("markdown", "json"), default="markdown")
    audit.add_argument("--links", action=argparse.BooleanOptionalAction, default=True,
                       help="check links, repositories and papers (the point of an audit; "
                       "--no-links only lists what would be checked)")
    _add_link_options(audit)
    audit.set_defaults(run=run_audit)


def _add_app_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`serve` and `worker`. Their modules (Flask, huey, PyGithub …) are imported only when
    one of them runs: `check` starts in a fraction of the time without them."""
    serve = commands.add_parser(
        "serve",
        help="run the GitHub App: the webhook server and an in-process worker",
        description="Serve POST /webhook, /healthz and /readyz on PORT and run review jobs "
        "in the same process. Needs GITHUB_WEBHOOK_SECRET and GitHub credentials.",
    )
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    serve.add_argument("--port", type=int, default=None, help="port (default: $PORT or 8000)")
    serve.add_argument("--workers", type=int, default=2, metavar="N",
                       help="worker threads (default 2; 0: enqueue only)")
    serve.set_defaults(run=_run_from("webhooks.serve", "run_serve"))
    worker = commands.add_parser(
        "worker",
        help="run review workers only (the web process runs elsewhere)",
        description="Consume review jobs from AWESOME_REVIEW_QUEUE (a SQLite file or a "
        "redis:// URL) until SIGINT or SIGTERM.",
    )
    worker.add_argument("--workers", type=int, default=2, metavar="N",
                        help="worker threads (default 2)")
    worker.add_argument("--metrics-port", type=int, default=None, metavar="PORT",
                        help="serve Prometheus /metrics on PORT (workers on hosts without a "
                        "web process sharing PROMETHEUS_MULTIPROC_DIR)")
    worker.set_defaults(run=_run_from("bot.jobs.worker", "run_worker"))


def _run_from(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            loaded = import_module(module)
        except ModuleNotFoundError as exc:  # `pip install awesome-review` is the CLI alone
            raise UsageError(
                f"`awesome-review {args.command}` runs the GitHub App, whose packages are not "
                f"installed (no module {exc.name!r}): pip install 'awesome-review[app]'"
            ) from None
        command: Callable[[argparse.Namespace], int] = getattr(loaded, function)
        return command(args)

    return run


def run_check(args: argparse.Namespace) -> int:
    config = read_config(args.config)
    files = [_existing(file) for file in args.files] or configured_lists(config, Path.cwd())
    if len(files) > 1 and (args.base or args.format in ("json", "sarif")):
        raise UsageError("give one FILE with --base or with --format json/sarif")
    changed = read_changed_files(args.changed_files) if args.changed_files else None
    # one fact about the whole change: told with the first file only, not under each
    return max(
        _check_file(args, file, config, changed if index == 0 else None)
        for index, file in enumerate(files)
    )


def read_changed_files(source: str) -> tuple[str, ...]:
    """The paths listed in `source` ('-': standard input), one a line, blank lines skipped."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8"
        raise UsageError(f"--changed-files {source}: cannot read it ({reason})") from None
    paths = (line.strip().removeprefix("./") for line in text.splitlines())
    return tuple(dict.fromkeys(path for path in paths if path))


def _existing(file: str) -> str:
    """`file`, or the one file in its folder whose name differs only in case (a README is
    `readme.md` in some lists); an absent file stays as given, to be reported missing."""
    path = Path(file)
    if path.exists() or not path.parent.is_dir():
        return file
    folded = path.name.casefold()
    same = [p for p in path.parent.iterdir() if p.name.casefold() == folded and p.is_file()]
    return str(path.parent / same[0].name) if len(same) == 1 else file


def configured_lists(config: Config, root: Path) -> list[str]:
    """The files under `root` the config's `files:` names (case-insensitive globs)."""
    found = sorted(path for path in _repository_files(root) if config.is_list_path(path))
    if not found:
        raise UsageError(f"no list file here matches files: {', '.join(config.files)}")
    return found


def _repository_files(root: Path) -> list[str]:
    """Every file git would track here (so ignored folders are skipped), or, outside a git
    work tree, every file below `root`; `/`-separated, relative to `root`."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True, cwd=root, check=False,
        )
    except FileNotFoundError:
        done = None
    if done is not None and done.returncode == 0:
        names = done.stdout.decode(errors="replace").split("\0")
        return [name for name in names if name and (root / name).is_file()]
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]


def run_audit(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.audit import assess, audit_urls
    from bot.report.health import render_health, render_health_json

    config = read_config(args.config)
    document = parse(read_list(args.file))
    urls = audit_urls(document, config)
    results: Mapping[str, LinkResult] = {}
    if args.links:
        from bot.cli_links import check_urls

        results = check_urls(args, urls, config)
    health = assess(args.file, document, config, results, datetime.now(UTC))
    if args.format == "json":
        print(render_health_json(health))
    else:
        name = Path(args.file).name
        print(render_health(health, lambda line: f"{name}#L{line}"), end="")
    return EXIT_FINDINGS if health.failed else EXIT_OK


def _check_file(
    args: argparse.Namespace, file: str, config: Config, changed: tuple[str, ...] | None
) -> int:
    text = read_list(file)
    deadline = Deadline(args.deadline)
    head = parse(text)
    base_text = _base_text(args, file)
    if args.audit_unchanged and base_text == text:
        base_text = None
    base = parse(base_text) if base_text is not None else None
    diff = diff_documents(base, head)
    if args.links:
        waited = time.monotonic()
        link_results: Mapping[str, LinkResult] | None = _check_links(args, diff, config)
        deadline = deadline.not_counting_since(waited)
    else:  # the list's repository criteria are read even so: the config asks for them
        waited = time.monotonic()
        link_results = _check_repositories(args, diff, config)
        deadline = deadline.not_counting_since(waited)
    review = review_documents(
        head, base, config, link_results, diff, deadline, changed_files=changed
    )
    if args.fix:
        review = _fixed(args, file, review, config, link_results, changed)
    print(render(review, args.format, file))
    if args.summary:
        _append(args.summary, render_step_summary(review, file))
    return EXIT_FINDINGS if review.failed else EXIT_OK


def _fixed(
    args: argparse.Namespace,
    file: str,
    review: Review,
    config: Config,
    link_results: Mapping[str, LinkResult] | None,
    changed: tuple[str, ...] | None,
) -> Review:
    """`--fix`: the file fixed and written, and the review of what was written."""
    from bot.cli_fix import fix_file, report_stream

    def recheck(text: str) -> Review:
        head = parse(text)
        deadline = Deadline(args.deadline)
        return review_documents(
            head, review.base, config, link_results, deadline=deadline, changed_files=changed
        )

    try:
        return fix_file(file, review, recheck, report_stream(args.format))
    except OSError as exc:
        raise UsageError(f"{file}: cannot write the fixed file ({exc.strerror})") from None


def _append(path: str, text: str) -> None:
    try:
        with open(path, "a", encoding="utf-8") as out:
            out.write(text + "\n")
    except OSError as exc:
        raise UsageError(f"--summary {path}: cannot write it ({exc.strerror})") from None


def _base_text(args: argparse.Namespace, file: str) -> str | None:
    if args.base:
        return read_list(args.base)
    if args.base_ref:
        return read_at_ref(args.base_ref, file)
    return None


def read_at_ref(ref: str, file: str) -> str | None:
    """The file at a git commit; None when it did not exist there (a new list: audit it)."""
    path = Path(file)
    try:  # `REF:./NAME` is resolved against the working directory git runs in
        done = subprocess.run(
            ["git", "show", f"{ref}:./{path.name}"],
            capture_output=True,
            cwd=path.parent,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("--base-ref needs git, which is not installed") from None
    if done.returncode != 0:
        if b"exists on disk, but not in" in done.stderr or b"does not exist in" in done.stderr:
            return None
        if _no_commits_yet(path.parent):  # the first commit: nothing existed before it
            return None
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(f"--base-ref {ref}: {reason[0] if reason else 'git show failed'}")
    try:
        return decode_list(done.stdout, f"{file} at {ref}")
    except InputError as exc:
        raise UsageError(str(exc)) from None


def _no_commits_yet(folder: Path) -> bool:
    """Is `folder` in a git work tree whose current branch has no commit yet?"""
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], capture_output=True,
                            cwd=folder, check=False)
    head = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD"],
                          capture_output=True, cwd=folder, check=False)
    return inside.returncode == 0 and head.returncode != 0


def render(review: Review, fmt: str, file: str) -> str:
    if fmt == "json":
        return render_json(review, file)
    if fmt == "github":
        return render_github(review, file)
    if fmt == "sarif":
        return render_sarif(review, file)
    return render_text(review, file, colour=_colour_wanted())


def read_list(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a list file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        return decode_list(data, path)
    except InputError as exc:
        raise UsageError(str(exc)) from None


def read_config(path: str | None) -> Config:
    candidate = Path(path) if path else Path(CONFIG_PATH)
    if not candidate.exists():
        if path:
            raise UsageError(f"{path}: no such config file")
        return DEFAULT
    try:
        return load_config(candidate.read_bytes())
    except ConfigError as exc:
        raise UsageError(f"{candidate}: {exc}") from None


def _check_links(
    args: argparse.Namespace, diff: Diff, config: Config
) -> Mapping[str, LinkResult]:
    from bot.cli_links import check_review_links  # aiohttp is imported only for --links

    return check_review_links(args, diff, config)


def _check_repositories(
    args: argparse.Namespace, diff: Diff, config: Config
) -> Mapping[str, LinkResult] | None:
    from bot.checks.repository_rules import repositories_to_check

    if not repositories_to_check(diff, config):  # aiohttp is imported only when asked
        return None
    from bot.cli_links import check_review_repositories

    return check_review_repositories(args, diff, config)


def _colour_wanted() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


if __name__ == "__main__":
    sys.exit(main())
