#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpacks the kernel source of Debian's linux-source-KVER package:
#
#   get-kernel.sh KVER DEST
#
# DEST becomes the pristine tree; the kit never modifies it (patched trees
# are hard-linked copies, see apply-series.sh). The package is the installed
# one, or for a kernel of another suite (patches.in/kernels) one fetched into
# DEST's parent directory.
set -euo pipefail

kver=${1:?usage: get-kernel.sh KVER DEST}
dest=${2:?usage: get-kernel.sh KVER DEST}

scripts=$(dirname "$0")
suite=$("$scripts/kernel-suite.sh" "$kver")
if [ "$suite" = system ]; then
	tarball=/usr/src/linux-source-$kver.tar.xz
	if [ ! -f "$tarball" ]; then
		echo "$tarball not found: install it with: apt-get install linux-source-$kver" >&2
		exit 1
	fi
else
	debs=$(dirname "$dest")/debian-$suite
	"$scripts/fetch-debian-package.sh" "$suite" "$debs" "linux-source-$kver" > /dev/null
	tarball=$debs/root/usr/src/linux-source-$kver.tar.xz
	if [ ! -f "$tarball" ]; then
		echo "linux-source-$kver of $suite has no $tarball" >&2
		exit 1
	fi
fi

# The stamp names the tarball's size and date, so a package update (a new
# point release) unpacks afresh.
stamp="$(stat -c '%s %Y' "$tarball") $tarball"
if [ -f "$dest/.rsys-unpacked" ] && [ "$(cat "$dest/.rsys-unpacked")" = "$stamp" ]; then
	exit 0
fi

echo "unpacking $tarball into $dest"
start=$(date +%s)
rm -rf "$dest" "$dest.tmp"
mkdir -p "$dest.tmp"
tar -xf "$tarball" -C "$dest.tmp" --strip-components=1
echo "$stamp" > "$dest.tmp/.rsys-unpacked"
mv "$dest.tmp" "$dest"
echo "rsys-time: unpack $(($(date +%s) - start)) s"
