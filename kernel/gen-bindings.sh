#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Generates Rust constants from the kernel's own headers and tables, so the
# Rust side never restates a value the kernel defines.
#
#   gen-bindings.sh errno HEADER...   the errno codes, as rsys::error::code
#   gen-bindings.sh consts FILE...    LOGLEVEL_*, CAP_*, RSYS_*, PAGE_SIZE (from
#                                     page_types.h or vdso/page.h, after
#                                     auto.conf), the number of rsys
#                                     system calls, and the structs of
#                                     rsys.h

set -eu

kind=$1
shift

echo "// Generated at build time from the kernel's headers; do not edit."
echo

# "#define NAME 12", "#define NAME 0x0008U" or a negative number, for the
# prefixes the Rust side uses.
consts_awk() {
	awk '
	$1 == "#define" && $2 ~ /^(LOGLEVEL|CAP|RSYS)_[A-Z0-9_]+$/ {
		val = $0
		sub(/^#define[ \t]+[A-Z0-9_]+[ \t]+/, "", val)
		doc = ""
		if (match(val, /\/\*.*\*\//)) {
			doc = substr(val, RSTART + 3, RLENGTH - 6)
			val = substr(val, 1, RSTART - 1)
		}
		gsub(/^[ \t]+|[ \t]+$/, "", val)
		gsub(/^ +| +$/, "", doc)
		if (val !~ /^(-?[0-9]+|0x[0-9a-fA-F]+)U?$/)
			next
		sub(/U$/, "", val)
		type = ($2 ~ /^RSYS_/) ? "u32" : "i32"
		printf "/// %s\n", (doc == "" ? $2 : doc ".")
		printf "pub const %s: %s = %s;\n", $2, type, val
	}' "$1"
}

# Each "struct rsys_NAME { ... };" of the uapi header, whose fields are
# integers (__u8 to __s64, or arrays of them): a repr(C) Rust struct of the
# same name and layout. The struct is copied to and from user space whole,
# so one with padding, whose bytes would leak kernel memory, is refused.
structs_awk() {
	awk '
	function fail(msg) {
		printf "%s: struct %s: %s\n", FILENAME, sname, msg > "/dev/stderr"
		failed = 1
		exit 1
	}
	$1 == "struct" && $2 ~ /^rsys_[a-z0-9_]+$/ && $3 == "{" {
		sname = $2
		n = 0
		off = 0
		maxal = 1
		next
	}
	sname != "" && $1 == "};" {
		if (off % maxal)
			fail("padding at its end")
		printf "/// `struct %s` of `<linux/rsys.h>`.\n", sname
		print "#[repr(C)]"
		print "#[allow(non_camel_case_types)]"
		print "#[derive(Clone, Copy, Debug, Default)]"
		printf "pub struct %s {\n", sname
		for (i = 1; i <= n; i++) {
			printf "    /// %s\n", fdoc[i]
			printf "    pub %s: %s,\n", fname[i], ftype[i]
		}
		print "}"
		printf "const _: () = assert!(core::mem::size_of::<%s>() == %d);\n", sname, off
		printf "// SAFETY: `%s` is `repr(C)` with integer fields only and\n", sname
		print "// no padding (gen-bindings.sh refuses a struct with any): all"
		print "// its bytes are initialised, and any bytes are a valid value."
		printf "unsafe impl crate::uaccess::AsBytes for %s {}\n", sname
		print "// SAFETY: as for `AsBytes` above."
		printf "unsafe impl crate::uaccess::FromBytes for %s {}\n", sname
		sname = ""
		next
	}
	sname != "" && NF > 0 {
		line = $0
		doc = ""
		if (match(line, /\/\*.*\*\//)) {
			doc = substr(line, RSTART + 3, RLENGTH - 6)
			line = substr(line, 1, RSTART - 1)
		}
		gsub(/^ +| +$/, "", doc)
		split(line, w, " ")
		ctype = w[1]
		name = w[2]
		sub(/;[ \t]*$/, "", name)
		count = 1
		if (name ~ /\[[0-9]+\]$/) {
			count = substr(name, index(name, "[") + 1) + 0
			name = substr(name, 1, index(name, "[") - 1)
		}
		if (ctype !~ /^__[us](8|16|32|64)$/ || name !~ /^[a-z_][a-z0-9_]*$/ ||
		    line !~ /;[ \t]*$/)
			fail("cannot read \"" $0 "\": want __u8 to __s64, or an array")
		bits = substr(ctype, 4) + 0
		size = bits / 8
		if (off % size)
			fail("padding before " name)
		rtype = (substr(ctype, 3, 1) == "u" ? "u" : "i") bits
		if (count > 1 || line ~ /\[/)
			rtype = "[" rtype "; " count "]"
		n++
		fname[n] = name
		ftype[n] = rtype
		fdoc[n] = (doc == "" ? "`" name "`." : doc ".")
		off += size * count
		if (size > maxal)
			maxal = size
	}
	END {
		if (!failed && sname != "")
			fail("no end")
	}' "$1"
}

case $kind in
errno)
	# "#define EPERM 1 /* Operation not permitted */", or an alias
	# "#define EWOULDBLOCK EAGAIN /* ... */".
	awk '
	$1 == "#define" && $2 ~ /^E[A-Z0-9]+$/ && $3 ~ /^(E[A-Z0-9]+|[0-9]+)$/ {
		doc = ""
		if (match($0, /\/\*.*\*\//))
			doc = substr($0, RSTART + 3, RLENGTH - 6)
		gsub(/^ +| +$/, "", doc)
		if (doc == "")
			doc = $2
		printf "/// %s.\n", doc
		if ($3 ~ /^[0-9]+$/)
			printf "pub const %s: Error = Error::from_code(%s);\n", $2, $3
		else
			printf "pub const %s: Error = %s;\n", $2, $3
	}' "$@"
	;;
consts)
	page_shift=
	page_define=
	page_headers=
	for f in "$@"; do
		case $f in
		*.tbl)
			# Every entry of the rsys range, 1000-1099.
			awk '$1 ~ /^[0-9]+$/ && $1 >= 1000 && $1 <= 1099 { n++ }
			END {
				print "/// Number of rsys system calls in the system call table."
				printf "pub const RSYS_NR_SYSCALLS: u32 = %d;\n", n
			}' "$f"
			;;
		*/page_types.h | */vdso/page.h)
			# PAGE_SHIFT is defined in one of them: asm/page_types.h
			# up to 6.x, vdso/page.h (which it includes) from 7.x.
			found=$(awk '$1 == "#define" && $2 == "PAGE_SHIFT" { print $3 }' "$f")
			[ -z "$found" ] || page_define=$found
			page_headers="${page_headers:+$page_headers }$f"
			;;
		*/auto.conf)
			page_shift=$(sed -n 's/^CONFIG_PAGE_SHIFT=//p' "$f")
			hz=$(sed -n 's/^CONFIG_HZ=//p' "$f")
			;;
		*/ratelimit_types.h)
			# "#define DEFAULT_RATELIMIT_INTERVAL (5 * HZ)", with HZ
			# from the auto.conf given before.
			awk -v hz="${hz:-}" '
			$1 == "#define" && $2 == "DEFAULT_RATELIMIT_INTERVAL" {
				if (hz !~ /^[0-9]+$/ || !match($0, /\([0-9]+ \* HZ\)/))
					exit 1
				s = substr($0, RSTART + 1)
				interval = (s + 0) * hz
			}
			$1 == "#define" && $2 == "DEFAULT_RATELIMIT_BURST" && $3 ~ /^[0-9]+$/ {
				burst = $3
			}
			END {
				if (interval == "" || burst == "")
					exit 1
				print "/// The interval of printk_ratelimit(), in jiffies."
				printf "pub const DEFAULT_RATELIMIT_INTERVAL: u64 = %d;\n", interval
				print "/// Messages printk_ratelimit() lets through per interval."
				printf "pub const DEFAULT_RATELIMIT_BURST: u32 = %d;\n", burst
			}' "$f" || {
				echo "$0: no DEFAULT_RATELIMIT_* in $f, or no CONFIG_HZ" >&2
				exit 1
			}
			;;
		*/rsys.h)
			consts_awk "$f"
			structs_awk "$f"
			;;
		*)
			consts_awk "$f"
			;;
		esac
	done
	if [ -n "$page_headers" ]; then
		# A number, or CONFIG_PAGE_SHIFT (6.10+), found in the auto.conf
		# given before the headers.
		shift=$page_define
		if [ "$shift" = CONFIG_PAGE_SHIFT ]; then
			shift=$page_shift
		fi
		case $shift in
		'' | *[!0-9]*)
			echo "$0: cannot find PAGE_SHIFT in $page_headers" >&2
			exit 1
			;;
		esac
		echo "/// Size of a page, from PAGE_SHIFT."
		echo "pub const PAGE_SIZE: usize = 1 << $shift;"
	fi
	;;
*)
	echo "$0: unknown kind '$kind' (errno or consts)" >&2
	exit 1
	;;
esac
