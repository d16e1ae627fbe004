#!/usr/bin/env bash
# scripts/lost-regions.sh — what tolerant mode gave up on a whole tree, from
# gupvet's -v report, and which of it held a call of a GUP entry point.
#
#   gupvet -C TREE [-O OBJ] -v 2> v.txt >/dev/null
#   scripts/lost-regions.sh TREE v.txt          # a summary line
#   scripts/lost-regions.sh -l TREE v.txt       # and each region
#
# Three kinds of loss, each counted once however many units read it:
#   file     a top-level declaration of an analysed file, blanked
#            ("skipped: F:L:C: ... (tolerant mode gave up lines A-B)", F the unit)
#   header   a declaration of a local header, blanked (the same line, F a header)
#   empty    a local header read as empty ("header F not read: ...")
# A region "holds a GUP call" when one of its lines calls an entry point:
# get_user_pages*, pin_user_pages*, get_user_page*, faultin_page_range,
# faultin_vma_page_range, populate_vma_page_range, get_dump_page,
# fixup_user_fault (grep of the tree's source for NAME followed by '(').
# It reads the -v text, not gupvet's data, so it measures any version.
set -euo pipefail

list=0
if [ "${1:-}" = "-l" ]; then
	list=1
	shift
fi
[ $# -eq 2 ] || { echo "usage: $0 [-l] TREE VERBOSE-STDERR" >&2; exit 2; }
tree=$1 log=$2
rx='\b(get_user_pages[a-z_]*|pin_user_pages[a-z_]*|get_user_page[a-z_]*|faultin_page_range|faultin_vma_page_range|populate_vma_page_range|get_dump_page|fixup_user_fault)[[:space:]]*\('

awk '
	/^gupvet: [^ ]+: / { unit = $2; sub(/:$/, "", unit); next }
	/^\tskipped: / && /gave up lines [0-9]+-[0-9]+\)$/ {
		f = $2; sub(/:.*/, "", f)
		r = $0; sub(/.*gave up lines /, "", r); sub(/\)$/, "", r)
		split(r, ab, "-")
		print (f == unit ? "file" : "header"), f, ab[1], ab[2]
		next
	}
	/^\theader [^ ]+ not read: / { print "empty", $2, 1, 0 }
' "$log" | sort -u | {
	declare -A n g
	for k in file header empty; do n[$k]=0 g[$k]=0; done
	while read -r kind f from to; do
		n[$kind]=$((n[$kind] + 1))
		[ -f "$tree/$f" ] || continue
		if [ "$to" -eq 0 ]; then
			calls=$(grep -cE "$rx" "$tree/$f" || true)
		else
			calls=$(sed -n "${from},${to}p" "$tree/$f" | grep -cE "$rx" || true)
		fi
		if [ "$calls" -gt 0 ]; then
			g[$kind]=$((g[$kind] + 1))
		fi
		if [ $list -eq 1 ]; then
			range="$from-$to"
			[ "$to" -eq 0 ] && range=all
			printf '%s\t%s:%s\t%s GUP call line(s)\n' "$kind" "$f" "$range" "$calls"
		fi
	done
	printf 'file regions lost %d (%d with a GUP call), header regions lost %d (%d), headers read as empty %d (%d)\n' \
		"${n[file]}" "${g[file]}" "${n[header]}" "${g[header]}" "${n[empty]}" "${g[empty]}"
}
