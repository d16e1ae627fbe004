#!/usr/bin/env bash
# scripts/debian-trees.sh — kernel trees from Debian suites this machine does
# not run, fetched and unpacked without installing anything.
#
#   eval "$(scripts/debian-trees.sh)"     # prints export lines on stdout
#
# Debian bookworm installs only its own kernels (6.1, 6.12). The kernels
# people patch today come from other suites, whose packages depend on a
# newer toolchain and cannot be installed here, so they are downloaded with
# `apt-get download` against a sources list of their own (its own lists
# directory, outside it the sources list: `apt-get update` deletes unknown
# files from the lists directory) and unpacked with `dpkg-deb -x`:
#
#   GUPVET_LINUX_7, GUPVET_LINUX_7_OBJ   trixie-backports: the newest
#       linux-source-7.* (7.3 in December 2026), and linux-headers-V-amd64 +
#       -common + linux-kbuild-V at the same version (the configured object
#       tree; its `scripts` link points into linux-kbuild, unpacked beside it)
#   GUPVET_LINUX_7_SID                   sid: linux-source-7.2 while sid has
#       it, else sid's newest linux-source-7.* (a second current tree)
#   GUPVET_LINUX_5_10                    bullseye-security: linux-source-5.10
#
# Versions are resolved at run time with apt-cache. Downloads are kept per
# package version under $GUPVET_TREES/debs, trees are unpacked once per
# version (a stamp file records it) under $GUPVET_TREES, outside the
# checkout. With no network, what an earlier run unpacked is used as it is.
# Progress goes to stderr.
set -euo pipefail

trees=${GUPVET_TREES:-$HOME/.cache/gupvet/trees}
apt=$trees/.apt
log() { printf 'debian-trees: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$trees/debs"
cat >"$apt/sources.list" <<'EOF'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bullseye-security main
EOF
aptopts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Architecture=amd64
	-o Debug::NoLocking=1 -o APT::Sandbox::User=root)

online=1
log "apt-get update (trixie-backports, sid, bullseye-security)"
if ! apt-get "${aptopts[@]}" update -qq >/dev/null 2>&1; then
	online=0
	log "warning: apt-get update failed; using the trees unpacked before"
fi

# newest SUITE PKGRX: the newest version of a package matching PKGRX in SUITE,
# as "package version".
newest() {
	local suite=$1 rx=$2
	apt-cache "${aptopts[@]}" pkgnames linux- 2>/dev/null | grep -E "$rx" | while read -r p; do
		apt-cache "${aptopts[@]}" madison "$p" 2>/dev/null |
			awk -F'|' -v s="$suite" -v p="$p" '{ gsub(/ /, "", $2) } $3 ~ " "s"/" { print p, $2 }'
	done | sort -k2,2V | tail -n 1
}

