# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the checks that run one of kbuild's commands again:
#
#   saved_command OUT TARGET
#
# prints the command kbuild saved for TARGET (a path relative to the build
# directory OUT) in its .cmd file, with the $$ kbuild writes for make turned
# back into $.

saved_command() {
	local cmd
	cmd=$(sed -n "s|^savedcmd_$2 := ||p" "$1/$(dirname "$2")/.$(basename "$2").cmd")
	printf '%s\n' "${cmd//\$\$/\$}"
}
