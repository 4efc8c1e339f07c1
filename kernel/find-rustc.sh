#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Finds a rustc that can build the rsys crates: core is compiled from the
# sources in the rustc's own sysroot, and those must be of the same version.
#
#   find-rustc.sh [RUSTC]
#
# Prints "ok RUSTC LIBRARY_DIR VERSION_NUMBER" (e.g. 109600 for 1.96.0), or
# one line saying what is missing. Without RUSTC, tries rustc on PATH, then
# /usr/bin/rustc.

# Called from $(shell ...), which gives no jobserver to its commands: keep
# rustc from warning that it cannot reach the one MAKEFLAGS names.
unset MAKEFLAGS MFLAGS

min_version=108500	# 1.85: core needs --edition=2024
fix="install Debian's rustc-web and rust-web-src"
fix="$fix (apt-get install rustc-web rust-web-src),"
fix="$fix or set RSYS_RUSTC to a rustc with rust-src"

if [ -n "${1:-}" ]; then
	candidates=$1
else
	candidates="$(command -v rustc || true) /usr/bin/rustc"
fi

why=
for rustc in $candidates; do
	version=$("$rustc" --version 2>/dev/null | awk '{ print $2; exit }')
	if [ -z "$version" ]; then
		why="${why:+$why; }$rustc does not run"
		continue
	fi
	number=$(echo "$version" | awk -F. '{ printf "%d%03d%02d\n", $1, $2, $3 }')
	if [ "$number" -lt "$min_version" ]; then
		why="${why:+$why; }$rustc is $version, older than 1.85.0"
		continue
	fi
	library=$("$rustc" --print sysroot)/lib/rustlib/src/rust/library
	if [ ! -f "$library/core/src/lib.rs" ]; then
		why="${why:+$why; }$rustc ($version) has no core sources in $library"
		continue
	fi
	# Debian's and upstream's source trees say which release they are.
	if [ -f "$library/../RELEASES.md" ]; then
		src_version=$(sed -n 's/^Version \([0-9.]*\).*/\1/p' \
			"$library/../RELEASES.md" | head -n 1)
		if [ "$src_version" != "$version" ]; then
			why="${why:+$why; }$rustc is $version but its core sources are $src_version"
			continue
		fi
	fi
	echo "ok $rustc $library $number"
	exit 0
done

echo "rsys: no usable rustc (${why:-none found}): $fix"
exit 1
