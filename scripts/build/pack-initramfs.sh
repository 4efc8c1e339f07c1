#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Packs a static program as /init of an initramfs, with the /dev/console
# node init needs for its output, and the programs it runs in /rsys:
#
#   pack-initramfs.sh OUT INIT INITRAMFS [PROGRAM...]
#
# Uses OUT's usr/gen_init_cpio (built with the kernel), which needs no root
# to make device nodes.
set -euo pipefail

usage="usage: pack-initramfs.sh OUT INIT INITRAMFS [PROGRAM...]"
out=${1:?$usage}
init=$(cd "$(dirname "${2:?$usage}")" && pwd)/$(basename "$2")
initramfs=${3:?$usage}
shift 3

list=$(mktemp)
trap 'rm -f "$list"' EXIT
cat > "$list" <<EOL
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /rsys 0755 0 0
file /init $init 0755 0 0
EOL
for program in "$@"; do
	echo "file /rsys/$(basename "$program") $(cd "$(dirname "$program")" && pwd)/$(basename "$program") 0755 0 0"
done >> "$list"
"$out/usr/gen_init_cpio" "$list" | gzip -n > "$initramfs"
