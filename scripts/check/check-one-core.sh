#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that a built kernel has one Rust core library and one panic
# handler, whoever built them:
#
#   check-one-core.sh OUT
#
# Without CONFIG_RUST, rsys_rust.o carries the parts of its own core that
# its entry points reach; with it, the kit's crates are built against
# Rust-for-Linux's core in rust/ and must bring no second copy, and the
# panic handler is the kernel crate's alone. Two copies would link (the
# kit's are local symbols) but split the kernel's Rust in two: a panic in
# core reported by a handler that the kit's code never set, and twice the
# text. core::panicking::panic_fmt() stands for core: every build uses it.
# Prints KTAP, one case per property, and "N passed, N failed".
set -euo pipefail

out=${1:?usage: check-one-core.sh OUT}
# shellcheck source=scripts/check/ktap-result.sh
. "$(dirname "$0")/ktap-result.sh"

vmlinux=$out/vmlinux
if [ ! -f "$vmlinux" ]; then
	echo "$vmlinux not found: build the kernel first (make kernel)" >&2
	exit 1
fi

# Prints how many definitions of a symbol whose v0 name ends as $1 there
# are, global or local (but the __pfx_ symbols of function padding).
definitions() {
	nm --defined-only "$vmlinux" | awk -v suffix="$1" '
		$3 !~ /^__pfx_/ && substr($3, length($3) - length(suffix) + 1) == suffix { n++ }
		END { print n + 0 }'
}

plan 2
for property in "core_is_linked_once 4core9panicking9panic_fmt" \
	"one_panic_handler 17rust_begin_unwind"; do
	read -r name suffix <<< "$property"
	count=$(definitions "$suffix")
	if [ "$count" -eq 1 ]; then
		result "$name" ok
	else
		result "$name" fail "$vmlinux defines $count symbols ending in $suffix, expected 1"
	fi
done
results
