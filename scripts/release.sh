#!/usr/bin/env bash
# Cut a release: scripts/release.sh X.Y.Z
#   1. CHANGELOG.md's "## Unreleased" section becomes "## X.Y.Z (DATE)" (it must list
#      something), and a new empty "## Unreleased" opens above it;
#   2. the version in pyproject.toml and bot/__init__.py becomes X.Y.Z;
#   3. one commit "Release X.Y.Z", the annotated tag vX.Y.Z, and the major tag vX moved to it
#      (what `uses: awesome-review/awesome-review@vX` follows).
# It pushes nothing: it prints the push command. Run it on a clean main.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "release: $1" >&2; exit 2; }

version=${1:-}
[[ $version =~ ^([0-9]+)\.[0-9]+\.[0-9]+$ ]] || die "give the version as X.Y.Z, e.g. 0.2.0"
major="v${BASH_REMATCH[1]}"
tag="v$version"
[ -z "$(git status --porcelain --untracked-files=no)" ] || die "the work tree has uncommitted changes"
! git rev-parse -q --verify "refs/tags/$tag" > /dev/null || die "$tag exists already"
grep -q '^## Unreleased$' CHANGELOG.md || die "CHANGELOG.md has no '## Unreleased' section"
notes=$(awk '/^## Unreleased$/ {on=1; next} /^## / {on=0} on && NF' CHANGELOG.md)
[ -n "$notes" ] || die "CHANGELOG.md's Unreleased section is empty: say what changed first"

today=$(date -u +%Y-%m-%d)
python3 - "$version" "$today" <<'PY'
import re, sys
from pathlib import Path
version, today = sys.argv[1], sys.argv[2]
changelog = Path("CHANGELOG.md")
changelog.write_text(changelog.read_text(encoding="utf-8").replace(
    "## Unreleased\n", f"## Unreleased\n\n## {version} ({today})\n", 1), encoding="utf-8")
for path, pattern in (("pyproject.toml", r'^version = "[^"]+"$'),
                      ("bot/__init__.py", r'^__version__ = "[^"]+"$')):
    file = Path(path)
    text, n = re.subn(pattern, pattern.split(" = ")[0].lstrip("^") + f' = "{version}"',
                      file.read_text(encoding="utf-8"), count=1, flags=re.M)
    if n != 1:
        sys.exit(f"release: no version line in {path}")
    file.write_text(text, encoding="utf-8")
PY
git add CHANGELOG.md pyproject.toml bot/__init__.py
git commit -q -m "Release $version"
git tag -a "$tag" -m "awesome-review $version" -m "$notes"
git tag -f -a "$major" -m "awesome-review $version (latest $major.x)" > /dev/null
echo "Released $version: tagged $tag and moved $major. Publish with:"
echo "  git push origin HEAD $tag && git push --force origin $major"
