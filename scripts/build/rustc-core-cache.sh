#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A cache of Rust's core library for the kernel builds, run by kbuild's rsys
# rules as RSYS_RUSTC_WRAPPER (as cargo runs RUSTC_WRAPPER):
#
#   RSYS_CORE_CACHE=DIR rustc-core-cache.sh RUSTC ARGS...
#
# core depends only on the rustc, its own sources, the target specification
# and the flags, yet each build directory compiles it again (20-40 s of one
# CPU). ccache and sccache cannot help: the one knows no Rust, the other
# (Debian's 0.4) refuses a target specification file. Every other crate is
# compiled as asked, and so is core when the command is not kbuild's usual
# one or the cache cannot be used: the cache can only skip work, never fail
# a build.
#
# An entry is looked up by a key over the rustc (its -vV, its path and the
# size and time of its files, as ccache's compiler_check), the target
# specification's contents, the arguments but for the output paths, and the
# RUSTC_*, RUST_* and CARGO_* environment; it is used only if every source
# file that its dep-info names still has the checksum it had when it was
# compiled (as ccache's direct mode checks headers). DIR/log gets one line
# per lookup: "hit KEY" or "miss KEY".
set -euo pipefail

cache=${RSYS_CORE_CACHE:-}
rustc=${1:?usage: rustc-core-cache.sh RUSTC ARGS...}
shift

crate='' link='' depinfo='' target='' other_output='' next=''
key_args=()
for arg in "$@"; do
	if [ -n "$next" ]; then
		[ "$next" != crate ] || crate=$arg
		next=
		key_args+=("$arg")
		continue
	fi
	case $arg in
	--crate-name) next=crate ;;
	--crate-name=*) crate=${arg#*=} ;;
	--emit=link=*) link=${arg#--emit=link=} arg=--emit=link=OUT ;;
	--emit=dep-info=*) depinfo=${arg#--emit=dep-info=} arg=--emit=dep-info=OUT ;;
	--emit* | -o | -o* | --out-dir*) other_output=1 ;;
	--target=*.json) target=${arg#--target=} arg=--target=SPEC ;;
	esac
	key_args+=("$arg")
done

compile() {
	exec "$rustc" "$@"
}
if [ -z "$cache" ] || [ "$crate" != core ] || [ -n "$other_output" ] ||
	[ -z "$link" ] || [ -z "$depinfo" ] ||
	! mkdir -p "$cache" 2> /dev/null || [ ! -w "$cache" ]; then
	compile "$@"
fi

rustc_path=$(command -v "$rustc") || compile "$@"
sysroot=$("$rustc_path" --print sysroot 2> /dev/null) || compile "$@"
key=$(
	{
		realpath "$rustc_path"
		"$rustc_path" -vV
		stat -L -c '%n %s %Y' "$rustc_path" "$sysroot"/lib/*.so*
		[ -z "$target" ] || sha256sum < "$target"
		printf '%s\n' "${key_args[@]}"
		env | grep -E '^(RUSTC|RUST|CARGO)_' | LC_ALL=C sort
	} 2> /dev/null | sha256sum | cut -c1-32
)
entry=$cache/$key

# A hit: the sources are those of the entry, whose outputs are copied where
# this command puts its own (the dep-info with its paths).
if [ -f "$entry/sources.sha256" ] &&
	sha256sum --quiet --check "$entry/sources.sha256" > /dev/null 2>&1 &&
	cp "$entry/lib.rlib" "$link.tmp" && mv -f "$link.tmp" "$link" &&
	sed -e "s|@LINK@|$link|g" -e "s|@DEPINFO@|$depinfo|g" "$entry/dep-info" > "$depinfo"; then
	echo "hit $key" >> "$cache/log"
	exit 0
fi
rm -f "$link.tmp"

"$rustc" "$@"
echo "miss $key" >> "$cache/log"

# Stored under a new name, then renamed into place: a concurrent build sees
# either the old entry or the new one whole. Any failure here only means no
# entry.
(
	tmp=$(mktemp -d "$cache/.new.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	cp "$link" "$tmp/lib.rlib"
	sed -e "s|$link|@LINK@|g" -e "s|$depinfo|@DEPINFO@|g" "$depinfo" > "$tmp/dep-info"
	sed -n 's/^\([^:#]*\):$/\1/p' "$depinfo" | sort -u | xargs -r -d '\n' sha256sum > "$tmp/sources.sha256"
	[ -s "$tmp/sources.sha256" ]
	old=$(mktemp -d "$cache/.old.XXXXXX")
	mv -T "$entry" "$old/entry" 2> /dev/null || :
	mv -T "$tmp" "$entry"
	rm -rf "$old"
) 2> /dev/null || :
