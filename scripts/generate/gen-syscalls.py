#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generates everything that names an rsys system call from syscalls.tbl.

    gen-syscalls.py [--allow-empty] TABLE UAPI_HEADER OUTDIR
    gen-syscalls.py --tree SRCTREE
    gen-syscalls.py --range UAPI_HEADER

TABLE is the system call table (the kit's syscalls.tbl, kernel/rsys/syscalls.tbl
in a kernel tree), UAPI_HEADER include/uapi/linux/rsys.h (for the values
syzkaller needs). Writes into OUTDIR:

  syscall_64_rsys.tbl arch/x86/entry/syscalls/syscall_64_rsys.tbl: the
                      x86-64 entries, which the build appends to syscall_64.tbl
  syscall_32_rsys.tbl arch/x86/entry/syscalls/syscall_32_rsys.tbl: the i386
                      entries, which the build appends to syscall_32.tbl
  unistd_rsys.h       arch/x86/include/uapi/asm/unistd_rsys.h: the calls'
                      __NR_ numbers, which <asm/unistd.h> gives user space
  syscalls.h          kernel/rsys/syscalls.h: the sys_*() and
                      compat_sys_*() prototypes
  cond_syscalls.h     kernel/rsys/cond_syscalls.h: the COND_SYSCALL() and
                      COND_SYSCALL_COMPAT() lines, which kernel/sys_ni.c includes
  syscalls.c          kernel/rsys/syscalls.c: the SYSCALL_DEFINE and
                      COMPAT_SYSCALL_DEFINE wrappers
  rust_syscalls.h     kernel/rsys/rust_syscalls.h: the Rust functions they call
  lib.rs              the root of the samples crate: its modules and the
                      rust_sys_<name>() entry points
  rsys.txt            syzkaller's description of the calls (sys/linux/)
  rsys.txt.const      and the values it uses
  man2/NAME.2         a manual page per call, from its line of TABLE and its
                      interface comment in UAPI_HEADER ("long NAME(...);")

A table with no call is an error, unless --allow-empty: the series' first
patch has the tables and <asm/unistd_rsys.h> before any call.

With --tree, the table and the header are those of the kernel tree SRCTREE,
where this script is in kernel/rsys/, and the outputs that
belong in a tree are written there, at their places below (TREE_PATHS),
each only if the tree has it and its text changed: after editing
kernel/rsys/syscalls.tbl in a tree, run this script there with --tree .

With --range, prints the rsys range of UAPI_HEADER, "FIRST LAST"
(RSYS_NR_FIRST and RSYS_NR_LAST), for the kit's scripts.

