#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks the bindgen rules of kernel/rsys/Makefile on a built tree:
#
#   check-bindgen.sh OUT
#
# The commands kbuild saved in OUT (.*.cmd) are run again on inputs made for
# the purpose: a uapi struct with padding must fail the build in one line
# and leave no bindings behind; one without padding must keep its layout;
# and a helper whose C prototype changes must fail the Rust build with
# rustc's error at the Rust line that calls it. Last, the calls' crate must
# refuse unsafe code: what needs it belongs in rsys, behind a safe wrapper.
set -euo pipefail

kit=$(cd "$(dirname "$0")/../.." && pwd)
out=$(cd "${1:?usage: check-bindgen.sh OUT}" && pwd)
generated=$out/kernel/rsys
for f in uapi_generated.rs bindings_helpers_generated.rs bindings_generated.rs; do
	if [ ! -f "$generated/.$f.cmd" ]; then
		echo "no $generated/.$f.cmd: build the kernel first (make kernel)" >&2
		exit 1
	fi
done
tree=$(sed -n 's/^savedcmd_[^ ]* := .* \([^ ]*\)\/kernel\/rsys\/uapi_helper\.h .*/\1/p' \
	"$generated/.uapi_generated.rs.cmd")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=scripts/check/ktap-result.sh
. "$(dirname "$0")/ktap-result.sh"
# shellcheck source=scripts/check/saved-command.sh
. "$(dirname "$0")/saved-command.sh"

# rerun NAME INPUT OUTPUT: kbuild's command for kernel/rsys/NAME, on INPUT
# instead of its source, writing OUTPUT; prints what it printed.
rerun() {
	local cmd
	cmd=$(saved_command "$out" "kernel/rsys/$1")
	cmd=${cmd//"$tree/kernel/rsys/${4:-uapi_helper.h}"/$2}
	cmd=${cmd//kernel\/rsys\/.$1.d/$tmp\/dep}
	cmd=${cmd//kernel\/rsys\/$1/$3}
	(cd "$out" && eval "$cmd") 2>&1
}

# A uapi header with one more struct.
uapi_with() {
	printf '#include "%s/include/uapi/linux/rsys.h"\nstruct rsys_t {\n%b};\n' \
		"$tree" "$1" > "$tmp/$2.h"
}

# host_rsys GENERATED DIR: rsys_bindings and rsys built for the host into
# DIR, from the bindings in GENERATED; prints rustc's errors.
rustc=/usr/bin/rustc
host_rsys() {
	mkdir -p "$2"
	RSYS_GENERATED_DIR=$1 "$rustc" --edition=2021 --crate-type rlib \
		--cap-lints=allow --crate-name rsys_bindings \
		-o "$2/librsys_bindings.rlib" "$kit/rust/bindings/lib.rs" 2>&1 &&
		RSYS_GENERATED_DIR=$1 "$rustc" --edition=2021 --crate-type rlib \
			--cfg rsys_host --cap-lints=allow --crate-name rsys \
			-o "$2/librsys.rlib" --extern rsys_bindings="$2/librsys_bindings.rlib" \
			"$kit/rust/rsys/lib.rs" 2>&1
}

uapi_with '\t__u32 a;\n\t__u64 b;\n' inner
if output=$(rerun uapi_generated.rs "$tmp/inner.h" "$tmp/inner.rs"); then
	result bindgen_refuses_padding_inside fail "the rule succeeded: $output"
elif [ -e "$tmp/inner.rs" ]; then
	result bindgen_refuses_padding_inside fail "the rule left $tmp/inner.rs"
elif ! grep -q 'a struct of the user API has padding' <<< "$output"; then
	result bindgen_refuses_padding_inside fail "got: $output"
else
	result bindgen_refuses_padding_inside ok
fi

uapi_with '\t__u64 a;\n\t__u16 b;\n' tail
if output=$(rerun uapi_generated.rs "$tmp/tail.h" "$tmp/tail.rs"); then
	result bindgen_refuses_padding_at_end fail "the rule succeeded: $output"
else
	result bindgen_refuses_padding_at_end ok
fi

uapi_with '\t__u8 name[6];\n\t__s16 id;\n\t__u64 v;\n' good
if ! output=$(rerun uapi_generated.rs "$tmp/good.h" "$tmp/good.rs"); then
	result bindgen_struct_keeps_layout fail "the rule failed: $output"
elif grep -qF 'pub name: [__u8; 6usize],' "$tmp/good.rs" &&
	grep -qF 'pub id: __s16,' "$tmp/good.rs" && grep -qF 'pub v: __u64,' "$tmp/good.rs"; then
	result bindgen_struct_keeps_layout ok
else
	result bindgen_struct_keeps_layout fail "got: $(grep -A5 'struct rsys_t' "$tmp/good.rs")"
fi

# A helper whose prototype changes: the Rust build must fail where it is
# called, as the host build of the unit tests shows.
mkdir -p "$tmp/gen"
cp "$generated"/*_generated.rs "$tmp/gen/"
sed 's/^int rsys_current_pid(void)$/int rsys_current_pid(int changed)/' \
	"$tree/kernel/rsys/helpers.c" > "$tmp/helpers.c"
if ! grep -q 'rsys_current_pid(int changed)' "$tmp/helpers.c"; then
	result bindgen_changed_helper_fails_rust_build fail "no rsys_current_pid(void) in helpers.c"
elif ! output=$(rerun bindings_helpers_generated.rs "$tmp/helpers.c" \
		"$tmp/gen/bindings_helpers_generated.rs" helpers.c); then
	result bindgen_changed_helper_fails_rust_build fail "bindgen failed: $output"
elif output=$(host_rsys "$tmp/gen" "$tmp/changed"); then
	result bindgen_changed_helper_fails_rust_build fail "rsys built"
elif grep -q 'error\[E0061\]: this function takes 1 argument but 0 arguments were supplied' <<< "$output" &&
	grep -q -- '--> .*rust/rsys/task.rs:[0-9]*' <<< "$output"; then
	result bindgen_changed_helper_fails_rust_build ok
else
	result bindgen_changed_helper_fails_rust_build fail "got: $(head -n 5 <<< "$output")"
fi

# The calls' crate, as the tree has it, against rsys built for the host:
# it builds, and does not with an unsafe block in one of the calls.
if ! output=$(host_rsys "$generated" "$tmp/host"); then
	echo "rsys does not build for the host: $output" >&2
	exit 1
fi
samples() {
	"$rustc" --edition=2021 --crate-type rlib --crate-name rsys_samples \
		-L "dependency=$tmp/host" --extern rsys="$tmp/host/librsys.rlib" \
		-o "$tmp/host/librsys_samples.rlib" "$1/lib.rs" 2>&1
}
cp -r "$tree/kernel/rsys/rust/samples" "$tmp/samples"
if ! output=$(samples "$tmp/samples"); then
	result samples_crate_refuses_unsafe fail "the calls do not build: $(head -n 3 <<< "$output")"
else
	printf '\nfn injected() -> u8 {\n    // SAFETY: none.\n    unsafe { *core::ptr::null::<u8>() }\n}\n' \
		>> "$tmp/samples/rsys_add.rs"
	if output=$(samples "$tmp/samples"); then
		result samples_crate_refuses_unsafe fail "a call with an unsafe block built"
	elif grep -q 'error: usage of an .unsafe. block' <<< "$output" &&
		grep -q -- '--> .*rsys_add.rs:[0-9]*' <<< "$output"; then
		result samples_crate_refuses_unsafe ok
	else
		result samples_crate_refuses_unsafe fail "got: $(head -n 5 <<< "$output")"
	fi
fi

results
