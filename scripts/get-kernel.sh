#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpacks the kernel source of Debian's linux-source-KVER package:
#
#   get-kernel.sh KVER DEST
#
# DEST becomes the pristine tree; the kit never modifies it (patched trees
# are hard-linked copies, see apply-series.sh).
set -euo pipefail

kver=${1:?usage: get-kernel.sh KVER DEST}
dest=${2:?usage: get-kernel.sh KVER DEST}

kit=$(cd "$(dirname "$0")/.." && pwd)
supported=$(grep -v '^#' "$kit/patches.in/kernels" | tr '\n' ' ')
if [[ " $supported" != *" $kver "* ]]; then
	echo "unsupported kernel version '$kver': use KVER= one of: $supported" >&2
	exit 1
fi

tarball=/usr/src/linux-source-$kver.tar.xz
if [ ! -f "$tarball" ]; then
	echo "$tarball not found: install it with: apt-get install linux-source-$kver" >&2
	exit 1
fi

# The stamp names the tarball's size and date, so a package update (a new
# point release) unpacks afresh.
stamp="$(stat -c '%s %Y' "$tarball") $tarball"
if [ -f "$dest/.rsys-unpacked" ] && [ "$(cat "$dest/.rsys-unpacked")" = "$stamp" ]; then
	exit 0
fi

echo "unpacking $tarball into $dest"
rm -rf "$dest" "$dest.tmp"
mkdir -p "$dest.tmp"
tar -xf "$tarball" -C "$dest.tmp" --strip-components=1
echo "$stamp" > "$dest.tmp/.rsys-unpacked"
mv "$dest.tmp" "$dest"
