# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # the sourcing script uses the names
#
# The target architecture, for the kit's scripts (sourced): ARCH, kbuild's
# variable, from the environment (x86_64 if unset; x86 and aarch64 are
# taken as their kbuild names), and what differs with it:
#
#   ARCH            x86_64 or arm64, exported for kbuild
#   CROSS_COMPILE   exported: aarch64-linux-gnu- for arm64 on another host,
#                   unless LLVM is set (clang and lld cross-compile alone)
#   kernel_image    the bootable image, relative to the build directory
#   cc              gcc for the target's user space programs (static)
#   qemu, qemu_package   the system emulator, and its Debian package

case ${ARCH:-x86_64} in
x86_64 | x86)
	ARCH=x86_64
	kernel_image=arch/x86/boot/bzImage
	qemu="qemu-system-x86_64"
	qemu_package="qemu-system-x86"
	;;
arm64 | aarch64)
	ARCH=arm64
	kernel_image=arch/arm64/boot/Image
	qemu="qemu-system-aarch64"
	qemu_package="qemu-system-arm"
	if [ "$(uname -m)" != aarch64 ]; then
		user_prefix=aarch64-linux-gnu-
		[ -n "${LLVM:-}" ] || CROSS_COMPILE=${CROSS_COMPILE:-$user_prefix}
	fi
	;;
*)
	echo "ARCH=$ARCH is not supported: use ARCH=x86_64 or ARCH=arm64" >&2
	exit 1
	;;
esac
cc=${user_prefix:-}gcc
export ARCH
[ -z "${CROSS_COMPILE:-}" ] || export CROSS_COMPILE
