#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Links the objects of the rsys rlibs into one relocatable object:
#
#   link-rust.sh "LD LDFLAGS" AR NM OBJDUMP OBJCOPY LINKER_SCRIPT OUTPUT RLIB...
#
# The roots are the rust_sys_*() entry points the C wrappers call; every
# section they do not reach, most of core among them, is dropped. What
# compiler_builtins defines are stubs that only stop the caller (128-bit
# division, floating point): if the code reaches one, the link fails,
# naming it and its callers.
#
# Only the entry points stay global: the rest (core's functions, the panic
# handler rust_begin_unwind) has the names that another copy of core built
# by the same rustc has, Rust-for-Linux's with CONFIG_RUST=y, and must not
# clash with it.

set -eu

ld=$1 ar=$2 nm=$3 objdump=$4 objcopy=$5 lds=$6 out=$7
shift 7

tmp=$(mktemp -d "${out}.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

objs=
stub_objs=
i=0
for rlib in "$@"; do
	i=$((i + 1))
	mkdir "$tmp/$i"
	# An rlib is an ar archive of the crate's objects and its metadata.
	rlib=$(cd "$(dirname "$rlib")" && pwd)/$(basename "$rlib")
	(cd "$tmp/$i" && $ar x "$rlib")
	for o in "$tmp/$i"/*.o; do
		[ -e "$o" ] || continue
		objs="$objs $o"
		[ "$(basename "$rlib")" != libcompiler_builtins.rlib ] || stub_objs="$stub_objs $o"
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

# A compiler_builtins stub that the code calls: its callers are the
# sections (one per function) whose relocations name it. (The stubs share
# one body, so one that is called keeps them all: only the called ones are
# named.)
# (With CONFIG_RUST there are none: the tree's compiler_builtins is in
# vmlinux already.)
: > "$tmp/stubs"
# shellcheck disable=SC2086
[ -z "$stub_objs" ] ||
	$nm -g --defined-only $stub_objs | awk '$2 == "T" { print $3 }' | sort -u > "$tmp/stubs"
$nm --defined-only "$tmp/gc.o" | awk '$2 == "T" { print $3 }' | sort -u > "$tmp/linked"
if grep -Fxq -f "$tmp/stubs" "$tmp/linked"; then
	$objdump -r "$tmp/gc.o" > "$tmp/relocs"
	grep -Fx -f "$tmp/stubs" "$tmp/linked" > "$tmp/survivors"
	called=0
	while read -r stub; do
		callers=$(awk -v stub="$stub" '
			/^RELOCATION RECORDS FOR \[/ {
				section = substr($4, 2, length($4) - 3)
				sub(/^\.text(\.unlikely)?\./, "", section)
			}
			$3 == stub || index($3, stub "-") == 1 || index($3, stub "+") == 1 {
				if (!seen[section]++)
					printf "%s%s", (n++ ? ", " : ""), section
			}' "$tmp/relocs")
		[ -n "$callers" ] || continue
		called=1
		echo "$out: the Rust code calls the compiler builtin $stub," \
			"which the kernel does not provide, from: $callers" >&2
	done < "$tmp/survivors"
	if [ $called -eq 0 ]; then
		echo "$out: compiler builtins the kernel does not provide are linked in:" \
			"$(tr '\n' ' ' < "$tmp/stubs")" >&2
	fi
	exit 1
fi

$ld -r -T "$lds" -o "$tmp/linked.o" "$tmp/gc.o"
$objcopy --wildcard --keep-global-symbol='rust_sys_*' "$tmp/linked.o" "$out"
