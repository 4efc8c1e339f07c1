#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks the kit with Debian's own configuration of the kernel:
#
#   check-distro.sh KVER TREE OUT
#
# Building all of Debian's kernel takes hours on two cores, so this builds
# the part that proves the kit's: Debian's amd64 config plus
# CONFIG_RUST_SYSCALLS=y through olddefconfig, the kit's objects with the
# flags that config gives them, and a vmlinux.o linked by kbuild's own rule
# from those objects alone. That link runs objtool with every check the real
# vmlinux.o gets (with IBT, objtool checks nothing before it). Prints KTAP,
# one case per property, and "N passed, N failed"; fails if one fails.
set -euo pipefail

usage="usage: check-distro.sh KVER TREE OUT"
kver=${1:?$usage}
tree=${2:?$usage}
out=${3:?$usage}
kit=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/check/ktap-result.sh
. "$(dirname "$0")/ktap-result.sh"

config=/usr/src/linux-config-$kver/config.amd64_none_amd64.xz
if [ ! -f "$config" ]; then
	echo "$config not found: install it with: apt-get install linux-config-$kver" >&2
	exit 1
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
log=$out/build.log
link_log=$out/vmlinux.o.log
kmake() {
	make -C "$tree" O="$out" ARCH=x86_64 -j"$(nproc)" "$@"
}

# A new Debian config or a new series starts the directory afresh; otherwise
# kbuild's own dependencies decide what to rebuild.
stamp="$(cat "$config" "$tree/.rsys-series" | sha256sum)"
if [ ! -f "$out/.rsys-config" ] || [ "$(cat "$out/.rsys-config")" != "$stamp" ]; then
	xz -dc "$config" > "$out/.config"
	echo CONFIG_RUST_SYSCALLS=y >> "$out/.config"
	kmake -s olddefconfig > /dev/null
	echo "$stamp" > "$out/.rsys-config"
fi

# The kit's objects, then vmlinux.o from them alone: kbuild's own vmlinux.a
# and vmlinux.o rules, with the objects they take and the directory they
# descend into narrowed to the kit's.
# Warnings are printed only when something is built: the kit's objects
# (but core, whose lints are off) and vmlinux.o are built every time.
start=$(date +%s)
built=0 linked=0
find "$out/kernel/rsys" \( -name '*.o' -o -name '*.rlib' \) ! -name libcore.rlib \
	-delete 2> /dev/null || true
rm -f "$out/vmlinux.o"
if kmake kernel/rsys/ > "$log" 2>&1; then
	built=1
	if kmake build-dir=kernel/rsys KBUILD_VMLINUX_OBJS=kernel/rsys/built-in.a \
		KBUILD_VMLINUX_LIBS= vmlinux_o > "$link_log" 2>&1; then
		linked=1
	fi
fi
echo "# built the kit's objects and vmlinux.o with Debian's config in $(($(date +%s) - start)) s ($log, $link_log)"

enabled() {
	grep -qE "^CONFIG_($1)=y" "$out/.config"
}

rustc_cmd=$out/kernel/rsys/.librsys_samples.rlib.cmd
target_spec=$out/kernel/rsys/rsys-target.json
vmlinux_o=$out/vmlinux.o

cases=()
# case NAME STATUS [WHY]: STATUS is ok, fail or skip.
case_result() {
	cases+=("$1 $2 ${3:-}")
}

if grep -qx CONFIG_RUST_SYSCALLS=y "$out/.config"; then
	case_result distro_config_keeps_rust_syscalls ok
else
	case_result distro_config_keeps_rust_syscalls fail "olddefconfig dropped CONFIG_RUST_SYSCALLS"
fi

if [ $built -eq 1 ] && "$kit/scripts/check/check-warnings.sh" --kit "$log" > /dev/null 2>&1; then
	case_result distro_kit_builds_without_warnings ok
else
	case_result distro_kit_builds_without_warnings fail "see $log"
fi

