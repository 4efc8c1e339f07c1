#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that the Rust code of a built kernel was compiled for the
# control-flow protections its configuration turns on, as the C was:
#
#   check-codegen.sh OUT
#
# Reads the disassembly of OUT/kernel/rsys/rsys_rust.o, for ARCH
# (scripts/build/arch.sh):
#
#   arm64  BTI: each entry point (rust_sys_*) is a landing pad (bti c, or
#          paciasp, which is one); PAC: every function that saves its
#          return address on the stack signs it (paciasp); shadow call
#          stack: every such function also pushes it on the shadow stack,
#          and no instruction writes x18, the shadow stack's pointer,
#          which the C code relies on
#   x86_64 IBT: each entry point starts with endbr64; return thunks: no
#          ret instruction, every return goes through __x86_return_thunk
#
# A case whose option is off is skipped. Prints KTAP, one case per
# property, and "N passed, N failed".
set -euo pipefail

out=${1:?usage: check-codegen.sh OUT}
# shellcheck source=scripts/build/arch.sh
. "$(dirname "$0")/../build/arch.sh"
# shellcheck source=scripts/check/ktap-result.sh
. "$(dirname "$0")/ktap-result.sh"

object=$out/kernel/rsys/rsys_rust.o
if [ ! -f "$object" ] || [ ! -f "$out/.config" ]; then
	echo "$object not found: build the kernel first (make kernel)" >&2
	exit 1
fi
# kbuild's objdump: LLVM's with LLVM=1, else binutils' for the target.
case ${LLVM:-} in
"") objdump=${CROSS_COMPILE:-}objdump ;;
*/) objdump=${LLVM}llvm-objdump ;;
-*) objdump=llvm-objdump$LLVM ;;
*) objdump=llvm-objdump ;;
esac
if ! command -v "$objdump" > /dev/null; then
	echo "$objdump not found: make deps ARCH=$ARCH${LLVM:+ LLVM=$LLVM} installs it" >&2
	exit 1
fi
disassembly=$(mktemp)
trap 'rm -f "$disassembly"' EXIT
# Older disassemblers print the arm64 instructions of the hint space by
# number: name them.
"$objdump" -d --no-show-raw-insn "$object" | sed -E \
	-e 's/hint[[:space:]]+#25$/paciasp/' -e 's/hint[[:space:]]+#27$/pacibsp/' \
	-e 's/hint[[:space:]]+#34$/bti\tc/' -e 's/hint[[:space:]]+#38$/bti\tjc/' > "$disassembly"

enabled() {
	grep -qx "CONFIG_$1=y" "$out/.config"
}

# The first instruction of each entry point: "NAME MNEMONIC OPERANDS".
entry_starts() {
	awk '/^[0-9a-f]+ <rust_sys_[a-z0-9_]*>:$/ { name = $2; next }
		name != "" && /^ *[0-9a-f]+:/ { sub(/^ *[0-9a-f]+:[ \t]*/, ""); print name, $0; name = "" }' \
		"$disassembly"
}

# The functions that save their return address (x30) on the stack, and of
# those, the ones without the instruction matching $1: "NAME" lines.
savers_without() {
	awk -v want="$1" '
		function done() {
			if (name != "" && saves && !found)
				print name
		}
		/^[0-9a-f]+ <.*>:$/ { done(); name = $2; saves = found = 0; next }
		/^ *[0-9a-f]+:/ {
			if ($0 ~ /(stp|str)[ \t].*x30, \[sp/ || $0 ~ /stp[ \t]+x29, x30/)
				saves = 1
			if ($0 ~ want)
				found = 1
		}
		END { done() }' "$disassembly"
}

# Prints a list, one item per line, as one line of at most 5 items.
some() {
	head -n 5 | tr '\n' ' ' | sed 's/ $//'
}

# The case NAME: with CONFIG_OPTION, every entry point's first instruction
# passes the awk condition GOOD ($2 the mnemonic, $3 its operand); WHAT
# names the entry points that fail it.
entry_points_case() {
	local name=$1 option=$2 good=$3 what=$4 starts bad

	if ! enabled "$option"; then
		result "$name" skip "no CONFIG_$option"
		return
	fi
	starts=$(entry_starts)
	bad=$(echo "$starts" | awk "!($good)")
	if [ -z "$starts" ]; then
		result "$name" fail "no rust_sys_* function in $object"
	elif [ -n "$bad" ]; then
		result "$name" fail "$what: $(echo "$bad" | some)"
	else
		result "$name" ok
	fi
}

case $ARCH in
arm64)
	plan 3
	# shellcheck disable=SC2016 # awk's fields, for awk to expand
	entry_points_case arm64_entry_points_are_bti_landing_pads ARM64_BTI_KERNEL \
		'$2 == "paciasp" || ($2 == "bti" && ($3 == "c" || $3 == "jc"))' \
		"entry points that start with no landing pad"
	if ! enabled ARM64_PTR_AUTH_KERNEL; then
		result arm64_return_addresses_are_signed skip "no CONFIG_ARM64_PTR_AUTH_KERNEL"
	else
		bad=$(savers_without '(paciasp|pacibsp)')
		if [ -n "$bad" ]; then
			result arm64_return_addresses_are_signed fail \
				"functions that save x30 unsigned: $(echo "$bad" | some)"
		else
			result arm64_return_addresses_are_signed ok
		fi
	fi
	if ! enabled SHADOW_CALL_STACK; then
		result arm64_shadow_call_stack_is_kept skip "no CONFIG_SHADOW_CALL_STACK"
	else
		bad=$(savers_without 'str[ \t]+x30, \[x18\], #(0x)?8')
		writes=$(grep -E '^ *[0-9a-f]+:[[:space:]]+[a-z0-9.]+[[:space:]]+[wx]18,' "$disassembly" || true)
		if [ -n "$bad" ]; then
			result arm64_shadow_call_stack_is_kept fail \
				"functions that save x30 but not on the shadow stack: $(echo "$bad" | some)"
		elif [ -n "$writes" ]; then
			result arm64_shadow_call_stack_is_kept fail \
				"instructions that write x18: $(echo "$writes" | sed 's/^ *//' | some)"
		else
			result arm64_shadow_call_stack_is_kept ok
		fi
	fi
	;;
x86_64)
	plan 2
	# shellcheck disable=SC2016 # awk's fields, for awk to expand
	entry_points_case x86_entry_points_start_with_endbr64 X86_KERNEL_IBT \
		'$2 == "endbr64"' "entry points without endbr64"
	if ! enabled MITIGATION_RETHUNK && ! enabled RETHUNK; then
		result x86_returns_go_through_the_thunk skip "no CONFIG_MITIGATION_RETHUNK"
	else
		rets=$(grep -cE '^ *[0-9a-f]+:[[:space:]]+ret[lq]?([[:space:]]|$)' "$disassembly" || true)
		if [ "$rets" -ne 0 ]; then
			result x86_returns_go_through_the_thunk fail "$rets ret instruction(s) in $object"
		else
			result x86_returns_go_through_the_thunk ok
		fi
	fi
	;;
esac
results
