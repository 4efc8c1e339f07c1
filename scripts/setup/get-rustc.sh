#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpacks the rustc and core sources of another Debian suite, with what it
# takes to run that rustc here:
#
#   get-rustc.sh SUITE DEST
#
# A rustc of a newer suite (e.g. sid) needs a newer glibc and its own LLVM
# and standard library; nothing is installed: the packages are unpacked
# under DEST/root and DEST/bin/rustc runs the rustc with that suite's
# dynamic loader and libraries. rustc finds its sysroot, and core's sources
# in it, from where its own library lies, so the kit's find-rustc.sh accepts
# the wrapper (RSYS_RUSTC=DEST/bin/rustc).
set -euo pipefail

suite=${1:?usage: get-rustc.sh SUITE DEST}
dest=${2:?usage: get-rustc.sh SUITE DEST}
fetch=$(dirname "$0")/fetch-debian-package.sh

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
wrapper=$dest/bin/rustc
if [ -x "$wrapper" ] && "$wrapper" --version > /dev/null 2>&1; then
	echo "$wrapper"
	exit 0
fi

echo "get-rustc: fetching rustc and rust-src of $suite into $dest" >&2
mapfile -t debs < <("$fetch" "$suite" "$dest" rustc rust-src)
rustc_deb=${debs[0]:?fetching rustc of $suite failed}
# rustc's own library and LLVM come with libstd-rust-MAJOR.MINOR, a
# dependency of libstd-rust-dev, which the kit does not need.
version=$(dpkg-deb -f "$rustc_deb" Version)
release=$(echo "${version#*:}" | cut -d. -f1-2)
"$fetch" --with-libraries "$suite" "$dest" rustc "libstd-rust-$release" > /dev/null

root=$dest/root
loader=$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
if [ ! -x "$loader" ] || [ ! -x "$root/usr/bin/rustc" ]; then
	echo "get-rustc: no $loader or $root/usr/bin/rustc after unpacking the $suite packages" >&2
	exit 1
fi
mkdir -p "$dest/bin"
cat > "$wrapper.tmp" <<WRAPPER
#!/bin/sh
# rustc $version of Debian $suite, run with $suite's loader and libraries.
exec "$loader" --library-path "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu" \\
	"$root/usr/bin/rustc" "\$@"
WRAPPER
chmod +x "$wrapper.tmp"
if ! "$wrapper.tmp" --version > /dev/null; then
	echo "get-rustc: the rustc of $suite does not run here, even with its own loader: see $wrapper.tmp" >&2
	exit 1
fi
mv "$wrapper.tmp" "$wrapper"
echo "$wrapper"
