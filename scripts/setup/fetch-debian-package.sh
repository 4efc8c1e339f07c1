#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Downloads and unpacks packages of another Debian suite:
#
#   fetch-debian-package.sh [--with-libraries] SUITE DESTDIR PACKAGE...
#
# For trying the kit on a kernel or rustc that the system's release does not
# have (e.g. SUITE=sid): the .debs land in DESTDIR, their files under
# DESTDIR/root, and their paths are printed. --with-libraries adds the shared
# libraries the packages need, recursively (the lib* packages of their
# Depends, but -dev ones), so that a program of SUITE can run with SUITE's
# own dynamic loader and libraries. The system's apt configuration is left
# alone: apt runs on a private state under DESTDIR/.apt-SUITE, whose one
# source is the Debian mirror that the system's own apt sources name. A .deb
# already in DESTDIR is not downloaded again.
set -euo pipefail

usage="usage: fetch-debian-package.sh [--with-libraries] SUITE DESTDIR PACKAGE..."
with_libraries=0
if [ "${1:-}" = --with-libraries ]; then
	with_libraries=1
	shift
fi
suite=${1:?$usage}
destdir=${2:?$usage}
shift 2
[ $# -gt 0 ] || { echo "$usage" >&2; exit 1; }
packages=("$@")

die() {
	echo "fetch-debian-package: $*" >&2
	exit 1
}

# Prints "URI KEYRING" of the first source that serves the main Debian
# archive (KEYRING is its Signed-By, or '-'): a "deb" source whose URI path
# ends in /debian, else one signed by Debian's archive keyring, and never a
# security, updates or backports suite.
find_mirror() {
	local files=()
	[ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
	local f
	for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && files+=("$f")
	done
	[ ${#files[@]} -gt 0 ] || return 0
	awk '
	function flush() {
		if (types ~ /(^| )deb( |$)/ && uris != "" && enabled != "no")
			for (j = 1; j <= split(uris, u, " "); j++)
				consider(u[j], suites, keyring)
		types = uris = suites = keyring = enabled = ""
	}
	function consider(uri, s, key,    path, rank, plain, i, w) {
		if (uri !~ /^https?:\/\// || uri ~ /-security\/?$/)
			return
		plain = 0
		for (i = 1; i <= split(s, w, " "); i++)
			if (w[i] !~ /-(security|updates|backports|proposed-updates)$/)
				plain = 1
		if (!plain)
			return
		path = uri
		sub(/^https?:\/\/[^\/]*/, "", path)
		sub(/\/+$/, "", path)
		if (tolower(path) ~ /(^|\/)debian$/)
			rank = 1
		else if (key ~ /debian-archive-keyring/)
			rank = 2
		else
			return
		if (best == "" || rank < bestrank) {
			best = uri " " (key == "" ? "-" : key)
			bestrank = rank
		}
	}
	FNR == 1 { flush(); deb822 = FILENAME ~ /\.sources$/ }
	/^[ \t]*#/ { next }
	deb822 && /^[ \t]*$/ { flush(); next }
	deb822 {
		key = tolower($1)
		$1 = ""
		sub(/^ +/, "")
		if (key == "types:") types = $0
		else if (key == "uris:") uris = $0
		else if (key == "suites:") suites = $0
		else if (key == "enabled:") enabled = tolower($0)
		else if (key == "signed-by:" && $0 ~ /^\//) keyring = $0
		next
	}
	$1 == "deb" {
		# deb [opt=val ...] URI SUITE COMPONENT...
		keyring = ""
		n = 2
		if ($2 ~ /^\[/) {
			for (; n <= NF; n++) {
				if ($n ~ /^\[?signed-by=/) {
					keyring = $n
					sub(/^\[?signed-by=/, "", keyring)
					sub(/\]$/, "", keyring)
				}
				if ($n ~ /\]$/) break
			}
			n++
		}
		consider($n, $(n + 1), keyring)
		keyring = ""
	}
	END { flush(); if (best != "") print best }
	' "${files[@]}"
}

mkdir -p "$destdir"
destdir=$(cd "$destdir" && pwd)
state=$destdir/.apt-$suite
apt_opts=(
	-o "Dir::Etc::SourceList=$state/sources.list"
	-o "Dir::Etc::SourceParts=$state/parts"
	-o "Dir::Etc::Preferences=$state/prefs/none"
	-o "Dir::Etc::PreferencesParts=$state/prefs"
	-o "Dir::State=$state"
	-o "Dir::State::Lists=$state/lists"
	-o "Dir::State::Status=$state/status"
	-o "Dir::Cache=$state/cache"
	-o "Acquire::Languages=none"
	-o "APT::Sandbox::User=root"
)

# Prints the one .deb of PACKAGE in DESTDIR, if there is one.
deb_of() {
	local debs
	shopt -s nullglob
	debs=("$destdir/${1}_"*.deb)
	shopt -u nullglob
	[ ${#debs[@]} -le 1 ] ||
		die "several .deb files of '$1' in $destdir: remove all but one: ${debs[*]}"
	[ ${#debs[@]} -eq 0 ] || echo "${debs[0]}"
}

updated=0
update_lists() {
	[ $updated -eq 0 ] || return 0
	local mirror keyring signed_by=""
	read -r mirror keyring < <(find_mirror) ||
		die "no Debian mirror in the apt sources (/etc/apt/sources.list, /etc/apt/sources.list.d/)"
	mkdir -p "$state/lists/partial" "$state/cache/archives/partial" \
		"$state/parts" "$state/prefs"
	: > "$state/status"
	[ "$keyring" != - ] && signed_by=" [signed-by=$keyring]"
	echo "deb$signed_by $mirror $suite main" > "$state/sources.list"
	echo "fetch-debian-package: updating the package lists of $suite from $mirror" >&2
	apt-get "${apt_opts[@]}" -q update > "$state/update.log" 2>&1 ||
		die "apt-get update of suite '$suite' from $mirror failed (see $state/update.log)"
	updated=1
}

# The lib* packages, but -dev ones, that PACKAGE depends on directly (the
# first of each set of alternatives).
library_depends() {
	apt-cache "${apt_opts[@]}" depends --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances "$1" |
		awk '$1 ~ /^\|?(Pre)?Depends:$/ && !alt { print $2 } { alt = ($1 ~ /^\|/) }' |
		grep -E '^lib' | grep -vE -- '-(dev|bin|common)$' | sort -u || true
}

if [ $with_libraries -eq 1 ]; then
	update_lists
	queue=("${packages[@]}")
	declare -A seen=()
	for p in "${packages[@]}"; do seen[$p]=1; done
	while [ ${#queue[@]} -gt 0 ]; do
		p=${queue[0]}
		queue=("${queue[@]:1}")
		while read -r dep; do
			if [ -z "$dep" ] || [ -n "${seen[$dep]:-}" ]; then
				continue
			fi
			seen[$dep]=1
			queue+=("$dep")
			packages+=("$dep")
		done < <(library_depends "$p")
	done
fi

for package in "${packages[@]}"; do
	deb=$(deb_of "$package")
	if [ -z "$deb" ]; then
		update_lists
		apt-cache "${apt_opts[@]}" show --no-all-versions "$package" > /dev/null 2>&1 ||
			die "package '$package' not found in suite '$suite' (see $state/sources.list)"
		(cd "$destdir" && apt-get "${apt_opts[@]}" -q download "$package" >&2) ||
			die "apt-get download of '$package' from suite '$suite' failed"
		deb=$(deb_of "$package")
		[ -n "$deb" ] || die "apt-get download left no ${package}_*.deb in $destdir"
	fi
	# Unpacked once per .deb: a second unpacking would rewrite files that a
	# build running beside may be reading (the kernel's tarball).
	mark=$destdir/root/.unpacked-$package
	if [ "$(cat "$mark" 2> /dev/null)" != "$(basename "$deb")" ]; then
		dpkg-deb -x "$deb" "$destdir/root" || die "dpkg-deb could not unpack $deb"
		basename "$deb" > "$mark"
	fi
	echo "$deb"
done
