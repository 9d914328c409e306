"""Benchmark: the GitHub Action on a pull request, before and after the dependency split,
side by side in one run.

    python bench/action_run.py --prepare      # once: fill the wheelhouse (the only download)
    python bench/action_run.py [--before main] [--runs 3]

Each run does what the Action does on a runner whose pip cache is warm: make a fresh
virtualenv, install awesome-review from the wheelhouse (offline: `--no-index`), then run the
review step on a real pull request (a git repository whose last commit adds a duplicate
entry to a popular list). "before" is the tree at `--before` (its install step and its
scripts/action-check.sh), "after" the working tree. Runs alternate, so load on the machine
falls on both; the figures (medians, ratios, packages, installed size) go to
bench/out/action_run.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from benchutil import OUT, save_summary

ROOT = Path(__file__).resolve().parent.parent
WHEELHOUSE = OUT / "wheelhouse"
LIST = ROOT / "tests" / "data" / "lists" / "sindresorhus__awesome.md"


def prepare() -> None:
    """Download every wheel either tree installs, and the build backend, into WHEELHOUSE."""
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", "-q", "-w", str(WHEELHOUSE), "-c", str(ROOT / "constraints.txt"),
                    f"{ROOT}[app]"], check=True)
    subprocess.run([*pip, "download", "-q", "-d", str(WHEELHOUSE), "setuptools>=68", "wheel"],
                   check=True)
    for built in WHEELHOUSE.glob("awesome_review-*.whl"):
        built.unlink()  # each run builds its own tree


def export_tree(ref: str, into: Path) -> Path:
    """The files of `ref` (a commit), or of the working tree for "WORKTREE"."""
    into.mkdir(parents=True)
    if ref == "WORKTREE":
        listed = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT,
                                capture_output=True, check=True).stdout.decode().split("\0")
        for name in filter(None, listed):
            if (ROOT / name).is_file():
                (into / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, into / name)
        return into
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def pull_request(into: Path) -> str:
    """A repository whose list (README.md) gains one duplicate entry in its last commit;
    returns the base commit."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=into, capture_output=True, text=True,
                              check=True).stdout.strip()

    into.mkdir()
    git("init", "-q", "-b", "main")
    git("config", "user.email", "bench@example.org")
    git("config", "user.name", "bench")
    text = LIST.read_text(encoding="utf-8")
    (into / "README.md").write_text(text, encoding="utf-8")
    git("add", "README.md")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    lines = text.splitlines(keepends=True)
    at = [n for n, line in enumerate(lines) if line.lstrip().startswith("- [")][40]
    lines.insert(at + 1, lines[at])
    (into / "README.md").write_text("".join(lines), encoding="utf-8")
    git("commit", "-qam", "PR")
    return base


def one_run(tree: Path, repo: Path, base: str, scratch: Path) -> dict[str, Any]:
    venv = scratch / "venv"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    constraints = tree / "constraints.txt"
    pin = ["-c", str(constraints)] if constraints.exists() else []
    env = {k: v for k, v in os.environ.items() if k not in ("PIP_CONSTRAINT", "PIP_FIND_LINKS")}
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-index", "--find-links",
                    str(WHEELHOUSE), *pin, str(tree)], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    installed = time.perf_counter()
    inputs = yaml.safe_load((tree / "action.yml").read_text(encoding="utf-8"))["inputs"]
    defaults = {name.upper(): str(spec.get("default", "")) for name, spec in inputs.items()}
    review_env = {**env, **defaults, "PATH": f"{venv / 'bin'}{os.pathsep}{env['PATH']}",
                  "BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(scratch / "summary.md")}
    done = subprocess.run(["bash", str(tree / "scripts" / "action-check.sh")], cwd=repo,
                          env=review_env, capture_output=True, text=True)
    finished = time.perf_counter()
    if done.returncode != 1 or "D301" not in done.stdout:
        raise SystemExit(f"the review did not find the duplicate: {done.stdout}{done.stderr}")
    packages = subprocess.run([str(venv / "bin" / "pip"), "list", "--format=freeze"],
                              capture_output=True, text=True, check=True).stdout.split()
    site = next((venv / "lib").glob("python3*/site-packages"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    shutil.rmtree(venv)
    return {"install_s": installed - started, "review_s": finished - installed,
            "total_s": finished - started, "packages": len(packages),
            "site_packages_mb": size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", action="store_true", help="download the wheels and stop")
    parser.add_argument("--before", default="main", help="the commit to compare with")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    if not any(WHEELHOUSE.glob("*.whl")):
        raise SystemExit(f"no wheels in {WHEELHOUSE}: run `python bench/action_run.py --prepare`")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        trees = {"before": export_tree(args.before, scratch / "before"),
                 "after": export_tree("WORKTREE", scratch / "after")}
        repo = scratch / "pr"
        base = pull_request(repo)
        runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
        for n in range(args.runs):
            for name, tree in trees.items():
                work = scratch / f"{name}-{n}"
                work.mkdir()
                runs[name].append(one_run(tree, repo, base, work))
    summary: dict[str, Any] = {"before_ref": args.before, "runs": args.runs}
    for name, results in runs.items():
        summary[name] = {key: round(statistics.median(r[key] for r in results), 3)
                         for key in results[0]}
    for key in ("install_s", "review_s", "total_s", "packages", "site_packages_mb"):
        summary[f"after/before {key}"] = round(summary["after"][key] / summary["before"][key], 3)
    for name in ("before", "after"):
        figures = summary[name]
        print(f"{name:>6}: install {figures['install_s']:.2f} s, "
              f"review {figures['review_s']:.2f} s, total {figures['total_s']:.2f} s; "
              f"{figures['packages']} packages, "
              f"{figures['site_packages_mb']:.0f} MB")
    print(f" ratio: total after/before {summary['after/before total_s']:.2f}, "
          f"install {summary['after/before install_s']:.2f}, "
          f"packages {summary['after/before packages']:.2f}, "
          f"size {summary['after/before site_packages_mb']:.2f}")
    print(f"saved to {save_summary('action_run', summary)}")


if __name__ == "__main__":
    main()
