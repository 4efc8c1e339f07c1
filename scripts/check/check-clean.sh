#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A patched tree is cleaned, and configured, where no rustc or bindgen runs:
#
#   check-clean.sh TREE OUT
#
# OUT is a build directory of TREE with CONFIG_RUST_SYSCALLS=y and the
# kit's objects built (make kit-objects). A hard-linked copy of it is
# configured, cleaned and mrpropered with RSYS_RUSTC and RSYS_BINDGEN
# naming tools that do not exist: kbuild reads kernel/rsys/Makefile for
# all three, which must not look for a toolchain, and Kconfig must not
# offer the option.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
tree=$(cd "${1:?usage: check-clean.sh TREE OUT}" && pwd)
out=$(cd "${2:?usage: check-clean.sh TREE OUT}" && pwd)
# shellcheck source=scripts/check/ktap-result.sh
. "$kit/scripts/check/ktap-result.sh"

if ! grep -qx CONFIG_RUST_SYSCALLS=y "$out/.config" || [ ! -f "$out/kernel/rsys/libcore.rlib" ]; then
	echo "$out has no kit objects: make kit-objects first" >&2
	exit 1
fi
copy=$(mktemp -d "$out.clean.XXXXXX")
trap 'rm -rf "$copy"' EXIT
cp -al "$out/." "$copy/"
# make writes its files anew, so the hard links to OUT are never written.
rm -f "$copy/.config"
cp "$out/.config" "$copy/.config"

no_tools=(RSYS_RUSTC=/nonexistent/rustc RSYS_BINDGEN=/nonexistent/bindgen)
kmake() {
	make -s -C "$tree" O="$copy" ARCH=x86_64 "${no_tools[@]}" "$@" 2>&1
}

plan 3
if log=$(kmake olddefconfig) && ! grep -q '^CONFIG_RUST_SYSCALLS=y' "$copy/.config"; then
	result "kconfig_hides_the_option_without_rustc" ok
else
	result "kconfig_hides_the_option_without_rustc" fail \
		"$(echo "$log" | tail -n 1; grep '^CONFIG_RUST_SYSCALLS' "$copy/.config")"
fi
cp "$out/.config" "$copy/.config"
if log=$(kmake clean) && [ ! -e "$copy/kernel/rsys/libcore.rlib" ]; then
	result "make_clean_without_rustc" ok
else
	result "make_clean_without_rustc" fail "$(echo "$log" | tail -n 1)"
fi
if log=$(kmake mrproper) && [ ! -e "$copy/.config" ]; then
	result "make_mrproper_without_rustc" ok
else
	result "make_mrproper_without_rustc" fail "$(echo "$log" | tail -n 1)"
fi
results
