#!/usr/bin/env bash
# scripts/bench.sh — gupvet against Coccinelle on one kernel tree, in one run.
#
#   scripts/bench.sh [SRC [OBJ]]      (default: $GUPVET_LINUX_6_12, $GUPVET_LINUX_6_12_OBJ)
#
# Times, with wall clock, CPU time and peak RSS (GNU time), in a plain tree:
#   1. spatch --dir with ../shared/bench/spatch-baseline.cocci (the same two
#      rules), plain, as its header says to run it;
#   2. gupvet in its default mode, cold cache;
#   3. gupvet -mode precise, cold cache;
#   4. gupvet default mode again after one candidate file changed (warm);
# and in a git checkout of the same tree, where kernel developers work and
# where `make coccicheck` runs spatch with the kernel's .cocciconfig:
#   5. spatch --use-gitgrep (git grep -l picks the files it parses);
#   6. gupvet in its default mode, cold cache.
# gupvet's plain runs use a hard-linked scratch copy of the tree, so that
# step 4 can change a file without touching the real tree. The git
# checkout (git init, git add -A -f, commit; hard links again) is made once
# per tree version and kept under ${GUPVET_GIT_CHECKOUTS:-~/.cache/gupvet/git-checkouts},
# outside this repository; nothing writes to it afterwards.
#
# Prints one table: each run's ratio is to the spatch run of the same kind
# of tree (plain or git), all from the same invocation; the load average
# at the start of each run is printed next to it. BENCH_ROUNDS=N repeats
# the whole set N times (interleaved, so each round sees the same load)
# and adds the median of each ratio. Checks that both tools report KVM's
# hva_to_pfn_slow. A benchmark, not a test: it never fails on timings.
#
#   BENCH_SKIP_PRECISE=1   leaves out step 3 (minutes with cc/v4's full preprocessing)
#   BENCH_SKIP_GIT=1       leaves out steps 5 and 6 (and the checkout)
#   BENCH_PREFILTER=1      also times the ways of finding the candidate files in
#                          the git checkout: gupvet's own scanner (internal/pftime)
#                          against git grep, the index and the blobs (see README)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=${1:-${GUPVET_LINUX_6_12:-}}
obj=${2:-${GUPVET_LINUX_6_12_OBJ:-}}
cocci=${GUPVET_COCCI:-$repo/../shared/bench/spatch-baseline.cocci}
rounds=${BENCH_ROUNDS:-1}
[ -n "$src" ] && [ -d "$src" ] || { echo "usage: $0 SRC [OBJ] (or set GUPVET_LINUX_6_12)" >&2; exit 2; }
src=$(cd "$src" && pwd -P)
command -v spatch >/dev/null || { echo "spatch not found: apt-get install coccinelle" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install time" >&2; exit 2; }
[ -f "$cocci" ] || { echo "no $cocci (set GUPVET_COCCI)" >&2; exit 2; }
[ -n "${BENCH_SKIP_GIT:-}" ] || command -v git >/dev/null || { echo "git not found (or set BENCH_SKIP_GIT=1)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gupvet-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/gupvet" ./cmd/gupvet && go build -o "$work/pftime" ./internal/pftime)

# kernelversion SRC: VERSION.PATCHLEVEL.SUBLEVEL plus EXTRAVERSION, from the
# top Makefile (what `make kernelversion` prints, without running make).
kernelversion() {
	awk -F' *= *' '
		$1 == "VERSION" && v == "" { v = $2 }
		$1 == "PATCHLEVEL" && p == "" { p = $2 }
		$1 == "SUBLEVEL" && s == "" { s = $2 }
		$1 == "EXTRAVERSION" && !e++ { x = $2 }
		END { print v "." p "." s x }' "$1/Makefile"
}

# git_checkout SRC: prints the directory of a git checkout of SRC, making it
# the first time: a hard-linked copy with every file committed (-f: the
# Debian source package's .gitignore ignores the whole top level). It is
# named by the tree's version and a hash of its path, and built beside its
# final name then renamed, so an interrupted build is never reused.
git_checkout() {
	local s=$1 base dir tmp ver
	base=${GUPVET_GIT_CHECKOUTS:-$HOME/.cache/gupvet/git-checkouts}
	ver=$(kernelversion "$s")
	dir=$base/linux-$ver-$(printf '%s' "$s" | sha256sum | cut -c1-8)
	case "$dir/" in "$repo"/*) echo "refusing to make the git checkout inside the repository: $dir" >&2; exit 2 ;; esac
	if [ ! -d "$dir/.git" ]; then
		mkdir -p "$base"
		tmp=$(mktemp -d "$dir.tmp.XXXXXX")
		echo "git checkout of $s (once, into $dir; a few minutes) ..." >&2
		cp -al "$s/." "$tmp/"
		git -C "$tmp" init -q
		# the working files are hard links of SRC: another hard-linked
		# copy (this script's scratch tree) changes their ctime, which
		# would make git re-read every file to check it is unchanged
		git -C "$tmp" config core.trustctime false
		git -C "$tmp" -c gc.auto=0 add -A -f .
		git -C "$tmp" -c gc.auto=0 -c user.name=gupvet-bench -c user.email=bench@gupvet.invalid \
			-c commit.gpgsign=false commit -q -m "linux $ver ($s)"
		mv -T "$tmp" "$dir"
	fi
	printf '%s\n' "$dir"
}

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

# measure ROUND NAME KIND CMD...: runs CMD, keeps stdout in $work/NAME.out;
# records wall time, CPU time (user + system, children included), GNU
# time's peak RSS (largest process), the peak of the whole process tree
# sampled every 0.2 s and the 1-minute load average at the start. KIND is
# plain or git: which spatch run the ratio is to.
measure() {
	local round=$1 name=$2 kind=$3; shift 3
	local load
	load=$(cut -d' ' -f1 /proc/loadavg)
	/usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" &
	local pid=$! peak=0 now
	while kill -0 "$pid" 2>/dev/null; do
		now=$(treerss "$pid")
		[ "$now" -gt "$peak" ] && peak=$now
		sleep 0.2
	done
	wait "$pid" || true
	# GNU time puts "Command exited with non-zero status N" first when the
	# tool reports findings (exit 1): the figures are on the last line.
	read -r wall user sys rss < <(tail -n 1 "$work/$name.time")
	printf '%s %s %s %s %s %s %s %s\n' "$round" "$name" "$kind" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
		"$rss" "$peak" "$load" >>"$work/results"
}

spatch_args=(-D report --no-show-diff --very-quiet --timeout 200 --include-headers --cocci-file "$cocci")
spatch_incs() {
	printf -- '%s\n' -I "$1/arch/x86/include" -I "$1/arch/x86/include/uapi" -I "$1/include" -I "$1/include/uapi" \
		--include "$1/include/linux/compiler-version.h" --include "$1/include/linux/kconfig.h" \
		--include "$1/include/linux/compiler_types.h"
}

echo "tree: $src ($(kernelversion "$src"))  objtree: ${obj:-none}  $(nproc) cores  rounds: $rounds" >&2
checkout=
[ -n "${BENCH_SKIP_GIT:-}" ] || checkout=$(git_checkout "$src")

scratch=$work/tree
echo "scratch copy (hard links) ..." >&2
cp -al "$src" "$scratch"
oflag=()
[ -n "$obj" ] && oflag=(-O "$obj")
madvise=$scratch/mm/madvise.c
cp "$madvise" "$work/madvise.orig"

for r in $(seq 1 "$rounds"); do
	echo "round $r: spatch (plain --dir) ..." >&2
	mapfile -t incs < <(spatch_incs "$src")
	measure "$r" spatch plain spatch "${spatch_args[@]}" "${incs[@]}" --dir "$src"
	echo "round $r: gupvet default, cold cache ..." >&2
	rm -rf "$work/cache-default"
	GUPVET_CACHE_DIR=$work/cache-default measure "$r" gupvet-default plain "$work/gupvet" -C "$scratch" "${oflag[@]}"
	if [ -n "$checkout" ]; then
		echo "round $r: spatch --use-gitgrep (git checkout) ..." >&2
		mapfile -t incs < <(spatch_incs "$checkout")
		measure "$r" spatch-gitgrep git spatch "${spatch_args[@]}" --use-gitgrep "${incs[@]}" --dir "$checkout"
		echo "round $r: gupvet default, cold cache, git checkout ..." >&2
		rm -rf "$work/cache-git"
		GUPVET_CACHE_DIR=$work/cache-git measure "$r" gupvet-git-default git "$work/gupvet" -C "$checkout" "${oflag[@]}"
	fi
	if [ -n "$obj" ] && [ -z "${BENCH_SKIP_PRECISE:-}" ]; then
		echo "round $r: gupvet -mode precise, cold cache ..." >&2
		rm -rf "$work/cache-precise"
		GUPVET_CACHE_DIR=$work/cache-precise measure "$r" gupvet-precise plain "$work/gupvet" -C "$scratch" "${oflag[@]}" -mode precise
	fi
	# change one candidate file (a new inode: the real tree is not touched)
	cp "$work/madvise.orig" "$madvise.new" && printf '\n/* gupvet bench %s */\n' "$r" >>"$madvise.new" && mv "$madvise.new" "$madvise"
	echo "round $r: gupvet default, warm, one file changed ..." >&2
	GUPVET_CACHE_DIR=$work/cache-default measure "$r" gupvet-warm plain "$work/gupvet" -C "$scratch" "${oflag[@]}"
done

awk '
	$2 == "spatch" { sp[$1, "plain"] = $4 }
	$2 == "spatch-gitgrep" { sp[$1, "git"] = $4 }
	{ row[NR] = $0 }
	END {
		printf "%-5s %-20s %-5s %8s %9s %8s %12s %11s %6s\n", "round", "run", "tree", "wall s", "x spatch", "cpu s", "peak MB proc", "peak MB all", "load"
		for (i = 1; i <= NR; i++) {
			split(row[i], f, " ")
			base = sp[f[1], f[3]]
			ratio = base > 0 ? f[4] / base : 0
			printf "%-5s %-20s %-5s %8.2f %9.2f %8.2f %12.0f %11.0f %6s\n", f[1], f[2], f[3], f[4], ratio, f[5], f[6] / 1024, f[7] / 1024, f[8]
			ratios[f[2]] = ratios[f[2]] " " ratio
			kind[f[2]] = f[3]
			order[f[2]] = order[f[2]] ? order[f[2]] : i
		}
		if (R > 1) {
			printf "\nmedian of %d rounds (x spatch of the same tree: plain --dir, or --use-gitgrep in the git checkout):\n", R
			n = 0
			for (name in order) names[++n] = name
			for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++) if (order[names[b]] < order[names[a]]) { t = names[a]; names[a] = names[b]; names[b] = t }
			for (a = 1; a <= n; a++) {
				m = split(substr(ratios[names[a]], 2), v, " ")
				for (x = 1; x <= m; x++) for (y = x + 1; y <= m; y++) if (v[y] < v[x]) { t = v[x]; v[x] = v[y]; v[y] = t }
				med = m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
				printf "  %-20s %-5s %9.2f\n", names[a], kind[names[a]], med
			}
		}
	}' R="$rounds" "$work/results"
echo "(x spatch: to spatch --dir for plain rows, to spatch --use-gitgrep for git rows, same round; cpu: user + system,"
echo " children included; peak MB proc: the largest single process, GNU time; all: the whole process tree at once,"
echo " sampled; load: the 1-minute load average when the run started)"
echo

kvm='virt/kvm/kvm_main.c'
found() { [ -f "$work/$1.out" ] || { echo n/a; return; }; grep -q "$kvm" "$work/$1.out" && echo yes || echo NO; }
echo "KVM finding ($kvm), last round: spatch $(found spatch), gupvet default $(found gupvet-default), precise $(found gupvet-precise), warm $(found gupvet-warm), spatch --use-gitgrep $(found spatch-gitgrep), gupvet default in the git checkout $(found gupvet-git-default)"
for r in spatch gupvet-default spatch-gitgrep gupvet-git-default gupvet-precise gupvet-warm; do
	[ -f "$work/$r.out" ] || continue
	echo "--- $r: $(grep -c . "$work/$r.out" || true) output lines"
	grep -v '^	' "$work/$r.out" | sed 's/^/  /' | head -5
done
if [ -f "$work/gupvet-default.out" ] && [ -f "$work/gupvet-git-default.out" ]; then
	if cmp -s "$work/gupvet-default.out" "$work/gupvet-git-default.out"; then
		echo "gupvet: the same findings in the plain tree and the git checkout"
	else
		echo "gupvet: DIFFERENT findings in the plain tree and the git checkout:"
		diff "$work/gupvet-default.out" "$work/gupvet-git-default.out" | head -20
	fi
fi

# The ways of finding the candidate files (.c files naming a GUP word or a
# FOLL_ flag, directly or through a local header) in the git checkout.
if [ -n "${BENCH_PREFILTER:-}" ] && [ -n "$checkout" ]; then
	echo
	echo "finding the candidate files in the git checkout ($checkout):"
	anchors=(-e user_page -e faultin_ -e populate_vma_page_range -e gup_ -e access_remote_vm -e access_process_vm -e ptrace_access_vm -e FOLL_)
	pf() {
		local name=$1; shift
		local load
		load=$(cut -d' ' -f1 /proc/loadavg)
		(cd "$checkout" && /usr/bin/time -f '%e %U %S' -o "$work/pf.time" "$@" >"$work/pf.out" 2>/dev/null) || true
		read -r wall user sys < <(tail -n 1 "$work/pf.time")
		printf '  %-58s %7.2f %7.2f %7s %6s\n' "$name" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$(grep -c . "$work/pf.out" || true)" "$load"
	}
	printf '  %-58s %7s %7s %7s %6s\n' "way" "wall s" "cpu s" "lines" "load"
	pf "gupvet's scanner, the whole candidate set (internal/pftime)" "$work/pftime" -n 1 -l .
	pf "git grep -l -F anchors (tracked files only, superset)" git grep -l -F "${anchors[@]}"
	pf "git grep -l -F anchors --untracked --no-exclude-standard" git grep -l -F --untracked --no-exclude-standard "${anchors[@]}"
	pf "git grep -l -F anchors -- '*.c' '*.h'" git grep -l -F "${anchors[@]}" -- '*.c' '*.h'
	pf "git grep -l -w spatch's tokens -- '*.[ch]' (what spatch runs)" git grep -l -w -e get_user_pages_unlocked -e pin_user_pages_unlocked \
		-e FOLL_NOWAIT -e FOLL_UNLOCKABLE -e faultin_page_range -e faultin_vma_page_range -- '*.[ch]'
	pf "git grep -h -o local #include lines -- '*.c'" git grep -h -o -E '^[[:blank:]]*#[[:blank:]]*include[[:blank:]]*"[^"]*"' -- '*.c'
	pf "git ls-files -s (the index: paths, blob ids)" git ls-files -s
	pf "git status --porcelain -uall --ignored (stat every file)" git status --porcelain -uall --ignored
	pf "git cat-file --batch, every .c blob (scan the blobs)" sh -c "git ls-files -s -- '*.c' | awk '{print \$2}' | git cat-file --batch | wc -c"
fi
