#!/bin/bash
# duplicates-flat-imports.sh [DUPLICATES ARGS...]: runs the duplicates
# command (the tool library's) over a copy of this checkout's tracked files
# in which each Go import block is written as single `import "x"` lines.
# duplicates passes over import lines, but not the lines of an
# `import ( ... )` block: two files importing the same six packages in the
# same order are a pair. This shows the pairs that are not only that.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
(cd "$repo" && git ls-files -z | xargs -0 cp --parents -t "$copy")
find "$copy" -name '*.go' | while read -r f; do
	awk 'BEGIN { b = 0 }
	/^import \($/ { b = 1; next }
	b && /^\)$/ { b = 0; next }
	b { if ($0 ~ /^[ \t]*$/) { print ""; next } sub(/^[ \t]+/, ""); print "import " $0; next }
	{ print }' "$f" > "$f.flat" && mv "$f.flat" "$f"
done
duplicates --repo "$copy" "$@"
