#!/usr/bin/env bash
# Regenerate constraints.txt: the newest versions pyproject.toml allows, as a fresh virtualenv
# with the test extra (which pulls the App's) installs them. Run it after changing
# pyproject.toml's dependencies, then run the tests (.ci/run) and commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
PIP_CONSTRAINT="" "$scratch/venv/bin/pip" install -q '.[test]'
{
  echo "# Pinned versions CI (.ci/run), the Docker image and the Action install with \`pip install -c constraints.txt\`,"
  echo "# so a new release of a dependency cannot break them unseen. Regenerate after changing"
  echo "# pyproject.toml: scripts/lock.sh (.github/workflows/latest.yml tries the latest weekly)."
  "$scratch/venv/bin/pip" freeze --exclude-editable | grep -iv '^awesome-review'
} > "$scratch/constraints.txt"
mv "$scratch/constraints.txt" constraints.txt
echo "constraints.txt: $(grep -vc '^#' constraints.txt) pinned packages"