A malformed line stops it with the line's number and what is wrong.
"""

import os
import re
import shutil
import subprocess
import sys

KINDS = ("rust", "selftest", "twin")

# C type -> (Rust type, syzkaller type)
SCALARS = {
    "u8": ("u8", "int8"),
    "u16": ("u16", "int16"),
    "u32": ("u32", "int32"),
    "u64": ("u64", "int64"),
    "s8": ("i8", "int8"),
    "s16": ("i16", "int16"),
    "s32": ("i32", "int32"),
    "s64": ("i64", "int64"),
    "int": ("i32", "int32"),
    "unsigned int": ("u32", "int32"),
    "long": ("isize", "intptr"),
    "unsigned long": ("usize", "intptr"),
    "size_t": ("usize", "intptr"),
    "ssize_t": ("isize", "intptr"),
    "loff_t": ("i64", "int64"),
}

# C type -> its type as a 32-bit caller passes it (COMPAT_SYSCALL_DEFINE);
# a 64-bit type comes in two registers (compat_arg_u64_dual()).
COMPAT_SCALARS = {
    "long": "compat_long_t",
    "unsigned long": "compat_ulong_t",
    "size_t": "compat_size_t",
    "ssize_t": "compat_ssize_t",
}
DUAL_REGISTER = ("u64", "s64", "loff_t")

LINE_WIDTH = 80

# Where the outputs that a kernel tree holds are, in the tree.
TREE_PATHS = {
    "syscall_64_rsys.tbl": "arch/x86/entry/syscalls/syscall_64_rsys.tbl",
    "syscall_32_rsys.tbl": "arch/x86/entry/syscalls/syscall_32_rsys.tbl",
    "unistd_rsys.h": "arch/x86/include/uapi/asm/unistd_rsys.h",
    "syscall_table_rsys.h": "arch/arm64/include/asm/syscall_table_rsys.h",
    "unistd_rsys_arm64.h": "arch/arm64/include/uapi/asm/unistd_rsys.h",
    "syscalls.h": "kernel/rsys/syscalls.h",
    "cond_syscalls.h": "kernel/rsys/cond_syscalls.h",
    "syscalls.c": "kernel/rsys/syscalls.c",
    "rust_syscalls.h": "kernel/rsys/rust_syscalls.h",
    "lib.rs": "kernel/rsys/rust/samples/lib.rs",
}

# What a generated file says of its source: the tree's names, where it lives.
# (This script's name, as in a tree.)
SCRIPT = "kernel/rsys/" + os.path.basename(__file__)
GENERATED_FROM = f"Generated from kernel/rsys/syscalls.tbl by {SCRIPT}."


class TableError(Exception):
    pass


class Arg:
    def __init__(self, text):
        text = text.strip()
        self.annotations = {}
        parts = text.split("@")
        decl = parts[0].strip()
        for ann in parts[1:]:
            m = re.fullmatch(r"(flags|enum|len)\(([A-Za-z0-9_|]*)\)|(out)", ann.strip())
            if not m:
                raise TableError(f"unknown annotation '@{ann}' in '{text}'")
            if m.group(3):
                self.annotations["out"] = True
            else:
                self.annotations[m.group(1)] = m.group(2)
        m = re.fullmatch(r"(.*?[\s*])([A-Za-z_][A-Za-z0-9_]*)", decl)
        if not m:
            raise TableError(f"cannot read the parameter '{decl}'")
        self.ctype = re.sub(r"\s+", " ", m.group(1)).strip()
        self.name = m.group(2)
        self.pointer = self.ctype.endswith("*")
        if self.pointer:
            if "__user" not in self.ctype:
                raise TableError(f"pointer '{decl}' is not __user: a system call takes user pointers only")
            self.ctype = self.ctype[:-1].strip() + " *"
        elif self.ctype not in SCALARS:
            raise TableError(f"type '{self.ctype}' of '{self.name}' is not one of: {', '.join(SCALARS)}")
        if "out" in self.annotations and not self.pointer:
            raise TableError(f"'{self.name}' is marked @out but is not a pointer")

    @property
    def c_param(self):
        """As in a prototype: 'u32 a', 'const void __user *buf'."""
        return self.ctype + self.name if self.pointer else f"{self.ctype} {self.name}"

    @property
    def rust_type(self):
        return "UserPtr" if self.pointer else SCALARS[self.ctype][0]

    @property
    def define_param(self):
        """As a SYSCALL_DEFINE "type, name" item: 'u32, a'."""
        return f"{self.ctype}, {self.name}"

    @property
    def dual(self):
        """Whether a 32-bit caller passes it in two registers."""
        return self.ctype in DUAL_REGISTER

    @property
    def compat_type(self):
        """Its type as a 32-bit caller passes it: longs and sizes at 32 bits,
        pointers as they are (the entry code has zero-extended them)."""
        return COMPAT_SCALARS.get(self.ctype, self.ctype)

    @property
    def compat_param(self):
        """As a COMPAT_SYSCALL_DEFINE item."""
        if self.dual:
            return f"compat_arg_u64_dual({self.name})"
        return f"{self.compat_type}, {self.name}"

    @property
    def compat_proto(self):
        """As in a compat_sys_*() prototype."""
        if self.dual:
            return f"compat_arg_u64({self.name})"
        return self.c_param if self.pointer else f"{self.compat_type} {self.name}"

    @property
    def compat_value(self):
        """The argument as the Rust function takes it."""
        return f"compat_arg_u64_glue({self.name})" if self.dual else self.name

    @property
    def struct(self):
        m = re.search(r"\bstruct\s+([A-Za-z0-9_]+)", self.ctype)
        return m.group(1) if m else None


class Syscall:
    def __init__(self, lineno, nr, kind, name, args, needs=None):
        self.lineno = lineno
        self.nr = nr
        self.kind = kind
        self.name = name
        self.args = args
        # The Kconfig option without which the call is left out (ENOSYS).
        self.config = "RUST_SYSCALLS_SELFTEST" if kind == "selftest" else needs

    @property
    def rust(self):
        return self.kind in ("rust", "selftest")

    @property
    def compat_registers(self):
        """Registers a 32-bit caller passes the arguments in."""
        return sum(2 if a.dual else 1 for a in self.args)


def read_table(path, nr_range, allow_empty=False):
    """The calls of the table; numbers must be in nr_range (first, last)."""
    first, last = nr_range
    calls = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            fields = [x for x in fields if x != ""]
            try:
                if len(fields) not in (3, 4):
                    raise TableError("want <number> <kind> <name> <arguments>, separated by tabs")
                nr, kind, name = fields[:3]
                kind, _, needs = kind.partition(":")
                if needs and (kind != "rust" or not re.fullmatch(r"[A-Z0-9_]+", needs)):
                    raise TableError(f"'{fields[1]}': only a rust call names an option it needs, as rust:OPTION")
                if not nr.isdigit() or not first <= int(nr) <= last:
                    raise TableError(f"number '{nr}' is not in the rsys range {first}-{last}")
                if kind not in KINDS:
                    raise TableError(f"kind '{kind}' is not one of {', '.join(KINDS)}")
                if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                    raise TableError(f"name '{name}' is not a C identifier in lower case")
                args = [Arg(a) for a in fields[3].split(",")] if len(fields) == 4 else []
                if len(args) > 6:
                    raise TableError("a system call takes at most 6 arguments")
                names = [a.name for a in args]
                if len(set(names)) != len(names):
                    raise TableError("two arguments have the same name")
                for a in args:
                    if "len" in a.annotations and a.annotations["len"] not in names:
                        raise TableError(f"'{a.name}' is the length of '{a.annotations['len']}', which is not an argument")
            except TableError as e:
                raise TableError(f"{path}:{lineno}: {e}") from None
            call = Syscall(lineno, int(nr), kind, name, args, needs or None)
            if call.rust and call.compat_registers > 6:
                raise TableError(f"{path}:{lineno}: a 32-bit caller passes at most 6 registers, and a 64-bit argument takes two")
            calls.append(call)
    seen = {}
    for c in calls:
        for key in (c.nr, c.name):
            if key in seen:
                raise TableError(f"{path}:{c.lineno}: '{key}' is already used on line {seen[key]}")
            seen[key] = c.lineno
    if not calls and not allow_empty:
        raise TableError(f"{path}: no system calls")
    return sorted(calls, key=lambda c: c.nr)


def read_defines(path):
    """The integer #defines of a header: name -> value."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"#define\s+([A-Z0-9_]+)\s+(0x[0-9a-fA-F]+|[0-9]+)U?L?\b", line)
            if m:
                values[m.group(1)] = int(m.group(2), 0)
    return values