# Each mitigation the config turns on must reach rustc: as a flag, or as an
# LLVM feature in the target specification.
missing=()
want() {
	local option=$1 file=$2 text=$3
	if enabled "$option" && ! grep -qF -- "$text" "$file" 2> /dev/null; then
		missing+=("CONFIG_$option without $text")
	fi
}
want X86_KERNEL_IBT "$rustc_cmd" -Zcf-protection=branch
want "MITIGATION_RETPOLINE|RETPOLINE" "$target_spec" +retpoline-external-thunk
want "MITIGATION_RETHUNK|RETHUNK" "$rustc_cmd" -Zfunction-return=thunk-extern
want "MITIGATION_SLS|SLS" "$target_spec" +harden-sls-ret
want CALL_PADDING "$rustc_cmd" -Zpatchable-function-entry=
want FRAME_POINTER "$rustc_cmd" -Cforce-frame-pointers=y
if [ ! -f "$rustc_cmd" ]; then
	case_result distro_rustflags_follow_config fail "no $rustc_cmd"
elif [ ${#missing[@]} -eq 0 ]; then
	case_result distro_rustflags_follow_config ok
else
	case_result distro_rustflags_follow_config fail "${missing[*]}"
fi

# objtool ran on vmlinux.o (its command is in kbuild's record of the link)
# and said nothing.
if [ $linked -eq 0 ]; then
	case_result distro_vmlinux_o_objtool_clean fail "vmlinux.o did not link (see $link_log)"
elif ! grep -q 'objtool.*--link' "$out/.vmlinux.o.cmd"; then
	case_result distro_vmlinux_o_objtool_clean fail "objtool did not run on vmlinux.o"
elif grep -qiE 'objtool|warning' "$link_log"; then
	case_result distro_vmlinux_o_objtool_clean fail "$(grep -ciE 'objtool|warning' "$link_log") warnings in $link_log"
else
	case_result distro_vmlinux_o_objtool_clean ok
fi

symbols=
[ ! -f "$vmlinux_o" ] || symbols=$(nm "$vmlinux_o")
mapfile -t entry_points < <(echo "$symbols" | awk '$2 == "T" && $3 ~ /^rust_sys_/ { print $3 }')

# Call depth tracking and FineIBT patch the padding in front of functions:
# objtool names it __pfx_* only where it is there, all NOPs.
if ! enabled CALL_PADDING || ! enabled PREFIX_SYMBOLS; then
	case_result distro_rust_functions_have_padding skip "no CONFIG_CALL_PADDING"
elif [ ${#entry_points[@]} -eq 0 ]; then
	case_result distro_rust_functions_have_padding fail "no rust_sys_* in $vmlinux_o"
else
	unpadded=()
	for f in "${entry_points[@]}"; do
		grep -q " __pfx_$f\$" <<< "$symbols" || unpadded+=("$f")
	done
	if [ ${#unpadded[@]} -eq 0 ]; then
		case_result distro_rust_functions_have_padding ok
	else
		case_result distro_rust_functions_have_padding fail "no __pfx_ symbol: ${unpadded[*]}"
	fi
fi

if ! enabled X86_KERNEL_IBT; then
	case_result distro_rust_functions_start_with_endbr skip "no CONFIG_X86_KERNEL_IBT"
elif [ ${#entry_points[@]} -eq 0 ]; then
	case_result distro_rust_functions_start_with_endbr fail "no rust_sys_* in $vmlinux_o"
else
	no_endbr=()
	for f in "${entry_points[@]}"; do
		first=$(objdump -d --no-show-raw-insn --disassemble="$f" "$vmlinux_o" |
			awk '/^ +[0-9a-f]+:/ && !n++ { print $2 }')
		[ "$first" = endbr64 ] || no_endbr+=("$f")
	done
	if [ ${#no_endbr[@]} -eq 0 ]; then
		case_result distro_rust_functions_start_with_endbr ok
	else
		case_result distro_rust_functions_start_with_endbr fail "${no_endbr[*]}"
	fi
fi

plan ${#cases[@]}
for c in "${cases[@]}"; do
	read -r name status why <<< "$c"
	result "$name" "$status" "$why"
done
results
