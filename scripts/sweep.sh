#!/usr/bin/env bash
# scripts/sweep.sh — the frontend over whole real trees (issue: reliability).
#
#   scripts/sweep.sh          # every .c of 6.12 and 6.1 in tolerant mode, every
#                             # candidate of 6.12 and 7.x in precise mode, then
#                             # the determinism check
# Uses $GUPVET_LINUX_6_12, $GUPVET_LINUX_6_12_OBJ, $GUPVET_LINUX_6_1,
# $GUPVET_LINUX_7, $GUPVET_LINUX_7_OBJ (set by .ci/run). Prints counts
# (analysed, recovered, failed by reason, timed out, crashed; in precise
# mode also by what the configuration builds) and the slowest files;
# stderr of each sweep (one line per file not analysed, tagged when the
# configuration does not build it) goes to $TMPDIR/sweep-*.err. Then runs
# gupvet on the whole 6.12 tree with -j 1 and -j 2 (each with a cold
# cache) and once more warm, and compares the JSON outputs byte for byte.
# Long (tens of minutes): not part of CI. SWEEP_ONLY=determinism runs only
# the last step.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/sweep" ./internal/sweep && go build -o "$work/gupvet" ./cmd/gupvet)
tmp=${TMPDIR:-/tmp}
if [ "${SWEEP_ONLY:-}" != determinism ]; then
	for v in 6_12 6_1; do
		var=GUPVET_LINUX_$v
		tree=${!var:-}
		[ -n "$tree" ] || { echo "skip $v: set $var" >&2; continue; }
		echo "== tolerant, every .c file: $tree"
		"$work/sweep" -C "$tree" -mode tolerant -slowest 15 2>"$tmp/sweep-$v-tolerant.err"
	done
	for v in 6_12 7; do
		var=GUPVET_LINUX_$v objvar=GUPVET_LINUX_${v}_OBJ
		tree=${!var:-} objtree=${!objvar:-}
		[ -n "$tree" ] && [ -n "$objtree" ] || { echo "skip precise $v: set $var and $objvar" >&2; continue; }
		echo "== precise, candidate files: $tree (counts by what the configuration builds at the end)"
		"$work/sweep" -C "$tree" -O "$objtree" -mode precise -candidates -slowest 15 2>"$tmp/sweep-$v-precise.err"
	done
fi
if [ -n "${GUPVET_LINUX_6_12:-}" ]; then
	echo "== determinism: whole 6.12 tree, -j 1 and -j 2 with cold caches, then warm"
	oflag=()
	[ -n "${GUPVET_LINUX_6_12_OBJ:-}" ] && oflag=(-O "$GUPVET_LINUX_6_12_OBJ")
	for run in j1:1:cold1 j2:2:cold2 warm:2:cold1; do
		IFS=: read -r name jobs cache <<<"$run"
		GUPVET_CACHE_DIR=$work/$cache "$work/gupvet" -C "$GUPVET_LINUX_6_12" "${oflag[@]}" -j "$jobs" -json >"$work/$name.json" 2>"$work/$name.err" || true
		echo "  $name: $(wc -c <"$work/$name.json") bytes of JSON, sha256 $(sha256sum <"$work/$name.json" | cut -c1-16)"
	done
	if cmp -s "$work/j1.json" "$work/j2.json" && cmp -s "$work/j1.json" "$work/warm.json"; then
		echo "  identical"
	else
		echo "  DIFFERENT"; diff "$work/j1.json" "$work/j2.json" | head -20; exit 1
	fi
fi
