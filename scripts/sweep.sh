#!/usr/bin/env bash
# scripts/sweep.sh — the frontend over whole real trees (issue: reliability).
#
#   scripts/sweep.sh          # every .c of 6.12 and 6.1 in tolerant mode, every
#                             # candidate of 6.12 in precise mode
# Uses $GUPVET_LINUX_6_12, $GUPVET_LINUX_6_12_OBJ, $GUPVET_LINUX_6_1 (set by
# .ci/run). Prints counts (analysed, recovered, failed by reason, timed out,
# crashed) and the slowest files. Long (tens of minutes): not part of CI.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$(mktemp -d)/sweep
trap 'rm -rf "$(dirname "$bin")"' EXIT
(cd "$repo" && go build -o "$bin" ./internal/sweep)
for v in 6_12 6_1; do
	var=GUPVET_LINUX_$v
	tree=${!var:-}
	[ -n "$tree" ] || { echo "skip $v: set $var" >&2; continue; }
	echo "== tolerant, every .c file: $tree"
	"$bin" -C "$tree" -mode tolerant 2>"${TMPDIR:-/tmp}/sweep-$v-tolerant.err"
done
if [ -n "${GUPVET_LINUX_6_12_OBJ:-}" ]; then
	echo "== precise, candidate files: $GUPVET_LINUX_6_12"
	"$bin" -C "$GUPVET_LINUX_6_12" -O "$GUPVET_LINUX_6_12_OBJ" -mode precise -candidates 2>"${TMPDIR:-/tmp}/sweep-6_12-precise.err"
fi
