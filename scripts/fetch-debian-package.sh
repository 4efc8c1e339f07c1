#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Downloads and unpacks one package of another Debian suite:
#
#   fetch-debian-package.sh SUITE PACKAGE DESTDIR
#
# For trying the kit on a kernel or rustc that the system's release does not
# have (e.g. SUITE=sid): the .deb lands in DESTDIR, its files under
# DESTDIR/root, and its path is printed. The system's apt configuration is
# left alone: apt runs on a private state under DESTDIR/.apt-SUITE, whose one
# source is the Debian mirror that the system's own apt sources name. A .deb
# of PACKAGE already in DESTDIR is not downloaded again.
set -euo pipefail

usage="usage: fetch-debian-package.sh SUITE PACKAGE DESTDIR"
suite=${1:?$usage}
package=${2:?$usage}
destdir=${3:?$usage}

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

shopt -s nullglob
debs=("$destdir/${package}_"*.deb)
shopt -u nullglob

if [ ${#debs[@]} -eq 0 ]; then
	read -r mirror keyring < <(find_mirror) ||
		die "no Debian mirror in the apt sources (/etc/apt/sources.list, /etc/apt/sources.list.d/)"

	state=$destdir/.apt-$suite
	mkdir -p "$state/lists/partial" "$state/cache/archives/partial" \
		"$state/parts" "$state/prefs"
	: > "$state/status"
	signed_by=""
	[ "$keyring" != - ] && signed_by=" [signed-by=$keyring]"
	echo "deb$signed_by $mirror $suite main" > "$state/sources.list"

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
	echo "fetch-debian-package: updating the package lists of $suite from $mirror" >&2
	apt-get "${apt_opts[@]}" -q update > "$state/update.log" 2>&1 ||
		die "apt-get update of suite '$suite' from $mirror failed (see $state/update.log)"
	if ! apt-cache "${apt_opts[@]}" show --no-all-versions "$package" > /dev/null 2>&1; then
		die "package '$package' not found in suite '$suite' of $mirror"
	fi
	(cd "$destdir" && apt-get "${apt_opts[@]}" -q download "$package" >&2) ||
		die "apt-get download of '$package' from suite '$suite' failed"
	shopt -s nullglob
	debs=("$destdir/${package}_"*.deb)
	shopt -u nullglob
	[ ${#debs[@]} -gt 0 ] || die "apt-get download left no ${package}_*.deb in $destdir"
fi
[ ${#debs[@]} -eq 1 ] ||
	die "several .deb files of '$package' in $destdir: remove all but one: ${debs[*]}"

dpkg-deb -x "${debs[0]}" "$destdir/root" ||
	die "dpkg-deb could not unpack ${debs[0]}"
echo "${debs[0]}"
