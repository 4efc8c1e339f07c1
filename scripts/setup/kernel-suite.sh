#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints where the source of a supported kernel version comes from:
#
#   kernel-suite.sh KVER      "system" or a Debian suite (patches.in/kernels)
#   kernel-suite.sh --list    the supported versions
#   kernel-suite.sh --base    the version the series is made against
#
# Fails with one line for a version the series does not support.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
list=$kit/patches.in/kernels
kver=${1:?usage: kernel-suite.sh KVER | --list}

versions=$(awk '!/^#/ && NF { print $1 }' "$list" | tr '\n' ' ')
if [ "$kver" = --list ]; then
	echo "$versions"
	exit 0
fi
if [ "$kver" = --base ]; then
	awk '!/^#/ && $3 == "base" { print $1 }' "$list"
	exit 0
fi
suite=$(awk -v k="$kver" '!/^#/ && $1 == k { print $2 }' "$list")
if [ -z "$suite" ]; then
	echo "unsupported kernel version '$kver': use KVER= one of: ${versions% }" >&2
	exit 1
fi
echo "$suite"
