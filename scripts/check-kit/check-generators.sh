#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks the system call generator on inputs made for the purpose:
#
#   check-generators.sh
#
# scripts/generate/gen-syscalls.py must refuse a bad syscalls.tbl line in one line
# naming it, and give a 64-bit argument two registers from a 32-bit caller;
# in a tree (--tree), it writes again what changed, of the files the tree has.
# (The bindings are bindgen's: scripts/check/check-bindgen.sh checks their rules.)
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

uapi=$kit/kernel/uapi/rsys.h
# shellcheck source=scripts/check/ktap-result.sh
. "$kit/scripts/check/ktap-result.sh"

# refused NAME PATTERN LINE: gen-syscalls.py refuses a table of LINE with
# one line matching PATTERN.
refused() {
	local output lines
	printf '%s\n' "$3" > "$tmp/bad.tbl"
	if output=$(python3 "$kit/scripts/generate/gen-syscalls.py" "$tmp/bad.tbl" "$uapi" "$tmp/out" 2>&1); then
		result "$1" fail "accepted"
		return
	fi
	lines=$(printf '%s\n' "$output" | wc -l)
	if [ "$lines" -eq 1 ] && printf '%s\n' "$output" | grep -qE -- "$2"; then
		result "$1" ok
	else
		result "$1" fail "got: $output"
	fi
}

# has NAME FILE REGEX: FILE has a line that REGEX matches whole.
has() {
	if grep -qxE -- "$3" "$2"; then
		result "$1" ok
	else
		result "$1" fail "no line '$3' in $(basename "$2")"
	fi
}

plan 16

tab=$'\t'
refused gen_syscalls_refuses_number_out_of_range "number '2000' is not in the rsys range" \
	"2000${tab}rust${tab}x${tab}u32 a"
refused gen_syscalls_refuses_unknown_type "type 'float' of 'a' is not one of" \
	"1000${tab}rust${tab}x${tab}float a"
refused gen_syscalls_refuses_kernel_pointer "pointer 'void \\*p' is not __user" \
	"1000${tab}rust${tab}x${tab}void *p"
refused gen_syscalls_refuses_seven_arguments "at most 6 arguments" \
	"1000${tab}rust${tab}x${tab}u32 a, u32 b, u32 c, u32 d, u32 e, u32 f, u32 g"
refused gen_syscalls_refuses_seven_i386_registers "32-bit caller passes at most 6 registers" \
	"1000${tab}rust${tab}x${tab}u64 a, u64 b, u64 c, u32 d"
refused gen_syscalls_refuses_duplicate_number "'1000' is already used on line 1" \
	"1000${tab}rust${tab}x${tab}u32 a"$'\n'"1000${tab}rust${tab}y${tab}u32 a"

# The calls of the test tables need an interface comment for their man page.
comment() {
	printf '/*\n * long %s(unsigned int op, __u64 key, size_t len, unsigned int flags);\n *\n * Does %s.\n%b */\n' "$@"
}
{ cat "$uapi"; comment x x ""; } > "$tmp/uapi-x.h"
{ cat "$uapi"; comment x x " *\n * Errors:\n * EINVAL\tno dash\n"; } > "$tmp/uapi-bad.h"
uapi=$tmp/uapi-x.h
refused gen_syscalls_refuses_call_without_comment "y: no interface comment" \
	"1000${tab}rust${tab}y${tab}u32 a"
uapi=$tmp/uapi-bad.h
refused gen_syscalls_refuses_bad_errors_line "a line of its Errors: list is not" \
	"1000${tab}rust${tab}x${tab}unsigned int op, u64 key, size_t len, unsigned int flags"
uapi=$tmp/uapi-x.h

