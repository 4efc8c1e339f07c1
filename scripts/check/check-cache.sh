#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that the build caches never hide a change: what changes a result
# misses the cache, and what does not still hits.
#
#   check-cache.sh OUT OUT_OTHER_PROFILE
#
# The C cases compile a file of their own with kbuild's own commands for
# kernel/sys.o and kernel/rsys/helpers.o, saved in each build directory,
# through ccache as the kit runs it (on PATH, in depend mode), in a ccache
# directory of their own. The core cases run scripts/build/rustc-core-cache.sh over a stand-in
# rustc that records each compile, so that a miss costs nothing; the kit's
# builds run it over the real one.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
usage="usage: check-cache.sh OUT OUT_OTHER_PROFILE"
out=$(cd "${1:?$usage}" && pwd)
out_other=$(cd "${2:?$usage}" && pwd)
. "$kit/scripts/check/ktap-result.sh"
# shellcheck source=scripts/check/saved-command.sh
. "$kit/scripts/check/saved-command.sh"

if ! command -v ccache > /dev/null || [ ! -x /usr/lib/ccache/gcc ]; then
	echo "ccache not found: install it with: apt-get install ccache" >&2
	exit 1
fi
for f in "$out/kernel/.sys.o.cmd" "$out/kernel/rsys/.helpers.o.cmd" \
	"$out_other/kernel/rsys/.helpers.o.cmd"; do
	if [ ! -f "$f" ]; then
		echo "$f not found: build that directory's kernel (or kit objects) first" >&2
		exit 1
	fi
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin" "$scratch/src"