def nr_range(defines, header):
    """The rsys range, RSYS_NR_FIRST to RSYS_NR_LAST of the uapi header."""
    try:
        return defines["RSYS_NR_FIRST"], defines["RSYS_NR_LAST"]
    except KeyError:
        raise TableError(f"{header} does not define RSYS_NR_FIRST and RSYS_NR_LAST") from None


def wrap_call(head, items, tail, cont):
    """head + items joined by ', ' + tail, wrapped at LINE_WIDTH; continued
    lines start with cont (tabs count as 8 columns)."""
    lines = []
    cur = head
    for i, item in enumerate(items):
        piece = item + (", " if i < len(items) - 1 else tail)
        width = len(cur.expandtabs(8)) + len(piece.rstrip().expandtabs(8))
        if width > LINE_WIDTH and cur.strip() not in (head.strip(), ""):
            lines.append(cur.rstrip())
            cur = cont
        cur += piece
    if not items:
        cur += tail
    lines.append(cur)
    return "\n".join(lines)


def align_paren(head):
    """Continuation indent that lines up with the character after '('."""
    col = len(head.expandtabs(8))
    return "\t" * (col // 8) + " " * (col % 8)


def tbl_header(*about):
    """The comment that opens a generated table: what it holds (lines)."""
    return [
        "# SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note",
        "#",
        *(f"# {line}" for line in about),
        f"# {GENERATED_FROM}",
        "#",
    ]


def tbl_end(last, abi):
    """The table's last line: RSYS_NR_LAST with no entry point, unless a call
    has that number, so that the table spans the whole rsys range."""
    return [
        "# RSYS_NR_LAST, with no entry point: the dispatch table spans the whole",
        "# rsys range whichever calls exist, as NR_syscalls does (<asm/unistd.h>).",
        f"{last}\t{abi}\trsys_nr_last",
    ]


def c_header(spdx, about, guard, includes=()):
    """The opening of a generated C header: its license, what it holds
    (lines), its include guard and its includes."""
    out = [f"/* SPDX-License-Identifier: {spdx} */", "/*"]
    out += [f" * {line}" for line in about]
    out += [GENERATED_C, " */", f"#ifndef {guard}", f"#define {guard}", ""]
    out += [f"#include <{h}>" for h in includes]
    if includes:
        out.append("")
    return out


def gen_tbl(calls, last):
    """The x86-64 table: the Rust calls and their C twins."""
    out = tbl_header(
        "rsys: the x86-64 entries of the system calls implemented in Rust",
        "(kernel/rsys/), numbered from RSYS_NR_FIRST (<linux/rsys.h>). The",
        "build appends them to syscall_64.tbl, whose numbers they follow, for",
        "the dispatch table only: their __NR_ numbers are in unistd_rsys.h.",
    )
    for c in calls:
        if c.kind == "twin" and not any(o.kind == "twin" for o in out_calls(out, calls)):
            out.append("# C twins of the Rust calls, for benchmarks (CONFIG_RUST_SYSCALLS_SELFTEST)")
        name = c.name
        col = 16 + len(name)
        tabs = max(1, (40 - col + 7) // 8)
        out.append(f"{c.nr}\tcommon\t{name}{chr(9) * tabs}sys_{name}")
    if all(c.nr != last for c in calls):
        out += tbl_end(last, "common")
    return "\n".join(out) + "\n"


def gen_tbl32(calls, last):
    """The i386 table: the Rust calls with their compat entry points, at the
    same numbers as in the x86-64 table. The C twins are benchmarks of the
    64-bit path only."""
    out = tbl_header(
        "rsys: the i386 entries of the system calls implemented in Rust",
        "(kernel/rsys/), at the same numbers as in syscall_64_rsys.tbl. The build",
        "appends them to syscall_32.tbl, whose numbers they follow, for the",
        "dispatch table only: their __NR_ numbers are in unistd_rsys.h.",
    )
    for c in calls:
        if not c.rust:
            continue
        name = c.name
        tabs = max(1, (40 - (16 + len(name)) + 7) // 8)
        native = f"sys_{name}"
        tabs2 = max(1, (72 - (40 + len(native)) + 7) // 8)
        out.append(f"{c.nr}\ti386\t{name}{chr(9) * tabs}{native}{chr(9) * tabs2}compat_sys_{name}")
    if all(c.nr != last for c in calls if c.rust):
        out += tbl_end(last, "i386")
    return "\n".join(out) + "\n"


def nr_define(c):
    """A call's __NR_ line, its number aligned at column 32."""
    return f"#define __NR_{c.name}{chr(9) * max(1, (32 - len('#define __NR_' + c.name) + 7) // 8)}{c.nr}"


def gen_unistd_rsys_h(calls):
    """<asm/unistd_rsys.h>: the calls' numbers, for user space only."""
    out = c_header("GPL-2.0 WITH Linux-syscall-note", [
        "The numbers of the rsys system calls (<linux/rsys.h>), which",
        "<asm/unistd.h> includes for user space: i386 and x86-64 callers use the",
        "same numbers, x32 callers none. The kernel's own tables have them",
        "through syscall_64_rsys.tbl and syscall_32_rsys.tbl; they are not in",
        "<asm/unistd_64.h>, so that adding a call does not change a header that",
        "nearly every object of the kernel includes.",
    ], "_UAPI_ASM_X86_UNISTD_RSYS_H")

    out += [nr_define(c) for c in calls if c.rust]
    twins = [c for c in calls if not c.rust]
    if twins:
        out += ["", "/* C twins of the Rust calls, for benchmarks: x86-64 only */", "#ifdef __x86_64__"]
        out += [nr_define(c) for c in twins]
        out.append("#endif")
    if calls:
        out.append("")
    out.append("#endif /* _UAPI_ASM_X86_UNISTD_RSYS_H */")
    return "\n".join(out) + "\n"


def gen_arm64_table_h(calls):
    """arm64's <asm/syscall_table_rsys.h>: __SYSCALL() of each call, as
    <asm/syscall_table_64.h> has upstream's, for sys.c to include twice:
    once for the entry points' prototypes, once in sys_call_table."""
    out = [
        "/* SPDX-License-Identifier: GPL-2.0 */",
        "/*",
        " * rsys: the arm64 entries of the system calls implemented in Rust",
        " * (kernel/rsys/), numbered from RSYS_NR_FIRST (<linux/rsys.h>), for",
        " * sys_call_table only: their __NR_ numbers are in <asm/unistd_rsys.h>.",
        " * Included with different definitions of __SYSCALL(): no include guard.",
        GENERATED_C,
        " */",
    ]
    twins = False
    for c in calls:
        if not c.rust and not twins:
            out.append("/* C twins of the Rust calls, for benchmarks (CONFIG_RUST_SYSCALLS_SELFTEST) */")
            twins = True
        out.append(f"__SYSCALL({c.nr}, sys_{c.name})")
    return "\n".join(out) + "\n"


def gen_arm64_unistd_rsys_h(calls):
    """arm64's <asm/unistd_rsys.h>: the calls' numbers, for user space."""
    out = c_header("GPL-2.0 WITH Linux-syscall-note", [
        "The numbers of the rsys system calls (<linux/rsys.h>) for arm64 user",
        "space, which includes this header itself: <asm/unistd.h> has",
        "upstream's numbers only. The kernel's table has them through",
        "<asm/syscall_table_rsys.h>; they are not in <asm/unistd_64.h>, so that",
        "adding a call does not change a header that nearly every object of the",
        "kernel includes.",
    ], "_UAPI_ASM_ARM64_UNISTD_RSYS_H")
    out += [nr_define(c) for c in calls]
    if calls:
        out.append("")
    out.append("#endif /* _UAPI_ASM_ARM64_UNISTD_RSYS_H */")
    return "\n".join(out) + "\n"


def out_calls(lines, calls):
    names = {line.split("\t")[2] for line in lines if not line.startswith("#")}
    return [c for c in calls if c.name in names]


def c_params(c):
    return [a.c_param for a in c.args] or ["void"]


def gen_prototypes(calls):
    """kernel/rsys/syscalls.h: the prototypes of the calls' entry points."""
    structs = sorted({a.struct for c in calls for a in c.args if a.struct})
    out = c_header("GPL-2.0", [
        "The prototypes of the rsys system calls, as <linux/syscalls.h> and",
        "<linux/compat.h> have those of the others. They are here rather than",
        "there because nearly every object of the kernel includes those headers,",
        "so that adding a call would rebuild it all; only syscalls.c, which",
        "defines them, needs them. As there, architectures whose system call",
        "wrappers declare their own entry points do without them.",
    ], "_KERNEL_RSYS_SYSCALLS_H", ["linux/compat.h", "linux/linkage.h", "linux/types.h"])
    out.append("#ifndef CONFIG_ARCH_HAS_SYSCALL_WRAPPER")
    out += [f"struct {s};" for s in structs]
    for c in calls:
        head = f"asmlinkage long sys_{c.name}("
        out.append(wrap_call(head, c_params(c), ");", align_paren(head)))
    out.append("")
    out.append("#ifdef CONFIG_COMPAT")
    for c in calls:
        if not c.rust:
            continue
        head = f"asmlinkage long compat_sys_{c.name}("
        params = [a.compat_proto for a in c.args] or ["void"]
        out.append(wrap_call(head, params, ");", align_paren(head)))
    out += [
        "#endif /* CONFIG_COMPAT */",
        "#endif /* CONFIG_ARCH_HAS_SYSCALL_WRAPPER */",
        "",
        "#endif /* _KERNEL_RSYS_SYSCALLS_H */",
    ]
    return "\n".join(out) + "\n"


def gen_cond_syscalls_h(calls):
    out = [
        "/* SPDX-License-Identifier: GPL-2.0 */",
        "/*",
        " * The rsys system calls for kernel/sys_ni.c, which includes this: without",
        " * CONFIG_RUST_SYSCALLS (or the option a call needs) each is",
        " * sys_ni_syscall(), which returns -ENOSYS.",
        GENERATED_C,
        " */",
    ]
    for c in calls:
        out.append(f"COND_SYSCALL({c.name});")
        if c.rust:
            out.append(f"COND_SYSCALL_COMPAT({c.name});")
    return "\n".join(out) + "\n"


GENERATED_C = f" * {GENERATED_FROM}"


def c_wrappers(calls, define):
    """The C wrapper define(c) of each Rust call, a blank line before each,
    a call that needs an option (a test-only call, CONFIG_RUST_SYSCALLS_SELFTEST)
    under #ifdef of it."""
    out = []
    for c in calls:
        if not c.rust:
            continue
        out.append("")
        if c.config:
            out.append(f"#ifdef CONFIG_{c.config}")
        out += define(c)
        if c.config:
            out.append("#endif")
    return out


def gen_syscalls_c(calls):
    out = [
        "// SPDX-License-Identifier: GPL-2.0",
        "/*",
        " * Entry points of the rsys system calls.",
        GENERATED_C,
        " *",
        " * Each call is an ordinary SYSCALL_DEFINEn() listed in the system call",
        " * table, so it goes through the same entry path as any other system call:",
        " * seccomp, ptrace, audit and the syscall tracepoints all see it. The",
        " * wrapper only narrows the arguments to their C types and hands them to",
        " * the Rust implementation, whose return value (a result or -errno) is the",
        " * system call's.",
        " */",
        "#include <linux/compat.h>",
        "#include <linux/rsys.h>",
        "#include <linux/syscalls.h>",
        "#include <asm/unistd.h>",
        "",
        '#include "rust_syscalls.h"',
        '#include "syscalls.h"',
        "",
        "/*",
        " * Upstream's numbers stay below the rsys range, and the system call tables",
        " * span the whole range whichever calls exist (<asm/unistd.h>).",
        " */",
        "static_assert(__NR_syscalls <= RSYS_NR_FIRST);",
        "static_assert(NR_syscalls == RSYS_NR_LAST + 1);",
        "#ifdef CONFIG_IA32_EMULATION",
        "static_assert(__NR_ia32_syscalls <= RSYS_NR_FIRST);",
        "static_assert(IA32_NR_syscalls == RSYS_NR_LAST + 1);",
        "#endif",
    ]
    out += c_wrappers(calls, syscall_define)
    out += gen_compat_c(calls)
    return "\n".join(out) + "\n"


def syscall_define(c):
    """The SYSCALL_DEFINE wrapper of a Rust call."""
    items = [c.name] + [a.define_param for a in c.args]
    head = f"\treturn rust_sys_{c.name}("
    return [
        wrap_call(f"SYSCALL_DEFINE{len(c.args)}(", items, ")", "\t\t"),
        "{",
        wrap_call(head, [a.name for a in c.args], ");", align_paren(head)),
        "}",
    ]


def gen_compat_c(calls):
    """The COMPAT_SYSCALL_DEFINE wrappers of syscalls.c, for the i386 table."""
    out = [
        "",
        "#ifdef CONFIG_COMPAT",
        "/*",
        " * The entry points of 32-bit callers, through syscall_32_rsys.tbl. A",
        " * 64-bit argument comes in two registers. The result must fit the",
        " * caller's 32-bit long, or it would read as another number or as an",
        " * error: a larger one is -EOVERFLOW, as lseek() does. A call that changes",
        " * state checks its result against rsys::task::max_result() first, so",
        " * that it fails without effect.",
        " */",
        "static long rsys_compat_result(long ret)",
        "{",
        "\treturn ret > S32_MAX ? -EOVERFLOW : ret;",
        "}",
    ]
    out += c_wrappers(calls, compat_syscall_define)
    out.append("#endif /* CONFIG_COMPAT */")
    return out


def compat_syscall_define(c):
    """The COMPAT_SYSCALL_DEFINE wrapper of a Rust call: its result goes
    through rsys_compat_result(), through a local when the call is too long
    for one line."""
    items = [c.name] + [a.compat_param for a in c.args]
    out = [wrap_call(f"COMPAT_SYSCALL_DEFINE{c.compat_registers}(", items, ")", "\t\t       "), "{"]
    values = [a.compat_value for a in c.args]
    head = f"\treturn rsys_compat_result(rust_sys_{c.name}("
    line = wrap_call(head, values, "));", align_paren(head))
    if "\n" in line:
        head = f"\tlong ret = rust_sys_{c.name}("
        out += [wrap_call(head, values, ");", align_paren(head)), "", "\treturn rsys_compat_result(ret);"]
    else:
        out.append(line)
    return out + ["}"]


def gen_rust_syscalls_h(calls):
    structs = sorted({a.struct for c in calls if c.rust for a in c.args if a.struct})
    out = c_header("GPL-2.0", ["The Rust functions that the rsys system calls run (rust/samples)."],
                   "_KERNEL_RSYS_RUST_SYSCALLS_H", ["linux/compiler.h", "linux/types.h"])
    out += [
        "/* The number of rsys system calls in the system call table. */",
        f"#define RSYS_NR_SYSCALLS {len(calls)}",
        "",
    ]
    out += [f"struct {s};" for s in structs]
    if structs:
        out.append("")
    for c in calls:
        if c.rust:
            head = f"long rust_sys_{c.name}("
            out.append(wrap_call(head, c_params(c), ");", align_paren(head)))
    out += ["", "#endif /* _KERNEL_RSYS_RUST_SYSCALLS_H */"]
    return "\n".join(out) + "\n"


def gen_lib_rs(calls):
    out = [
        "// SPDX-License-Identifier: GPL-2.0",
        "",
        "//! The Rust system calls of rsys.",
        "//!",
        f"//! Generated from `kernel/rsys/syscalls.tbl` by `{SCRIPT}`.",
        "//! Each system call `<name>` is the function `<name>()` of the module",
        "//! `<name>`; `rust_sys_<name>()` below is its entry point, called by the",
        "//! `SYSCALL_DEFINE` wrapper in `kernel/rsys/syscalls.c` with the arguments",
        "//! of the table, and turns its [`rsys::Result`] into the return value.",
        "//! `include/uapi/linux/rsys.h` documents the interface for user space.",
        "",
        "#![no_std]",
        "// The calls are written in safe Rust: what needs unsafe belongs in the",
        "// rsys crate, behind a safe interface.",
        "#![deny(unsafe_code)]",
        "",
    ]
    for c in calls:
        if c.rust:
            if c.config:
                out.append(f"#[cfg(CONFIG_{c.config})]")
            out.append(f"mod {c.name};")
    out.append("")
    if any(a.pointer for c in calls if c.rust for a in c.args):
        out.append("use rsys::uaccess::UserPtr;")
    out += ["use core::ffi::c_long;", "use rsys::error::{syscall_return, SyscallValue};"]
    for c in calls:
        if not c.rust:
            continue
        names = ", ".join(a.name for a in c.args)
        out.append("")
        out.append(f"/// `{c.name}({names})`: see [`{c.name}::{c.name}`].")
        if c.config:
            out.append(f"#[cfg(CONFIG_{c.config})]")
        out.append("#[allow(unsafe_code)] // #[no_mangle]: the C wrapper calls it by name")
        out.append("#[no_mangle]")
        params = ", ".join(f"{a.name}: {a.rust_type}" for a in c.args)
        out.append(f"pub extern \"C\" fn rust_sys_{c.name}({params}) -> c_long {{")
        out.append(f"    syscall_return({c.name}::{c.name}({names}).and_then(SyscallValue::into_syscall_value))")
        out.append("}")
    return "\n".join(out) + "\n"


def syz_type(c, a, defines, sets):
    ann = a.annotations
    if a.pointer and a.ctype.startswith("const char ") and not ann.get("out"):
        return "ptr[in, string]"
    if a.pointer:
        direction = "out" if ann.get("out") else "in"
        return f"ptr[{direction}, array[int8]]"
    base = SCALARS[a.ctype][1]
    if "len" in ann:
        return f"len[{ann['len']}, {base}]"
    for kind in ("flags", "enum"):
        if kind in ann:
            prefix = ann[kind]
            if "|" in prefix:
                names = prefix.split("|")
                unknown = [n for n in names if n not in defines]
                if unknown:
                    raise TableError(f"{c.name}: {', '.join(unknown)} not defined in the uapi header")
            else:
                names = sorted((n for n in defines if prefix and n.startswith(prefix)),
                               key=lambda n: (defines[n], n))
            if not names:
                return f"const[0, {base}]"
            set_name = f"{c.name}_{a.name}"
            sets.append((set_name, names))
            return f"flags[{set_name}, {base}]"
    return base


def gen_syzkaller(calls, defines):
    # The test-only calls (a selftest that panics on purpose, the C twins)
    # are left out.
    calls = [c for c in calls if c.kind == "rust"]
    sets = []
    lines = []
    for c in calls:
        params = ", ".join(f"{a.name} {syz_type(c, a, defines, sets)}" for a in c.args)
        lines.append(f"{c.name}({params})")
    txt = [
        "# SPDX-License-Identifier: GPL-2.0",
        "# The rsys system calls, for syzkaller (sys/linux/). Generated from the",
        "# rsys system call table (kernel/rsys/syscalls.tbl) by gen-syscalls.py.",
        "",
        "include <uapi/linux/rsys.h>",
        "",
    ] + lines
    if sets:
        txt.append("")
        txt += [f"{name} = {', '.join(names)}" for name, names in sets]
    used = sorted({n for _, names in sets for n in names})
    const = ["# The values rsys.txt uses. Generated by gen-syscalls.py.", "arches = amd64"]
    const += [f"{n} = {defines[n]}" for n in used]
    const += [f"__NR_{c.name} = {c.nr}" for c in sorted(calls, key=lambda c: c.name)]
    return "\n".join(txt) + "\n", "\n".join(const) + "\n"

def comment_paragraphs(lines):
    """Comment lines (" * text") as paragraphs of joined text."""
    paragraphs, cur = [], []
    for line in lines:
        line = re.sub(r"^ \*( |$)", "", line)
        if line.strip():
            cur.append(line.strip())
        elif cur:
            paragraphs.append(" ".join(cur))
            cur = []
    if cur:
        paragraphs.append(" ".join(cur))
    return paragraphs


def uapi_comment(header_text, name):
    """The interface comment of call `name` in the uapi header: its
    prototype (one line), its paragraphs, and its errors, [(CODE, text)]
    from the "Errors:" list that ends it; None if it has no comment."""
    m = re.search(r"/\*\n \* long " + re.escape(name) + r"\((.*?)\);\n \*\n(.*?)\n \*/",
                  header_text, re.S)
    if not m:
        return None
    proto = re.sub(r"\s*\n \*\s*", " ", m.group(1)).strip()
    body, _, errors_text = m.group(2).partition("\n * Errors:\n")
    errors = []
    for line in errors_text.split("\n") if errors_text else []:
        line = re.sub(r"^ \*\s?", "", line)
        e = re.match(r"-(E[A-Z0-9]+)\s+(.*)", line)
        if e:
            errors.append([e.group(1), e.group(2).strip()])
        elif errors and line.strip():
            errors[-1][1] += " " + line.strip()
        else:
            raise TableError(f"{name}: a line of its Errors: list is not '-ECODE condition': {line!r}")
    return proto, comment_paragraphs(body.split("\n")), errors


def roff(text):
    """Text for a man page: backslashes and minus signs escaped, no line
    starting with a control character."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + l if l[:1] in (".", "'") else l) for l in text.split("\n"))


def header_notes(header_text):
    """The paragraphs of the uapi header's first comment, but its title."""
    m = re.search(r"/\*\n(.*?)\n \*/", header_text, re.S)
    return comment_paragraphs(m.group(1).split("\n"))[1:] if m else []


def gen_man(calls, header_text, defines):
    """One man2 page per Rust call: the synopsis, description and errors of
    its interface comment in the uapi header, with the errors every call
    can return; its number from the table."""
    version = "%d.%d" % (defines.get("RSYS_VERSION_MAJOR", 0), defines.get("RSYS_VERSION_MINOR", 0))
    names = [c.name for c in calls if c.rust]
    pages = {}
    for c in calls:
        if not c.rust:
            continue
        found = uapi_comment(header_text, c.name)
        if found is None:
            raise TableError(f"{c.name}: no interface comment '/* long {c.name}(...);' in the uapi header")
        proto, paragraphs, errors = found
        if not paragraphs:
            raise TableError(f"{c.name}: its interface comment has no description")
        params = [p.strip() for p in proto.split(",")] if proto.strip() not in ("", "void") else []
        # The synopsis: types in bold, names in italics, wrapped at 72
        # columns (80 with man's indent) under the first argument.
        head = f"long syscall(SYS_{c.name}, "
        lines, line, bold, width = [], [], head, len(head)
        for i, p in enumerate(params):
            m = re.fullmatch(r"(.*?[\s*])([A-Za-z_][A-Za-z0-9_]*)", p)
            if not m:
                raise TableError(f"{c.name}: cannot read parameter '{p}' of its interface comment")
            typ, arg = m.groups()
            if i and width + len(typ) + len(arg) + 2 > 72:
                lines.append(line + ['","'])
                line, bold, width = [], " " * len(head), len(head)
            line += [f'"{bold}{typ}"', arg]
            bold, width = ", ", width + len(typ) + len(arg) + 2
        lines.append(line + ['");"'])
        synopsis = ("\n".join(".BI " + " ".join(t) for t in lines) if params
                    else f".B long syscall(SYS_{c.name});")
        # NAME's line: the first sentence, or clause, of the description.
        summary = re.split(r"(?<=[.;:])\s", paragraphs[0])[0].rstrip(".;:")
        summary = re.sub(r"\s+\([^()]+\)", "", summary)
        if len(summary) > 70:
            summary = summary.split(", ")[0]
        if not re.match(r"[A-Z0-9_]{2,}\b", summary):
            summary = summary[0].lower() + summary[1:]
        # The errors every call can return.
        said = " ".join(f"{code} {text}" for code, text in errors)
        if any(a.name == "flags" for a in c.args) and not re.search(r"EINVAL flags\b", said):
            errors.append(["EINVAL", "flags has a bit that is not defined"])
        if any(a.pointer for a in c.args) and "EFAULT" not in said:
            errors.append(["EFAULT", "a pointer argument points to memory the caller cannot access"])
        needs = "CONFIG_RUST_SYSCALLS" + (f" or CONFIG_{c.config}" if c.config and c.config not in said else "")
        errors.append(["ENOSYS", f"the kernel was built without {needs}, or without the rsys series"])
        merged = {}
        for code, text in errors:
            merged.setdefault(code, []).append(text.rstrip("."))
        out = [
            '.\\" SPDX-License-Identifier: GPL-2.0',
            '.\\" Generated from the rsys system call table and <linux/rsys.h> by',
            '.\\" gen-syscalls.py (kernel/rsys/ in a tree): edit those, not this page.',
            f'.TH {c.name.upper()} 2 2026-01-01 "rsys {version}" "Linux Programmer\'s Manual"',
            ".SH NAME",
            f"{c.name} \\- {roff(summary)}",
            ".SH SYNOPSIS",
            ".nf",
            ".B #include <linux/rsys.h>",
            '.BR "#include <sys/syscall.h>" "      /* Definition of " SYS_* " constants */"',
            ".B #include <unistd.h>",
            ".PP",
            synopsis,
            ".fi",
            ".PP",
            ".IR Note :",
            "glibc provides no wrapper for",
            f".BR {c.name} (),",
            "necessitating the use of",
            ".BR syscall (2).",
            ".SH DESCRIPTION",
            "\n.PP\n".join(roff(p) for p in paragraphs),
            ".SH RETURN VALUE",
            "On success, the value described above is returned.",
            "On error, \\-1 is returned, and",
            ".I errno",
            "is set to indicate the error.",
            ".SH ERRORS",
        ]
        for code, texts in merged.items():
            out += [".TP", f".B {code}", roff("; or ".join(texts) + ".")]
        see = (["cachestat"] if c.name == "rsys_cachestat" else []) + [
            n for n in ("rsys_info",) if n in names and n != c.name]
        out += [
            ".SH VERSIONS",
            f"The rsys patch series adds this call: number {c.nr} on x86\\-64,",
            "and the same number for i386 processes.",
            f"It belongs to version {version} of the rsys interface",
            "(RSYS_VERSION_MAJOR.RSYS_VERSION_MINOR).",
            ".SH STANDARDS",
            "Linux with the rsys series; not in mainline Linux.",
            ".SH NOTES",
            "\n.PP\n".join(roff(p) for p in header_notes(header_text)),
            ".SH SEE ALSO",
            ".BR syscall (2)" + ("," if see else ""),
        ]
        out += [f".BR {n} (2)" + ("," if i + 1 < len(see) else "") for i, n in enumerate(see)]
        pages[f"{c.name}.2"] = "\n".join(out) + "\n"
    return pages


def rustfmt(text):
    """text as rustfmt formats it: Debian's rustfmt-web, as check-style runs."""
    tool = "/usr/bin/rustfmt" if os.access("/usr/bin/rustfmt", os.X_OK) else shutil.which("rustfmt")
    if not tool:
        raise TableError("rustfmt not found: install it with: apt-get install rustfmt-web")
    done = subprocess.run([tool, "--edition", "2021", "--emit", "stdout"], input=text,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise TableError(f"rustfmt failed on the generated lib.rs: {done.stderr.strip()}")
    return done.stdout


def generate_outputs(table, header, allow_empty, wanted=None):
    """The outputs, by name, from TABLE and UAPI_HEADER: all of them, or
    those of the names `wanted` (a tree's: no manual page, no syzkaller
    description, which need more of UAPI_HEADER than a build does)."""
    defines = read_defines(header)
    first, last = nr_range(defines, header)
    calls = read_table(table, (first, last), allow_empty)
    makers = {
        "syscall_64_rsys.tbl": lambda: gen_tbl(calls, last),
        "syscall_32_rsys.tbl": lambda: gen_tbl32(calls, last),
        "unistd_rsys.h": lambda: gen_unistd_rsys_h(calls),
        "syscall_table_rsys.h": lambda: gen_arm64_table_h(calls),
        "unistd_rsys_arm64.h": lambda: gen_arm64_unistd_rsys_h(calls),
        "syscalls.h": lambda: gen_prototypes(calls),
        "cond_syscalls.h": lambda: gen_cond_syscalls_h(calls),
        "syscalls.c": lambda: gen_syscalls_c(calls),
        "rust_syscalls.h": lambda: gen_rust_syscalls_h(calls),
        "lib.rs": lambda: rustfmt(gen_lib_rs(calls)),
    }
    outputs = {name: make() for name, make in makers.items() if wanted is None or name in wanted}
    if wanted is not None:
        return outputs
    try:
        outputs["rsys.txt"], outputs["rsys.txt.const"] = gen_syzkaller(calls, defines)
        with open(header, encoding="utf-8") as f:
            man = gen_man(calls, f.read(), defines)
    except TableError as e:
        raise TableError(f"{table}: {e}") from e
    outputs.update({f"man2/{name}": text for name, text in man.items()})
    return outputs


def write_tree(srctree):
    """The outputs the tree has, written again where their text changed (a
    new file, renamed over the old one, which may be a hard link to a
    pristine tree's)."""
    table = os.path.join(srctree, "kernel/rsys/syscalls.tbl")
    header = os.path.join(srctree, "include/uapi/linux/rsys.h")
    if not os.path.isfile(table):
        raise TableError(f"{table} not found: is {srctree} a kernel tree with the rsys series?")
    # The series' first patches have the table but no call yet.
    present = {name for name, path in TREE_PATHS.items()
               if os.path.isfile(os.path.join(srctree, path))}
    outputs = generate_outputs(table, header, True, present)
    for name in sorted(present, key=list(TREE_PATHS).index):
        full = os.path.join(srctree, TREE_PATHS[name])
        with open(full, encoding="utf-8") as f:
            if f.read() == outputs[name]:
                continue
        with open(full + ".tmp", "w", encoding="utf-8") as f:
            f.write(outputs[name])
        os.replace(full + ".tmp", full)
        print(f"  GEN     {TREE_PATHS[name]}")


def main(argv):
    if len(argv) == 3 and argv[1] in ("--range", "--tree"):
        try:
            if argv[1] == "--range":
                print("%d %d" % nr_range(read_defines(argv[2]), argv[2]))
            else:
                write_tree(argv[2])
        except (TableError, OSError) as e:
            print(f"gen-syscalls: {e}", file=sys.stderr)
            return 1
        return 0
    allow_empty = argv[1:2] == ["--allow-empty"]
    if allow_empty:
        argv = argv[:1] + argv[2:]
    if len(argv) != 4:
        print("usage: gen-syscalls.py [--allow-empty] TABLE UAPI_HEADER OUTDIR | --tree SRCTREE"
              " | --range UAPI_HEADER", file=sys.stderr)
        return 2
    table, header, outdir = argv[1:]
    try:
        outputs = generate_outputs(table, header, allow_empty)
    except (TableError, OSError) as e:
        print(f"gen-syscalls: {e}", file=sys.stderr)
        return 1
    os.makedirs(os.path.join(outdir, "man2"), exist_ok=True)
    for name, text in outputs.items():
        with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
