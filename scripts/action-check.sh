#!/usr/bin/env bash
# What the GitHub Action runs: `awesome-review check --base-ref <base> --format github`
# on the list files, so findings show as annotations on the PR and every finding in the job
# summary. The base is the pull request's base, or on a push the commit pushed over; the
# files that differ between it and the checkout are the change's files (`policy.allowed_files`).
# Env: BASE_SHA (empty or all zeros: no base), AUDIT ("true": without a base, review whole
# files), FILES (space/newline separated; empty: the config's files:), LINKS, CONFIG.
# Anything the Action cannot do as asked stops it with one ::error:: line and exit status 2.
set -uo pipefail

fail() {
  echo "::error title=awesome-review::$1"
  exit 2
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

base=${BASE_SHA:-}
[[ $base =~ ^0*$ ]] && base=""  # a push that creates a branch names 40 zeros as its "before"

args=(check --format github)
[ "${LINKS:-false}" = "true" ] && args+=(--links)
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && args+=(--summary "$GITHUB_STEP_SUMMARY")

if [ -z "$base" ]; then
  if [ "${AUDIT:-false}" != "true" ]; then
    fail "no base commit to compare with (this event has no pull request base and no pushed-over commit): run on pull_request or push, or set audit: \"true\" to review the whole files"
  fi
  [ -n "${CONFIG:-}" ] && args+=(--config "$CONFIG")  # no base: the checked-out one is all there is
else
  if ! git cat-file -e "$base^{commit}" 2>/dev/null; then  # actions/checkout fetches one commit
    if ! reason=$(git fetch --quiet --no-tags --depth=1 origin "$base" 2>&1); then
      fail "cannot fetch the base commit $base, so the change cannot be told from the rest: ${reason//$'\n'/ }"
    fi
  fi
  # The config comes from the base: a pull request cannot switch its own checks off.
  config=${CONFIG:-.github/awesome-review.yml}
  if ! git show "$base:$config" > "$scratch/config.yml" 2>/dev/null; then
    [ -n "${CONFIG:-}" ] && fail "the config file $CONFIG is not in the base commit $base"
    : > "$scratch/config.yml"  # none at the base: the defaults, whatever the head adds
  fi
  args+=(--config "$scratch/config.yml" --base-ref "$base")
  # The files the change touches, as the checkout (a pull request's merge commit) differs from
  # the base: two trees, no history, so the shallow checkout is enough. A rename is its old
  # path and its new one, as GitHub lists a pull request's files.
  if ! git diff --name-only --no-renames -z "$base" HEAD > "$scratch/changed.z" 2>"$scratch/diff.err"; then
    fail "cannot list the files changed since $base: $(tr '\n' ' ' < "$scratch/diff.err")"
  fi
  tr '\0' '\n' < "$scratch/changed.z" > "$scratch/changed.txt"
  args+=(--changed-files "$scratch/changed.txt")
fi

# shellcheck disable=SC2086  # FILES is a list of paths separated by spaces or newlines
exec awesome-review "${args[@]}" ${FILES:-}