# kbuild's command for the object KOBJ (kernel/sys) in DIR, objtool's after
# it left out, on SRC instead, into OBJ.
c_command() {
	local dir=$1 kobj=$2 src=$3 obj=$4 cmd
	cmd=$(saved_command "$dir" "$kobj.o")
	cmd=${cmd%%;*}
	cmd=${cmd//-Wp,-MMD,$(dirname "$kobj")\/.$(basename "$kobj").o.d/-Wp,-MMD,$obj.d}
	cmd=${cmd//-o $kobj.o/-o $obj}
	cmd=${cmd%/"$kobj".c*}
	echo "${cmd% *} $src"
}
# Compiles SRC with the command of KOBJ in DIR through ccache: prints "hit"
# or "miss".
hits() {
	CCACHE_DIR=$scratch/ccache ccache --print-stats |
		awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { h += $2 } END { print h + 0 }'
}
ccache_compile() {
	local dir=$1 kobj=$2 src=$3 obj=$4 before
	before=$(hits)
	(cd "$dir" && eval "PATH=/usr/lib/ccache:$scratch/bin:\$PATH CCACHE_DIR=$scratch/ccache $(c_command "$dir" "$kobj" "$src" "$obj")") ||
		return 1
	if [ "$(hits)" -gt "$before" ]; then echo hit; else echo miss; fi
}

src=$scratch/src/probe.c
header=$scratch/src/probe.h
write_c() {
	printf '#include "probe.h"\nint rsys_cache_probe(void);\nint rsys_cache_probe(void)\n{\n\treturn PROBE + %s;\n}\n' "$1" > "$src"
}
# expect NAME WANT GOT: one case.
expect() {
	if [ "$3" = "$2" ]; then result "$1" ok; else result "$1" fail "a $3, not a $2"; fi
}

plan 12
export CCACHE_DEPEND=1
echo '#define PROBE 1' > "$header"
write_c 1
ccache_compile "$out" kernel/sys "$src" "$scratch/a.o" > /dev/null
got=$(ccache_compile "$out" kernel/sys "$src" "$scratch/b.o")
if [ "$got" = hit ] && ! cmp -s "$scratch/a.o" "$scratch/b.o"; then got="hit with another object"; fi
expect "ccache_the_same_c_hits" hit "$got"
write_c 2
expect "ccache_a_changed_c_file_misses" miss "$(ccache_compile "$out" kernel/sys "$src" "$scratch/c.o")"
echo '#define PROBE 2' > "$header"
expect "ccache_a_changed_header_misses" miss "$(ccache_compile "$out" kernel/sys "$src" "$scratch/d.o")"
# Another configuration: OUT with one more option in its autoconf.h, which
# every object reads (-include kconfig.h).
config=$scratch/config
mkdir -p "$config/include/generated"
ln -s "$out/arch" "$out/kernel" "$config/"
for f in "$out"/include/* "$out"/include/generated/*; do
	[ -e "$config/${f#"$out"/}" ] || ln -s "$f" "$config/${f#"$out"/}"
done
rm "$config/include/generated/autoconf.h"
{ cat "$out/include/generated/autoconf.h"; echo '#define CONFIG_RSYS_CACHE_PROBE 1'; } > \
	"$config/include/generated/autoconf.h"
expect "ccache_another_config_misses" miss "$(ccache_compile "$config" kernel/sys "$src" "$scratch/e.o")"
ccache_compile "$out" kernel/rsys/helpers "$src" "$scratch/f.o" > /dev/null
expect "ccache_another_profile_misses" miss \
	"$(ccache_compile "$out_other" kernel/rsys/helpers "$src" "$scratch/g.o")"
# Another gcc first on PATH, as after an upgrade (ccache's compiler_check
# sees its size and time).
printf '#!/bin/sh\nexec /usr/bin/gcc "$@"\n' > "$scratch/bin/gcc"
chmod +x "$scratch/bin/gcc"
expect "ccache_another_compiler_misses" miss "$(ccache_compile "$out" kernel/sys "$src" "$scratch/h.o")"
rm -f "$scratch/bin/gcc"

# The core cache, over a stand-in rustc: RELEASE is its -vV, each compile
# appends a line to compiles and writes outputs made of its inputs.
cat > "$scratch/bin/rustc" << 'EOF'
#!/bin/sh
case "$1" in
-vV) echo "rustc stand-in"; echo "release: ${RELEASE:-1}"; exit 0 ;;
--print) echo "$SYSROOT"; exit 0 ;;
esac
echo compiled >> "$COMPILES"
for a; do
	case $a in
	--emit=link=*) link=${a#--emit=link=} ;;
	--emit=dep-info=*) dep=${a#--emit=dep-info=} ;;
	esac
	input=$a
done
{ echo "$@"; cat "$input" "${input%/*}/other.rs"; } > "$link"
printf '%s: %s %s\n\n%s:\n%s:\n' "$link" "$input" "${input%/*}/other.rs" "$input" "${input%/*}/other.rs" > "$dep"
EOF
chmod +x "$scratch/bin/rustc"
export SYSROOT=$scratch/sysroot COMPILES=$scratch/compiles RSYS_CORE_CACHE=$scratch/core-cache
mkdir -p "$SYSROOT/lib" "$scratch/core" "$scratch/d1" "$scratch/d2"
echo 'pub fn f() {}' > "$scratch/core/lib.rs"
echo 'pub fn g() {}' > "$scratch/core/other.rs"
echo '{"llvm-target": "x86_64-unknown-none"}' > "$scratch/target.json"
: > "$COMPILES"
# rustc_core DIR [FLAG...]: kbuild's command for core, into DIR; prints
# "miss" when the stand-in compiled, "hit" when it did not.
rustc_core() {
	local dir=$1 before
	shift
	before=$(wc -l < "$COMPILES")
	"$kit/scripts/build/rustc-core-cache.sh" "$scratch/bin/rustc" --target="$scratch/target.json" \
		"$@" --crate-type rlib --crate-name core --emit=dep-info="$dir/.libcore.rlib.d" \
		--emit=link="$dir/libcore.rlib" "$scratch/core/lib.rs" || return 1
	if [ "$(wc -l < "$COMPILES")" -gt "$before" ]; then echo miss; else echo hit; fi
}

rustc_core "$scratch/d1" -Copt-level=2 > /dev/null
got=$(rustc_core "$scratch/d2" -Copt-level=2)
if [ "$got" = hit ] && ! { cmp -s "$scratch/d1/libcore.rlib" "$scratch/d2/libcore.rlib" &&
	grep -q "^$scratch/d2/libcore.rlib: " "$scratch/d2/.libcore.rlib.d"; }; then
	got="hit with other outputs"
fi
expect "core_another_build_directory_hits" hit "$got"
expect "core_other_flags_miss" miss "$(rustc_core "$scratch/d2" -Copt-level=2 -Cforce-frame-pointers=y)"
echo '{"llvm-target": "x86_64-unknown-none", "features": "+retpoline"}' > "$scratch/target.json"
expect "core_another_target_specification_misses" miss "$(rustc_core "$scratch/d2" -Copt-level=2)"
expect "core_another_rustc_misses" miss "$(RELEASE=2 rustc_core "$scratch/d2" -Copt-level=2)"
echo 'pub fn g() { let _ = 1; }' > "$scratch/core/other.rs"
expect "core_a_changed_source_file_misses" miss "$(rustc_core "$scratch/d2" -Copt-level=2)"
# Not core, or no cache: compiled as asked, every time.
before=$(wc -l < "$COMPILES")
"$kit/scripts/build/rustc-core-cache.sh" "$scratch/bin/rustc" --crate-name rsys \
	--emit=dep-info="$scratch/d1/.librsys.rlib.d" --emit=link="$scratch/d1/librsys.rlib" "$scratch/core/lib.rs"
RSYS_CORE_CACHE=/proc/no-cache rustc_core "$scratch/d1" -Copt-level=2 > /dev/null
if [ "$(wc -l < "$COMPILES")" -eq $((before + 2)) ]; then
	result "core_cache_leaves_other_crates_and_no_cache_alone" ok
else
	result "core_cache_leaves_other_crates_and_no_cache_alone" fail "$(($(wc -l < "$COMPILES") - before)) compiles, not 2"
fi
results
