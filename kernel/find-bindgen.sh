#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Finds a bindgen that can translate the kernel's headers: it must run and
# load libclang.
#
#   find-bindgen.sh [BINDGEN]
#
# Prints "ok BINDGEN VERSION_NUMBER" (e.g. 6001 for 0.60.1), or one line
# saying what is missing. Without BINDGEN, tries bindgen on PATH, then
# /usr/bin/bindgen.

unset MAKEFLAGS MFLAGS

min_version=6001	# 0.60.1, Debian 12's
fix="install Debian's bindgen and libclang-14-dev"
fix="$fix (apt-get install bindgen libclang-14-dev),"
fix="$fix or set RSYS_BINDGEN to a bindgen of 0.60.1 or later"

if [ -n "${1:-}" ]; then
	candidates=$1
else
	candidates="$(command -v bindgen || true) /usr/bin/bindgen"
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo 'int rsys_probe(void);' > "$tmp/probe.h"

why=
for bindgen in $candidates; do
	version=$("$bindgen" --version 2>/dev/null | awk '$1 == "bindgen" { print $2; exit }')
	if [ -z "$version" ]; then
		why="${why:+$why; }$bindgen does not run"
		continue
	fi
	number=$(echo "$version" | awk -F. '{ print $1 * 10000 + $2 * 100 + $3 }')
	if [ "$number" -lt "$min_version" ]; then
		why="${why:+$why; }$bindgen is $version, older than 0.60.1"
		continue
	fi
	# bindgen loads libclang when it first parses a header.
	if ! err=$("$bindgen" "$tmp/probe.h" 2>&1 >/dev/null); then
		err=$(echo "$err" | head -n 1)
		why="${why:+$why; }$bindgen $version cannot parse a header ($err)"
		continue
	fi
	echo "ok $bindgen $number"
	exit 0
done

echo "rsys: no usable bindgen (${why:-none found}): $fix"
exit 1
