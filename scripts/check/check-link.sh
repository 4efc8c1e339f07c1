#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks the link of rsys_rust.o on a built tree:
#
#   check-link.sh OUT
#
# kbuild's saved command for kernel/rsys/rsys_rust.o links the rlibs again,
# into a file of its own: it must succeed as it is, leaving only the
# rust_sys_* entry points global, and fail, naming the
# compiler builtin and the function that calls it, when one more crate
# divides a u128 (compiler_builtins' __udivti3 is a stub that panics).
set -euo pipefail

out=$(cd "${1:?usage: check-link.sh OUT}" && pwd)
generated=$out/kernel/rsys
for f in rsys_rust.o librsys_samples.rlib; do
	if [ ! -f "$generated/.$f.cmd" ]; then
		echo "no $generated/.$f.cmd: build the kernel first (make kernel)" >&2
		exit 1
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=scripts/check/ktap-result.sh
. "$(dirname "$0")/ktap-result.sh"
# shellcheck source=scripts/check/saved-command.sh
. "$(dirname "$0")/saved-command.sh"

# kbuild's link command, without objtool, writing OUTPUT, with RLIB... more.
link() {
	local output=$1 cmd
	shift
	cmd=$(saved_command "$out" kernel/rsys/rsys_rust.o)
	cmd=${cmd%%;*}
	cmd=${cmd/ kernel\/rsys\/rsys_rust.o / $output }
	(cd "$out" && eval "$cmd $*") 2>&1
}

if output=$(link "$tmp/rsys_rust.o"); then
	result link_keeps_the_calls ok
else
	result link_keeps_the_calls fail "$output"
fi

# Only the entry points are global: nothing else can clash with the
# symbols of another core (Rust-for-Linux's, with CONFIG_RUST=y).
globals=$(nm -g --defined-only "$tmp/rsys_rust.o" 2> /dev/null | awk '{ print $3 }' || true)
others=$(grep -v '^rust_sys_' <<< "$globals" | grep . || true)
if [ ! -f "$tmp/rsys_rust.o" ]; then
	result link_keeps_only_the_entry_points_global fail "no rsys_rust.o to look at"
elif [ -n "$others" ]; then
	result link_keeps_only_the_entry_points_global fail \
		"$(wc -l <<< "$others") other global symbols, e.g. $(sed -n 1p <<< "$others")"
elif ! grep -q '^rust_sys_' <<< "$globals"; then
	result link_keeps_only_the_entry_points_global fail "no rust_sys_* entry point is global"
else
	result link_keeps_only_the_entry_points_global ok
fi

# A crate whose entry point divides a u128, built as kbuild builds the
# calls' crate.
cat > "$tmp/divide.rs" <<'EOF'
#![no_std]
/// Divides a u128: rustc calls __udivti3 for it.
#[no_mangle]
pub extern "C" fn rust_sys_divide_u128(a: u64, b: u64) -> u64 {
    let n = core::hint::black_box(u128::from(a) << 64);
    (n / u128::from(b | 1)) as u64
}
EOF
cmd=$(saved_command "$out" kernel/rsys/librsys_samples.rlib)
cmd=${cmd%%; sed*}
cmd=${cmd//--crate-name rsys_samples/--crate-name rsys_divide}
cmd=${cmd//kernel\/rsys\/.librsys_samples.rlib.d/$tmp\/divide.d}
cmd=${cmd//kernel\/rsys\/librsys_samples.rlib/$tmp\/librsys_divide.rlib}
cmd="${cmd% *} $tmp/divide.rs"
if ! output=$(cd "$out" && eval "$cmd" 2>&1); then
	result link_refuses_compiler_builtin fail "the test crate does not build: $output"
elif output=$(link "$tmp/divided.o" "$tmp/librsys_divide.rlib"); then
	result link_refuses_compiler_builtin fail "rsys_rust.o linked with __udivti3"
elif [ -e "$tmp/divided.o" ]; then
	result link_refuses_compiler_builtin fail "the link failed but left $tmp/divided.o"
elif grep -q 'calls the compiler builtin __udivti3.*from: .*rust_sys_divide_u128' <<< "$output"; then
	result link_refuses_compiler_builtin ok
else
	result link_refuses_compiler_builtin fail "got: $output"
fi

results
