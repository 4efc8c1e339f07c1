#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs the Debian packages the kit needs that are not installed yet:
#
#   install-deps.sh KVER
#
# With ARCH=arm64 (scripts/build/arch.sh), also the cross toolchain of its
# user space programs and the arm64 system emulator.
#
# apt-get runs as root, through sudo otherwise; without either, prints the
# command to run and fails.
set -euo pipefail

kver=${1:?usage: install-deps.sh KVER}
# Nothing to install for a kernel the series does not support; the source of
# one from another suite is fetched by get-kernel.sh, not installed.
suite=$("$(dirname "$0")/kernel-suite.sh" "$kver")
kernel_source=()
# Debian's configuration of the kernel is for make check-distro.
[ "$suite" != system ] || kernel_source=("linux-source-$kver" "linux-config-$kver")

# The kernel's LLVM variable: LLVM=1 takes clang, lld and llvm's tools by
# their plain names, LLVM=-14 by versioned ones, LLVM=/some/dir/ from there.
llvm=()
case ${LLVM:-} in
"" | */) ;;
-*) llvm=("clang$LLVM" "lld$LLVM" "llvm$LLVM") ;;
*) llvm=(clang lld llvm) ;;
esac

# shellcheck source=scripts/build/arch.sh
. "$(dirname "$0")/../build/arch.sh"
target=(qemu-system-x86)
[ "$ARCH" != arm64 ] || target=(qemu-system-arm)
[ -z "${user_prefix:-}" ] || target+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)

packages=(
	# kernel build, and the cache of its C objects
	gcc make flex bison bc cpio xz-utils libelf-dev libssl-dev "${llvm[@]}" ccache
	# the series (git format-patch makes it, git am applies it) and the
	# kernel source
	quilt git rsync "${kernel_source[@]}"
	# Rust: a rustc with the sources of its own core library, and the
	# formatter and linter of the same release
	rustc-web rust-web-src rustfmt-web rust-web-clippy
	# the kernel's C API for the Rust side
	bindgen libclang-14-dev
	# the test harness and the VM (and its disk's file system); the i386
	# libraries of gcc-12-multilib, not the gcc-multilib package, which
	# conflicts with every cross compiler
	libc6-dev gcc-12-multilib "${target[@]}" e2fsprogs
	# style checks, the man pages' check and the benchmark report
	shellcheck perl python3 groff-base man-db
)

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	as_root=()
elif command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
	as_root=(sudo)
else
	echo "missing packages: ${missing[*]}; install them with: sudo apt-get update && sudo apt-get install ${missing[*]}" >&2
	exit 1
fi

echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
if ! "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
	echo "apt-get could not install ${missing[*]}: check the apt sources (Debian 12 'bookworm' with its security suite has them all)" >&2
	exit 1
fi
