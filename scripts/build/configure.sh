#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Writes the kernel configuration of a build directory:
#
#   configure.sh TREE OUT PROFILE MODE [MAKE_ARGS...]
#
# ARCH's tinyconfig (x86_64 by default, or arm64: scripts/build/arch.sh),
# plus configs/base.config and configs/PROFILE.config (a PROFILE of the
# form A+B merges configs/A.config and configs/B.config), each followed by
# its ARCH's additions, configs/ARCH/NAME.config, where there is one, plus
# for MODE "on" or "off" configs/rsys-MODE.config ("stock" adds nothing: the
# unpatched kernel). Every option the fragments ask for must end up in
# .config as asked, but for options the tree's Kconfig does not define (the
# other version's name of a renamed option). MAKE_ARGS (RUSTC=, BINDGEN=)
# reach Kconfig, whose tests of the toolchain read them.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/build/arch.sh
. "$kit/scripts/build/arch.sh"
tree=${1:?usage: configure.sh TREE OUT PROFILE MODE}
out=${2:?usage: configure.sh TREE OUT PROFILE MODE}
profile=${3:?usage: configure.sh TREE OUT PROFILE MODE}
mode=${4:?usage: configure.sh TREE OUT PROFILE MODE}
shift 4

fragments=()
# A fragment, and its ARCH's additions.
add_fragment() {
	fragments+=("$kit/configs/$1.config")
	[ ! -f "$kit/configs/$ARCH/$1.config" ] || fragments+=("$kit/configs/$ARCH/$1.config")
}
add_fragment base
IFS=+ read -ra parts <<< "$profile"
for part in "${parts[@]}" ""; do
	if [ -z "$part" ]; then
		[ ${#parts[@]} -gt 0 ] && break
	elif [[ $part != base && $part != rsys-* ]] && [ -f "$kit/configs/$part.config" ]; then
		add_fragment "$part"
		continue
	fi
	profiles=()
	for f in "$kit"/configs/*.config; do
		f=$(basename "$f" .config)
		[[ $f == base || $f == rsys-* ]] || profiles+=("$f")
	done
	echo "unknown profile '$profile': the profiles are ${profiles[*]}, or several joined by +" >&2
	exit 1
done
case $mode in
on | off) fragments+=("$kit/configs/rsys-$mode.config") ;;
stock) ;;
*)
	echo "unknown mode '$mode': use on, off or stock" >&2
	exit 1
	;;
esac

# Reconfigure only when a fragment or the tree changed, so that an
# unchanged .config keeps its timestamp.
stamp_files=("${fragments[@]}")
for f in "$tree/.rsys-series" "$tree/.rsys-unpacked"; do
	[ ! -f "$f" ] || stamp_files+=("$f")
done
stamp="$({ cat "${stamp_files[@]}"; [ $# -eq 0 ] || echo "$*"; } | sha256sum)"
if [ -f "$out/.config" ] && [ -f "$out/.rsys-config" ] && [ "$(cat "$out/.rsys-config")" = "$stamp" ]; then
	exit 0
fi

start=$(date +%s)
mkdir -p "$out"
out=$(cd "$out" && pwd)
# kbuild compares .config's timestamp, not its text: a configuration made
# again the same keeps the old one, and the next build relinks nothing.
previous=$out/.config.rsys-previous
rm -f "$previous"
[ ! -f "$out/.config" ] || cp -p "$out/.config" "$previous"
# tinyconfig is allnoconfig with tiny-base.config, then tiny.config's
# fragments merged and olddefconfig. The kit's fragments are merged with
# tiny.config's, which saves a Kconfig run (a third of the time: each
# evaluates the toolchain tests again). For the profiles there are, on
# every tree, it gives the same .config as tinyconfig then the fragments;
# a fragment that turns off an option of tiny.config leaves what that
# option hid as allnoconfig set it, not at its default.
KCONFIG_ALLCONFIG=kernel/configs/tiny-base.config make -s -C "$tree" O="$out" "$@" allnoconfig > /dev/null
tiny=()
for f in kernel/configs/tiny.config "arch/${ARCH/x86_64/x86}/configs/tiny.config"; do
	[ ! -f "$tree/$f" ] || tiny+=("$f")
done
(cd "$tree" && scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" "${tiny[@]}" "${fragments[@]}") > /dev/null
make -s -C "$tree" O="$out" "$@" olddefconfig > /dev/null

# merge_config only warns when Kconfig drops an option (unmet dependency).
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) want=$line ;;
	"# CONFIG_"*" is not set") want=$line ;;
	*) continue ;;
	esac
	option=${want#\# }
	option=${option%% *}
	option=${option%%=*}
	if ! grep -qxF -- "$want" "$out/.config"; then
		if ! grep -qE "^(# )?${option}[= ]" "$out/.config" &&
			! grep -rqsE --include='Kconfig*' "^(menu)?config ${option#CONFIG_}\$" "$tree"; then
			continue
		fi
		echo "$out/.config: '$want' did not stick (got: $(grep -E "^(# )?${option}[= ]" "$out/.config" || echo unset))" >&2
		# Kconfig offers the option only with a usable toolchain: say why.
		if [ "$option" = CONFIG_RUST_SYSCALLS ] &&
			! grep -qx CONFIG_RUST_SYSCALLS_TOOLCHAIN=y "$out/.config"; then
			for finder in "find-rustc.sh ${RSYS_RUSTC:-}" "find-bindgen.sh ${RSYS_BINDGEN:-}"; do
				read -r script choice <<< "$finder"
				[ -f "$tree/kernel/rsys/$script" ] || continue
				# shellcheck disable=SC2086 # no choice: no argument
				msg=$(sh "$tree/kernel/rsys/$script" $choice) || echo "$msg" >&2
			done
		fi
		if [ "$option" = CONFIG_RUST ]; then
			echo "Rust-for-Linux's toolchain check says:" >&2
			make -s -C "$tree" O="$out" "$@" rustavailable >&2 || true
		fi
		missing=1
	fi
done < <(cat "${fragments[@]}")
[ $missing -eq 0 ] || exit 1

if [ -f "$previous" ] && cmp -s "$previous" "$out/.config"; then
	touch -r "$previous" "$out/.config"
fi
rm -f "$previous"
echo "$stamp" > "$out/.rsys-config"
echo "configured $out ($profile, rsys $mode)"
echo "rsys-time: configure $(($(date +%s) - start)) s"
