#!/usr/bin/env bash
# What the GitHub Action runs: for each list file, `awesome-review check --base <the file at
# the PR's base> --format github <file>`, so findings show as annotations on the PR.
# Env: FILES (space/newline separated), BASE_SHA (empty: audit whole files), LINKS, CONFIG.
set -uo pipefail

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if [ -n "${BASE_SHA:-}" ] && ! git cat-file -e "$BASE_SHA^{commit}" 2>/dev/null; then
  git fetch --quiet --no-tags --depth=1 origin "$BASE_SHA"  # actions/checkout fetches one commit
fi

args=(--format github)
[ "${LINKS:-false}" = "true" ] && args+=(--links)
if [ -n "${CONFIG:-}" ]; then
  args+=(--config "$CONFIG")
elif [ -n "${BASE_SHA:-}" ] && git show "$BASE_SHA:.github/awesome-review.yml" > "$scratch/config.yml" 2>/dev/null; then
  args+=(--config "$scratch/config.yml")  # the base's config: a PR cannot switch its own checks off
fi

status=0
for file in $FILES; do
  if [ ! -f "$file" ]; then
    echo "::notice::$file is not in this pull request's head; nothing to review"
    continue
  fi
  base=()
  if [ -n "${BASE_SHA:-}" ] && git show "$BASE_SHA:$file" > "$scratch/base.md" 2>/dev/null; then
    base=(--base "$scratch/base.md")
  fi
  awesome-review check "${args[@]}" "${base[@]}" "$file"
  code=$?
  [ "$code" -gt "$status" ] && status=$code
done
exit "$status"
