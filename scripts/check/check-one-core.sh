#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that a built kernel has one Rust core library and one panic
# handler, and whose:
#
#   check-one-core.sh OUT [rfl|kit]
#
# Without CONFIG_RUST, rsys_rust.o carries the parts of its own core that
# its entry points reach, as local symbols; with it, the kit's crates are
# built against Rust-for-Linux's core in rust/ and must bring no second
# copy, and the panic handler is the kernel crate's, a global symbol. Two
# copies would link (the kit's symbols are local) but split the kernel's
# Rust in two: a panic in core reported by a handler that the kit's code
# never set, and twice the text. core::panicking::panic_fmt() stands for
# core: every build uses it. The second argument says which the profile
# asks for (rfl: Rust-for-Linux's), which the configuration must have kept.
# Prints KTAP, one case per property, and "N passed, N failed".
set -euo pipefail

usage="usage: check-one-core.sh OUT [rfl|kit]"
out=${1:?$usage}
expect=${2:-}
# shellcheck source=scripts/check/ktap-result.sh
. "$(dirname "$0")/ktap-result.sh"

vmlinux=$out/vmlinux
if [ ! -f "$vmlinux" ]; then
	echo "$vmlinux not found: build the kernel first (make kernel)" >&2
	exit 1
fi
case $expect in
rfl | kit | "") ;;
*)
	echo "$usage" >&2
	exit 1
	;;
esac
provider=kit
! grep -qx 'CONFIG_RUST=y' "$out/.config" || provider=rfl

# Prints the nm lines of the definitions, global or local, of the symbols
# whose v0 name ends as $1 (but the __pfx_ symbols of function padding).
definitions() {
	nm --defined-only "$vmlinux" | awk -v suffix="$1" '
		$3 !~ /^__pfx_/ && substr($3, length($3) - length(suffix) + 1) == suffix'
}

plan 3
core=$(definitions 4core9panicking9panic_fmt | wc -l)
if [ "$core" -eq 1 ]; then
	result core_is_linked_once ok
else
	result core_is_linked_once fail "$vmlinux defines $core core::panicking::panic_fmt, expected 1"
fi
# rust_begin_unwind, named so by rustc before 1.87 and with its crate's
# prefix since.
handlers=$(definitions rust_begin_unwind)
if [ "$(echo "$handlers" | grep -c .)" -eq 1 ]; then
	result one_panic_handler ok
else
	result one_panic_handler fail "$vmlinux defines these panic handlers: $(echo "$handlers" | awk '{ print $3 }' | tr '\n' ' ')"
fi
binding=$(echo "$handlers" | awk 'NR == 1 { print $2 }')
want_binding=t
[ $provider = kit ] || want_binding=T
if [ -n "$expect" ] && [ "$expect" != "$provider" ]; then
	result core_is_the_profiles fail "the profile asks for the $expect core, but $out/.config has" \
		"$([ $provider = rfl ] && echo CONFIG_RUST=y || echo 'no CONFIG_RUST')"
elif [ "$binding" != "$want_binding" ]; then
	result core_is_the_profiles fail "the panic handler's binding is '${binding:-none}', expected '$want_binding' for the $provider core"
else
	result core_is_the_profiles ok
fi
results
