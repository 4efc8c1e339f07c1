#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes bench.json and bench.svg from what bench.sh measured, and prints
a table with each figure against its goal.

    bench-report.py RESULTS < key=value lines

The key=value lines name the measurements; icount= and tcg= name the files
of sysc-test's "# bench:" lines (NAME IMPL min=N median=N max=N).
"""
import json
import sys
from xml.sax.saxutils import escape


def read_bench(path):
    """{name: {impl: {"min": n, "median": n, "max": n}}} from a bench file."""
    runs = {}
    with open(path) as f:
        for line in f:
            name, impl, *stats = line.split()
            runs.setdefault(name, {})[impl] = {
                k: int(v) for k, v in (s.split("=") for s in stats)}
    return runs


def bar_chart(syscalls, caption):
    """An SVG of grouped bars: instructions per call, Rust vs C vs getppid."""
    series = [("rust_insns", "Rust", "#b7410e"), ("c_insns", "C", "#4a6fa5"),
              ("getppid_insns", "getppid()", "#999999")]
    top = max(s[k] for s in syscalls for k, _, _ in series)
    width, height, left, bottom, bar = 640, 340, 60, 270, 36
    group = bar * len(series) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
           f'height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14">Instructions per system '
           f'call (QEMU -icount shift=0)</text>',
           f'<text x="{left}" y="38" fill="#555">{escape(caption)}</text>']
    scale = (bottom - 60) / top
    for i in range(5):
        v = top * i / 4
        y = bottom - v * scale
        out.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.0f}" '
                   f'y2="{y:.0f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.0f}" '
                   f'text-anchor="end">{v:.0f}</text>')
    for g, s in enumerate(syscalls):
        x0 = left + 20 + g * group
        for j, (key, _, colour) in enumerate(series):
            h = s[key] * scale
            x = x0 + j * bar
            out.append(f'<rect x="{x}" y="{bottom - h:.0f}" width="{bar - 4}" '
                       f'height="{h:.0f}" fill="{colour}"/>')
            out.append(f'<text x="{x + (bar - 4) / 2}" y="{bottom - h - 4:.0f}" '
                       f'text-anchor="middle" font-size="10">{s[key]}</text>')
        out.append(f'<text x="{x0 + group / 2 - 15}" y="{bottom + 18}" '
                   f'text-anchor="middle">{escape(s["name"])}</text>')
    for j, (_, label, colour) in enumerate(series):
        x = left + j * 110
        out.append(f'<rect x="{x}" y="{height - 28}" width="12" height="12" '
                   f'fill="{colour}"/>')
        out.append(f'<text x="{x + 18}" y="{height - 18}">{label}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    results = sys.argv[1]
    v = dict(line.rstrip("\n").split("=", 1) for line in sys.stdin if "=" in line)
    icount, tcg = read_bench(v["icount"]), read_bench(v["tcg"])
    syscalls = []
    for name in icount:
        syscalls.append({
            "name": name,
            "rust_insns": icount[name]["rust"]["median"],
            "c_insns": icount[name]["c"]["median"],
            "getppid_insns": icount[name]["getppid"]["median"],
            "rust_ns": tcg[name]["rust"],
            "c_ns": tcg[name]["c"],
            "getppid_ns": tcg[name]["getppid"],
        })
    num = {k: float(v[k]) for k in ("stock_cold_s", "kit_cold_s",
                                    "kit_cold_core_cached_s", "core_s",
                                    "noop_stock_s", "noop_s", "rust_edit_s",
                                    "c_edit_s")}
    report = {
        "kernel": v["kernel"],
        "profile": v["profile"],
        "arch": v["arch"],
        "machine": v["machine"],
        "date": v["date"],
        "rustc_version": int(v["rustc"]),
        "syscalls": syscalls,
        "rust_text_bytes": int(v["rust_text_bytes"]),
        "rust_data_bytes": int(v["rust_data_bytes"]),
        "core_text_bytes": int(v["core_text_bytes"]),
        "vmlinux_delta": {"text": int(v["delta_text"]),
                          "data": int(v["delta_data"]),
                          "bss": int(v["delta_bss"])},
        "build": dict(num, noop_rust_rebuilt=int(v["noop_rust_rebuilt"])),
    }
    with open(f"{results}/bench.json", "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    caption = f'{v["kernel"]} {v["arch"]} {v["profile"]}, {v["machine"]}, {v["date"]}'
    with open(f"{results}/bench.svg", "w") as f:
        f.write(bar_chart(syscalls, caption))

    def verdict(ok):
        return "ok" if ok else "MISS"

    print(f"rsys benchmarks: {caption}")
    print(f"{'call':20} {'Rust ins':>9} {'C ins':>7} {'ratio':>6} "
          f"{'getppid':>8} {'Rust ns':>8} {'C ns':>6} {'ratio':>6}  goals")
    for s in syscalls:
        ri = s["rust_insns"] / s["c_insns"]
        rt = s["rust_ns"]["median"] / s["c_ns"]["median"]
        print(f'{s["name"]:20} {s["rust_insns"]:>9} {s["c_insns"]:>7} '
              f'{ri:>6.2f} {s["getppid_insns"]:>8} {s["rust_ns"]["median"]:>8} '
              f'{s["c_ns"]["median"]:>6} {rt:>6.2f}  '
              f'insns<=1.00 {verdict(ri <= 1.0)}, time<=1.05 {verdict(rt <= 1.05)}')
    rt_b = report["rust_text_bytes"]
    d = report["vmlinux_delta"]
    print(f"Rust text in vmlinux: {rt_b} bytes (core alone: "
          f'{report["core_text_bytes"]}), goal <= 16384: {verdict(rt_b <= 16384)}')
    print(f'vmlinux, on vs off: text {d["text"]:+}, data {d["data"]:+}, '
          f'bss {d["bss"]:+} bytes (sums of symbol sizes)')
    b = report["build"]
    ratio = b["kit_cold_s"] / b["stock_cold_s"]
    cached = b["kit_cold_core_cached_s"] / b["stock_cold_s"]
    print(f'cold build (no ccache): stock {b["stock_cold_s"]} s, kit '
          f'{b["kit_cold_s"]} s, ratio {ratio:.2f}; kit with core from its '
          f'cache {b["kit_cold_core_cached_s"]} s, ratio {cached:.2f}, goal '
          f'<= 1.05: {verdict(cached <= 1.05)}')
    print(f'core alone {b["core_s"]} s; no-op make: stock {b["noop_stock_s"]} s, '
          f'kit {b["noop_s"]} s ({b["noop_rust_rebuilt"]} Rust crates rebuilt), '
          f'goal <= 2 s and 0: '
          f'{verdict(b["noop_s"] <= 2 and b["noop_rust_rebuilt"] == 0)}')
    print(f'Rust edit -> bzImage {b["rust_edit_s"]} s, goal <= 10 s: '
          f'{verdict(b["rust_edit_s"] <= 10)}; C edit -> bzImage '
          f'{b["c_edit_s"]} s')
    print(f"wrote {results}/bench.json and {results}/bench.svg")


if __name__ == "__main__":
    main()
