#!/usr/bin/env bash
# scripts/bench.sh — gupvet against Coccinelle on one kernel tree, in one run.
#
#   scripts/bench.sh [SRC [OBJ]]      (default: $GUPVET_LINUX_6_12, $GUPVET_LINUX_6_12_OBJ)
#
# Times, with wall clock and peak RSS (GNU time):
#   1. spatch --dir with ../shared/bench/spatch-baseline.cocci (the same two
#      rules), plain, as its header says to run it;
#   2. gupvet in its default mode, cold cache;
#   3. gupvet -mode precise, cold cache;
#   4. gupvet default mode again after one candidate file changed (warm).
# gupvet runs on a hard-linked scratch copy of the tree so that step 4 can
# change a file without touching the real tree. Prints a table with the
# ratios to spatch and checks that both tools report KVM's hva_to_pfn_slow.
# A benchmark, not a test: it never fails on timings. BENCH_SKIP_PRECISE=1
# leaves out step 3 (minutes with cc/v4's full preprocessing).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=${1:-${GUPVET_LINUX_6_12:-}}
obj=${2:-${GUPVET_LINUX_6_12_OBJ:-}}
cocci=${GUPVET_COCCI:-$repo/../shared/bench/spatch-baseline.cocci}
[ -n "$src" ] && [ -d "$src" ] || { echo "usage: $0 SRC [OBJ] (or set GUPVET_LINUX_6_12)" >&2; exit 2; }
command -v spatch >/dev/null || { echo "spatch not found: apt-get install coccinelle" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install time" >&2; exit 2; }
[ -f "$cocci" ] || { echo "no $cocci (set GUPVET_COCCI)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gupvet-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/gupvet" ./cmd/gupvet)

# treerss PID: the resident memory of PID and all its descendants, in KB
# (gupvet parses in worker processes: GNU time's %M is the largest single
# process, not what the run holds at once).
treerss() {
	ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
		{ parent[$1] = $2; rss[$1] = $3 }
		END {
			for (p in parent) {
				q = p
				while (q != "" && q != root && q != 0 && q != 1) q = parent[q]
				if (q == root) sum += rss[p]
			}
			print sum + 0
		}'
}

# measure NAME CMD...: runs CMD, keeps stdout in $work/NAME.out; records
# wall time, GNU time's peak RSS (largest process) and the peak of the
# whole process tree sampled every 0.2 s.
measure() {
	local name=$1; shift
	/usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" &
	local pid=$! peak=0 now
	while kill -0 "$pid" 2>/dev/null; do
		now=$(treerss "$pid")
		[ "$now" -gt "$peak" ] && peak=$now
		sleep 0.2
	done
	wait "$pid" || true
	# GNU time puts "Command exited with non-zero status N" first when the
	# tool reports findings (exit 1): the figures are on the last line.
	read -r wall rss < <(tail -n 1 "$work/$name.time")
	printf '%s %s %s %s\n' "$name" "$wall" "$rss" "$peak" >>"$work/results"
}

echo "tree: $src  objtree: ${obj:-none}  $(nproc) cores" >&2
echo "spatch (plain --dir) ..." >&2
measure spatch spatch -D report --no-show-diff --very-quiet --timeout 200 --include-headers \
	--cocci-file "$cocci" \
	-I "$src/arch/x86/include" -I "$src/arch/x86/include/uapi" -I "$src/include" -I "$src/include/uapi" \
	--include "$src/include/linux/compiler-version.h" --include "$src/include/linux/kconfig.h" \
	--include "$src/include/linux/compiler_types.h" --dir "$src"

scratch=$work/tree
echo "scratch copy (hard links) ..." >&2
cp -al "$src" "$scratch"
oflag=()
[ -n "$obj" ] && oflag=(-O "$obj")

echo "gupvet default, cold cache ..." >&2
GUPVET_CACHE_DIR=$work/cache-default measure gupvet-default "$work/gupvet" -C "$scratch" "${oflag[@]}"
echo "gupvet -mode precise, cold cache ..." >&2
if [ -n "$obj" ] && [ -z "${BENCH_SKIP_PRECISE:-}" ]; then
	GUPVET_CACHE_DIR=$work/cache-precise measure gupvet-precise "$work/gupvet" -C "$scratch" "${oflag[@]}" -mode precise
fi

# change one candidate file (a new inode: the real tree is not touched)
f=$scratch/mm/madvise.c
cp "$f" "$f.new" && printf '\n/* gupvet bench */\n' >>"$f.new" && mv "$f.new" "$f"
echo "gupvet default, warm, one file changed ..." >&2
GUPVET_CACHE_DIR=$work/cache-default measure gupvet-warm "$work/gupvet" -C "$scratch" "${oflag[@]}"

kvm='virt/kvm/kvm_main.c'
found() { grep -q "$kvm" "$work/$1.out" && echo yes || echo NO; }
awk -v sp="$(awk '$1=="spatch"{print $2}' "$work/results")" '
	BEGIN { printf "%-16s %9s %9s %13s %9s\n", "run", "wall s", "x spatch", "peak MB proc", "peak MB all" }
	{ printf "%-16s %9.2f %9.2f %13.0f %9.0f\n", $1, $2, (sp > 0 ? $2/sp : 0), $3/1024, $4/1024 }' "$work/results"
echo "(peak MB proc: the largest single process, GNU time; all: the whole process tree at once, sampled)"
echo
echo "KVM finding ($kvm): spatch $(found spatch), gupvet default $(found gupvet-default), precise $( [ -f "$work/gupvet-precise.out" ] && found gupvet-precise || echo n/a ), warm $(found gupvet-warm)"
for r in spatch gupvet-default gupvet-precise gupvet-warm; do
	[ -f "$work/$r.out" ] || continue
	echo "--- $r: $(grep -c . "$work/$r.out" || true) output lines"
	grep -v '^	' "$work/$r.out" | sed 's/^/  /' | head -5
done
