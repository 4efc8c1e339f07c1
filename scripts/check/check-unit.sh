#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the unit tests of the rsys support crate on the build machine:
#
#   check-unit.sh OUT
#
# The crate is built with the host's std (rustc --test --cfg rsys_host,
# where rust/rsys/host.rs stands in for the C functions it calls) and the
# bindings that bindgen generated for the kernel build in OUT. Prints
# libtest's report, then "N passed, N failed".
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
out=$(cd "${1:?usage: check-unit.sh OUT}" && pwd)
generated=$out/kernel/rsys
if [ ! -f "$generated/bindings_generated.rs" ]; then
	echo "no $generated/bindings_generated.rs: build the kernel first (make kernel)" >&2
	exit 1
fi

# Debian's rustc, whose std the host tests link against.
rustc=/usr/bin/rustc
[ -x "$rustc" ] || { echo "$rustc not found: install it with: apt-get install rustc-web" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export RSYS_GENERATED_DIR=$generated
"$rustc" --edition=2021 --crate-type rlib --cap-lints=allow \
	--crate-name rsys_bindings -o "$tmp/librsys_bindings.rlib" \
	"$kit/rust/bindings/lib.rs"
"$rustc" --test --edition=2021 --cfg rsys_host \
	-Coverflow-checks=y -Dwarnings --crate-name rsys -o "$tmp/rsys-tests" \
	--extern rsys_bindings="$tmp/librsys_bindings.rlib" "$kit/rust/rsys/lib.rs"

status=0
"$tmp/rsys-tests" 2>&1 | tee "$tmp/report" || status=$?
read -r passed failed < <(sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$tmp/report" | tail -n 1)
if [ -z "${passed:-}" ]; then
	passed=0 failed=1
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
