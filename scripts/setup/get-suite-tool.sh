#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpacks a Rust tool of another Debian suite, with what it takes to run it
# here:
#
#   get-suite-tool.sh TOOL SUITE DEST
#
# TOOL is rustc (with the core sources of rust-src) or bindgen. A tool of a
# newer suite (e.g. sid) needs a newer glibc, and rustc its own LLVM and
# standard library; nothing is installed: the packages are unpacked under
# DEST/root and DEST/bin/TOOL runs the tool with that suite's dynamic loader
# and libraries. rustc finds its sysroot, and core's sources in it, from
# where its own library lies, so the kit's find-rustc.sh accepts the wrapper
# (RSYS_RUSTC=DEST/bin/rustc). bindgen loads the system's libclang, as
# Debian's own does.
set -euo pipefail

usage="usage: get-suite-tool.sh rustc|bindgen SUITE DEST"
tool=${1:?$usage}
suite=${2:?$usage}
dest=${3:?$usage}
fetch=$(dirname "$0")/fetch-debian-package.sh

case $tool in
rustc | bindgen) ;;
*)
	echo "get-suite-tool: unknown tool '$tool': $usage" >&2
	exit 1
	;;
esac

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
wrapper=$dest/bin/$tool
if [ -x "$wrapper" ] && "$wrapper" --version > /dev/null 2>&1; then
	echo "$wrapper"
	exit 0
fi

echo "get-suite-tool: fetching $tool of $suite into $dest" >&2
if [ "$tool" = rustc ]; then
	mapfile -t debs < <("$fetch" "$suite" "$dest" rustc rust-src)
	rustc_deb=${debs[0]:?fetching rustc of $suite failed}
	# rustc's own library and LLVM come with libstd-rust-MAJOR.MINOR, a
	# dependency of libstd-rust-dev, which the kit does not need.
	version=$(dpkg-deb -f "$rustc_deb" Version)
	release=$(echo "${version#*:}" | cut -d. -f1-2)
	"$fetch" --with-libraries "$suite" "$dest" rustc "libstd-rust-$release" > /dev/null
else
	mapfile -t debs < <("$fetch" --with-libraries "$suite" "$dest" bindgen)
	version=$(dpkg-deb -f "${debs[0]:?fetching bindgen of $suite failed}" Version)
fi

root=$dest/root
loader=$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
if [ ! -x "$loader" ] || [ ! -x "$root/usr/bin/$tool" ]; then
	echo "get-suite-tool: no $loader or $root/usr/bin/$tool after unpacking the $suite packages" >&2
	exit 1
fi
mkdir -p "$dest/bin"
cat > "$wrapper.tmp" <<WRAPPER
#!/bin/sh
# $tool $version of Debian $suite, run with $suite's loader and libraries.
exec "$loader" --library-path "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu" \\
	"$root/usr/bin/$tool" "\$@"
WRAPPER
chmod +x "$wrapper.tmp"
if ! "$wrapper.tmp" --version > /dev/null; then
	echo "get-suite-tool: the $tool of $suite does not run here, even with its own loader: see $wrapper.tmp" >&2
	exit 1
fi
mv "$wrapper.tmp" "$wrapper"
echo "$wrapper"
