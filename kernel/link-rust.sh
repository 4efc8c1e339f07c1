#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Links the objects of the rsys rlibs into one relocatable object:
#
#   link-rust.sh "LD LDFLAGS" AR NM LINKER_SCRIPT OUTPUT RLIB...
#
# The roots are the rust_sys_*() entry points the C wrappers call; every
# section they do not reach, most of core among them, is dropped.

set -eu

ld=$1 ar=$2 nm=$3 lds=$4 out=$5
shift 5

tmp=$(mktemp -d "${out}.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

objs=
i=0
for rlib in "$@"; do
	i=$((i + 1))
	mkdir "$tmp/$i"
	# An rlib is an ar archive of the crate's objects and its metadata.
	rlib=$(cd "$(dirname "$rlib")" && pwd)/$(basename "$rlib")
	(cd "$tmp/$i" && $ar x "$rlib")
	for o in "$tmp/$i"/*.o; do
		[ -e "$o" ] && objs="$objs $o"
	done
done

# shellcheck disable=SC2086 # word splitting of the object list is intended
roots=$($nm -g --defined-only $objs | awk '$3 ~ /^rust_sys_/ { print "-u " $3 }')
if [ -z "$roots" ]; then
	echo "$0: no rust_sys_* entry points in $*" >&2
	exit 1
fi

# shellcheck disable=SC2086
$ld -r --gc-sections $roots -o "$tmp/gc.o" $objs
$ld -r -T "$lds" -o "$out" "$tmp/gc.o"
