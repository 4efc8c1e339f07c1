#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's Rust flags reach the kit's crates, as Rust-for-Linux's:
#
#   check-rustflags.sh TREE OUT
#
# Builds kernel/rsys/ of OUT again with W=e and KRUSTFLAGS, then checks
# kbuild's saved command of the calls' crate: -Dwarnings is there, and
# KRUSTFLAGS after the kit's own flags; the same command fails on a crate
# with an unused variable, which the command of a plain build only warns
# about. OUT is built again as it was at the end.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
tree=$(cd "${1:?usage: check-rustflags.sh TREE OUT}" && pwd)
out=$(cd "${2:?usage: check-rustflags.sh TREE OUT}" && pwd)
# shellcheck source=scripts/check/ktap-result.sh
. "$kit/scripts/check/ktap-result.sh"
# shellcheck source=scripts/check/saved-command.sh
. "$kit/scripts/check/saved-command.sh"

tmp=$(mktemp -d)
kmake() {
	make -s -C "$tree" O="$out" ARCH=x86_64 "$@" kernel/rsys/ > "$tmp/build.log" 2>&1
}
restore() {
	kmake || echo "$out: the plain build of kernel/rsys/ failed: see $tmp/build.log" >&2
	rm -rf "$tmp"
}
trap restore EXIT

# The calls' crate's saved command, building the crate FILE instead.
crate_cmd() {
	local cmd
	cmd=$(saved_command "$out" kernel/rsys/librsys_samples.rlib)
	cmd=${cmd%%; sed*}
	cmd=${cmd//--crate-name rsys_samples/--crate-name rsys_warn}
	cmd=${cmd//kernel\/rsys\/.librsys_samples.rlib.d/$tmp\/warn.d}
	cmd=${cmd//kernel\/rsys\/librsys_samples.rlib/$tmp\/librsys_warn.rlib}
	echo "${cmd% *} $1"
}
cat > "$tmp/warn.rs" <<'EOF'
//! A crate with one warning: an unused variable.
#![no_std]
/// Returns 1.
pub fn one() -> u32 {
    let unused = 2;
    1
}
EOF

plan 3
probe=--cfg=rsys_krustflags_probe
if ! kmake W=e KRUSTFLAGS="$probe"; then
	result rustflags_w_e_and_krustflags_build fail "see $tmp/build.log"
	results
	exit 1
fi
result rustflags_w_e_and_krustflags_build ok
cmd=$(crate_cmd "$tmp/warn.rs")
if [[ $cmd == *" -Dwarnings "*"$probe"* ]]; then
	result rustflags_w_e_and_krustflags_reach_rustc ok
else
	result rustflags_w_e_and_krustflags_reach_rustc fail "got: $cmd"
fi
if output=$(cd "$out" && eval "$cmd" 2>&1); then
	result rustflags_w_e_makes_a_warning_an_error fail "the crate built: $output"
elif grep -q 'error: unused variable' <<< "$output"; then
	# Without W=e, the same crate only warns.
	kmake
	if output=$(cd "$out" && eval "$(crate_cmd "$tmp/warn.rs")" 2>&1) &&
		grep -q 'warning: unused variable' <<< "$output"; then
		result rustflags_w_e_makes_a_warning_an_error ok
	else
		result rustflags_w_e_makes_a_warning_an_error fail "a plain build: $output"
	fi
else
	result rustflags_w_e_makes_a_warning_an_error fail "got: $output"
fi
results