printf '1000\trust\tx\tunsigned int op, u64 key, size_t len, unsigned int flags\n' > "$tmp/good.tbl"
printf '1001\ttwin\tx_c\tunsigned int op, u64 key, size_t len, unsigned int flags\n' >> "$tmp/good.tbl"
if python3 "$kit/scripts/generate/gen-syscalls.py" "$tmp/good.tbl" "$uapi" "$tmp/good" 2> "$tmp/err"; then
	has gen_syscalls_i386_entry_has_compat_entry "$tmp/good/syscall_32_rsys.tbl" \
		"1000${tab}i386${tab}x${tab}+sys_x${tab}+compat_sys_x"
	if grep -q x_c "$tmp/good/syscall_32_rsys.tbl"; then
		result gen_syscalls_twin_is_64_bit_only fail "x_c has an i386 entry"
	else
		result gen_syscalls_twin_is_64_bit_only ok
	fi
	has gen_syscalls_compat_u64_in_two_registers "$tmp/good/syscalls.c" \
		"COMPAT_SYSCALL_DEFINE5\(x, unsigned int, op, compat_arg_u64_dual\(key\),"
	has gen_syscalls_man_page_has_common_errors "$tmp/good/man2/x.2" '\.B ENOSYS'
	# The tables end at RSYS_NR_LAST whichever calls exist, as NR_syscalls
	# does; the numbers reach user space through <asm/unistd_rsys.h>.
	last=$(tail -n 1 "$tmp/good/syscall_64_rsys.tbl")
	if [ "$last" = "1099${tab}common${tab}rsys_nr_last" ] &&
		[ "$(tail -n 1 "$tmp/good/syscall_32_rsys.tbl")" = "1099${tab}i386${tab}rsys_nr_last" ]; then
		result gen_syscalls_tables_span_the_range ok
	else
		result gen_syscalls_tables_span_the_range fail "last x86-64 line: $last"
	fi
	has gen_syscalls_unistd_has_the_numbers "$tmp/good/unistd_rsys.h" \
		"#define __NR_x${tab}+1000"
else
	for name in i386_entry_has_compat_entry twin_is_64_bit_only compat_u64_in_two_registers \
		man_page_has_common_errors tables_span_the_range unistd_has_the_numbers; do
		result "gen_syscalls_$name" fail "$(cat "$tmp/err")"
	done
fi

# In a tree that has two of the generated files, as the series made them:
# --tree writes nothing; after a call is added to the table, it writes
# those two again, with the call, and no other; the call needs no
# interface comment in <linux/rsys.h> for that (only its man page does).
uapi=$kit/kernel/uapi/rsys.h
tree=$tmp/tree
mkdir -p "$tree/kernel/rsys" "$tree/include/uapi/linux" "$tree/arch/x86/entry/syscalls"
cp "$kit/syscalls.tbl" "$tree/kernel/rsys/syscalls.tbl"
cp "$uapi" "$tree/include/uapi/linux/rsys.h"
if python3 "$kit/scripts/generate/gen-syscalls.py" "$tree/kernel/rsys/syscalls.tbl" "$uapi" \
	"$tmp/as-made" 2> "$tmp/err"; then
	cp "$tmp/as-made/syscall_64_rsys.tbl" "$tree/arch/x86/entry/syscalls/"
	cp "$tmp/as-made/syscalls.c" "$tree/kernel/rsys/"
	unchanged=$(python3 "$kit/scripts/generate/gen-syscalls.py" --tree "$tree" 2>&1) || true
	printf '1050\trust\tx\tu32 a\n' >> "$tree/kernel/rsys/syscalls.tbl"
	added=$(python3 "$kit/scripts/generate/gen-syscalls.py" --tree "$tree" 2>&1) || true
	expected=$(printf '  GEN     %s\n' arch/x86/entry/syscalls/syscall_64_rsys.tbl kernel/rsys/syscalls.c)
	if [ -n "$unchanged" ]; then
		result gen_syscalls_tree_writes_what_changed fail "with nothing changed: $unchanged"
	elif [ "$added" != "$expected" ] || [ "$(find "$tree" -type f | wc -l)" -ne 4 ] ||
		! grep -q '^SYSCALL_DEFINE1(x, u32, a)$' "$tree/kernel/rsys/syscalls.c"; then
		result gen_syscalls_tree_writes_what_changed fail "after adding x: $added"
	else
		result gen_syscalls_tree_writes_what_changed ok
	fi
else
	result gen_syscalls_tree_writes_what_changed fail "$(cat "$tmp/err")"
fi

# The man pages of the kit's calls: groff (-ww, every warning) has nothing
# to say, and man shows each.
warnings=
for page in "$kit"/man/man2/*.2; do
	out=$(groff -man -ww -z -Tutf8 "$page" 2>&1)
	shown=$(man -P cat -l "$page" 2> /dev/null || true)
	if [ -n "$out" ] || ! grep -q '^NAME' <<< "$shown"; then
		warnings+="$(basename "$page"): ${out:-man -l shows no NAME} "
	fi
done
if [ -z "$warnings" ] && [ -e "$kit/man/man2/rsys_add.2" ]; then
	result man_pages_render_without_warning ok
else
	result man_pages_render_without_warning fail "${warnings:-no man/man2/rsys_add.2}"
fi

results
