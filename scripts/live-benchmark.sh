#!/usr/bin/env bash
# Kept for old notes: a one-line wrapper of `./isobar benchmark live` (docs/benchmarks.md).
exec "$(dirname "$0")/../isobar" benchmark live "$@"