# deb PKG VER: the path of the downloaded .deb, fetched once per version.
deb() {
	local pkg=$1 ver=$2 f
	f=$(ls "$trees/debs/${pkg}_${ver//:/%3a}_"*.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$f" ]; then
		log "downloading $pkg $ver"
		(cd "$trees/debs" && apt-get "${aptopts[@]}" download -qq "$pkg=$ver" >/dev/null 2>&1) || die "apt-get download $pkg=$ver failed"
		f=$(ls "$trees/debs/${pkg}_${ver//:/%3a}_"*.deb | head -n 1)
	fi
	printf '%s\n' "$f"
}

# source PKG VER: unpack linux-source-X.Y's tarball into $trees/PKG once per
# version; print the tree's path.
source_tree() {
	local pkg=$1 ver=$2 dir=$trees/$1 tmp f
	if [ -f "$dir/.gupvet-stamp" ] && [ "$(cat "$dir/.gupvet-stamp")" = "$ver" ]; then
		log "$dir: already unpacked ($pkg $ver)"
	else
		f=$(deb "$pkg" "$ver")
		log "$dir: unpacking $pkg $ver"
		tmp=$(mktemp -d "$trees/.unpack.XXXXXX")
		dpkg-deb -x "$f" "$tmp/deb"
		tar -xJf "$tmp/deb/usr/src/$pkg.tar.xz" -C "$tmp"
		[ -d "$tmp/$pkg" ] || die "$f does not hold $pkg.tar.xz with a $pkg/ directory"
		echo "$ver" >"$tmp/$pkg/.gupvet-stamp"
		rm -rf "$dir" "$tmp/deb"
		mv "$tmp/$pkg" "$dir"
		rmdir "$tmp"
	fi
	printf '%s\n' "$dir"
}

# headers_tree UPSTREAM VER: unpack linux-headers-UPSTREAM+deb13-amd64, its
# -common and linux-kbuild-UPSTREAM+deb13 into one root (their relative
# links meet there); print the object tree's path.
headers_tree() {
	local up=$1 ver=$2 root=$trees/linux-headers-$1 tmp p
	local obj=usr/src/linux-headers-$up+deb13-amd64
	if [ -f "$root/.gupvet-stamp" ] && [ "$(cat "$root/.gupvet-stamp")" = "$ver" ]; then
		log "$root: already unpacked ($ver)"
	else
		log "$root: unpacking linux-headers-$up+deb13-amd64, -common, linux-kbuild-$up+deb13 ($ver)"
		tmp=$(mktemp -d "$trees/.unpack.XXXXXX")
		for p in "linux-headers-$up+deb13-amd64" "linux-headers-$up+deb13-common" "linux-kbuild-$up+deb13"; do
			dpkg-deb -x "$(deb "$p" "$ver")" "$tmp"
		done
		[ -f "$tmp/$obj/.config" ] || die "linux-headers-$up+deb13-amd64 has no $obj/.config"
		echo "$ver" >"$tmp/.gupvet-stamp"
		rm -rf "$root"
		mv "$tmp" "$root"
	fi
	printf '%s\n' "$root/$obj"
}

# stamped PKG: the tree unpacked before, when offline.
stamped() {
	[ -f "$trees/$1/.gupvet-stamp" ] || die "offline and no $trees/$1 unpacked before"
	printf '%s\n' "$trees/$1"
}

if [ "$online" = 1 ]; then
	read -r src73 ver73 < <(newest trixie-backports '^linux-source-7\.[0-9]+$') || true
	[ -n "${src73:-}" ] || die "no linux-source-7.* in trixie-backports"
	t73=$(source_tree "$src73" "$ver73")
	up73=${ver73%%-*}
	o73=$(headers_tree "$up73" "$ver73")
	read -r src72 ver72 < <(newest sid '^linux-source-7\.2$') || true
	[ -n "${src72:-}" ] || read -r src72 ver72 < <(newest sid '^linux-source-7\.[0-9]+$') || true
	[ -n "${src72:-}" ] || die "no linux-source-7.* in sid"
	t72=$(source_tree "$src72" "$ver72")
	read -r src510 ver510 < <(newest bullseye-security '^linux-source-5\.10$') || true
	[ -n "${src510:-}" ] || die "no linux-source-5.10 in bullseye-security"
	t510=$(source_tree "$src510" "$ver510")
	echo "$src73" >"$trees/.newest-7"
	echo "$src72" >"$trees/.sid-7"
else
	src73=$(cat "$trees/.newest-7" 2>/dev/null) || die "offline and no 7.x unpacked before"
	t73=$(stamped "$src73")
	o73=$(ls -d "$trees"/linux-headers-7.*/usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
	t72=$(stamped "$(cat "$trees/.sid-7" 2>/dev/null)")
	t510=$(stamped linux-source-5.10)
fi
printf 'export GUPVET_LINUX_7=%q GUPVET_LINUX_7_OBJ=%q GUPVET_LINUX_7_SID=%q GUPVET_LINUX_5_10=%q\n' "$t73" "$o73" "$t72" "$t510"
