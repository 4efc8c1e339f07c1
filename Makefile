# SPDX-License-Identifier: GPL-2.0
#
# rsys: Linux system calls written in Rust. `make help` lists the targets.
#
# Everything is built under $(BUILD): the pristine kernel source, the patched
# tree (a hard-linked copy) and one build directory per kernel, profile and
# state of CONFIG_RUST_SYSCALLS. Nothing there is ever committed.

KVER ?= 6.12
PROFILE ?= tiny
# The target architecture, kbuild's ARCH: x86_64, or arm64 (cross-built on
# another host, booted on QEMU's virt machine). What differs with it comes
# from scripts/build/arch.sh, which the kit's scripts source: kbuild's name
# for it (x86 and aarch64 are taken too), the image kbuild builds, and
# CROSS_COMPILE where another host's gcc builds it.
ARCH ?= x86_64
arch-facts := $(shell ARCH='$(ARCH)' LLVM='$(LLVM)' CROSS_COMPILE='$(CROSS_COMPILE)' \
	bash -c '. scripts/build/arch.sh && echo "$$ARCH $$kernel_image $${CROSS_COMPILE:-}"' 2>&1)
ifeq ($(filter x86_64 arm64,$(firstword $(arch-facts))),)
$(error $(arch-facts))
endif
override ARCH := $(word 1,$(arch-facts))
export ARCH
arch-image := $(word 2,$(arch-facts))
ifneq ($(word 3,$(arch-facts)),)
export CROSS_COMPILE := $(word 3,$(arch-facts))
endif
BUILD ?= $(CURDIR)/build
# RUSTC_SUITE=sid builds the Rust code with the rustc of that Debian suite
# (unpacked under $(BUILD)/toolchains, nothing installed); LLVM=1 builds the
# kernel with clang and lld, as kbuild's own LLVM variable does.
RUSTC_SUITE ?=

src := $(BUILD)/src/linux-$(KVER)
# The kernel the series is made against (patches.in/kernels).
series-base := $(shell scripts/setup/kernel-suite.sh --base)
# The patched tree (make tree), by default one per kernel. TREE= names
# another: make check-all gives the cells of make check's kernel one of
# their own, so that they need not wait while make check pops the series in
# its tree. A build directory builds from one tree only: another tree's
# directories carry its name.
TREE ?= $(BUILD)/$(KVER)/tree
tree := $(abspath $(TREE))
build-dir = $(BUILD)/$(KVER)/$(if $(filter $(abspath $(BUILD)/$(KVER)/tree),$(tree)),,$(notdir $(tree))-)$(1)
# One build directory per kernel, profile, toolchain and architecture.
toolchain := $(if $(RUSTC_SUITE),-rustc-$(RUSTC_SUITE))$(if $(LLVM),-llvm)
arch-suffix := $(if $(filter arm64,$(ARCH)),-arm64)
variant := $(PROFILE)$(toolchain)$(arch-suffix)
out := $(call build-dir,$(variant))
out-off := $(out)-off
out-stock := $(out)-stock
kernel-image = $(1)/$(arch-image)
initramfs = $(1)/rsys-test/initramfs.cpio.gz
console-log = $(1)/rsys-test/console.log
kbuild-args = $(if $(V),V=$(V))
rustc-dir := $(BUILD)/toolchains/rustc-$(RUSTC_SUITE)
# KASAN reports only the first bug of a boot otherwise: a deliberate one
# must not hide the next.
vm-args := $(if $(findstring kasan,$(PROFILE)),kasan_multi_shot)
ifneq ($(RUSTC_SUITE),)
export RSYS_RUSTC := $(rustc-dir)/bin/rustc
endif
# A profile named rfl turns on Rust-for-Linux (CONFIG_RUST), which kbuild
# builds with its own RUSTC and BINDGEN: the rustc the kit builds with
# (the one rsys's crates must share core with), and Debian unstable's
# bindgen, unpacked as RUSTC_SUITE's rustc is (the tree needs a newer one
# than bookworm's).
rfl-bindgen-dir := $(BUILD)/toolchains/bindgen-sid
rfl-bindgen := $(rfl-bindgen-dir)/bin/bindgen
rfl := $(filter rfl,$(subst +, ,$(PROFILE)))
ifneq ($(rfl),)
# find-rustc.sh runs when a recipe first needs the rustc (after make deps
# has installed it), and once: the first use makes the answer a simple
# variable, as kernel/rsys/Makefile does.
rfl-rustc = $(eval rfl-rustc := $$(shell sh $(CURDIR)/kernel/find-rustc.sh $$(RSYS_RUSTC)))$(rfl-rustc)
rfl-args = RUSTC=$(if $(filter ok,$(firstword $(rfl-rustc))),$(word 2,$(rfl-rustc)),rustc) \
	BINDGEN=$(rfl-bindgen)
endif
kbuild-args += $(rfl-args)

# Caches shared by every build under $(BUILD) (RSYS_CACHE= turns them off):
# Debian's ccache for the C, found on PATH as gcc and clang so that kbuild's
# commands stay those of a build without it; and core, which depends only
# on the rustc, its sources, the target specification and the flags
# (scripts/build/rustc-core-cache.sh, run by kbuild as RSYS_RUSTC_WRAPPER).
export RSYS_CACHE ?= $(BUILD)/cache
ifneq ($(RSYS_CACHE),)
export PATH := /usr/lib/ccache:$(PATH)
export CCACHE_DIR := $(RSYS_CACHE)/ccache
export RSYS_CORE_CACHE := $(RSYS_CACHE)/core
export RSYS_RUSTC_WRAPPER := $(CURDIR)/scripts/build/rustc-core-cache.sh
# ccache runs in depend mode: nothing more than the compile on a miss. Its
# preprocessor mode would find an object whose preprocessed text did not
# change with a header, but the series' stages change <linux/syscalls.h>
# for most objects, and it preprocesses each file twice on a miss (a cold
# 6.12 tiny kernel: 371 s against 277 s without ccache).
export CCACHE_DEPEND := 1
endif

# The kernel builds use every CPU themselves; the steps here run in order.
.NOTPARALLEL:

.PHONY: help
help:
	@echo 'rsys: Linux system calls written in Rust'
	@echo
	@echo '  make run          install what is missing, build the kernel with the'
	@echo '                    Rust system calls, boot it in QEMU, run sysc-test'
	@echo '  make check        everything run does, plus the kit checks below, the'
	@echo '                    series patch by patch, a call added by new-syscall'
	@echo '                    and CONFIG_RUST_SYSCALLS=n'
	@echo '  make check-all    make check and the other cells of the matrix'
	@echo '                    (configs/check-all.cells), two at a time'
	@echo
	@echo 'Steps:'
	@echo '  make deps         install the Debian packages that are missing'
	@echo '  make source       unpack linux-source-$$(KVER) into $$(BUILD)/src'
	@echo '  make tree         apply the series to a copy of the source'
	@echo '  make rustc        with RUSTC_SUITE=SUITE: unpack that suite'"'"'s rustc'
	@echo '  make kernel       configure and build bzImage, or Image on arm64'
	@echo '                    (CONFIG_RUST_SYSCALLS=y)'
	@echo '  make kit-objects  configure, and build only kernel/rsys/ (the crates,'
	@echo '                    bindgen'"'"'s output, rsys_rust.o): enough for check-unit,'
	@echo '                    check-bindgen and check-link'
	@echo '  make initramfs    build sysc-test and its initramfs'
	@echo '  make vm           boot the kernel and run sysc-test, the selftests'"'"' runner;'
	@echo '                    T=NAME runs only the test programs whose name contains'
	@echo '                    NAME, T=PROGRAM/TEST one test (make run T=rsys_store)'
	@echo '  make gdb          the VM stopped under gdb, vmlinux'"'"'s symbols loaded, a'
	@echo '                    breakpoint at GDB_BREAK (a profile with debug info:'
	@echo '                    make gdb PROFILE=debug+debuginfo); T as for make vm'
	@echo '  make patches      regenerate patches/ (git format-patch, with a cover'
	@echo '                    letter), syzkaller/ and man/ from syscalls.tbl, kernel/, rust/'
	@echo '                    and patches.in/, against $$(series-base) ($(series-base))'
	@echo '  make fuzz         random calls and arguments across the rsys range in'
	@echo '                    the VM, as root and as an unprivileged user'
	@echo '                    (FUZZ_CALLS=100000 each, FUZZ_SEED=from the clock);'
	@echo '                    fails on any oops, warning or hang'
	@echo '  make install-man  install the calls'"'"' man pages (man/man2/, from make'
	@echo '                    patches) in $$(DESTDIR)$$(mandir)/man2 ($(mandir))'
	@echo '  make bench        Rust vs C cost per call, sizes, build times:'
	@echo '                    $$(BUILD)/bench.json and bench.svg'
	@echo
	@echo 'Checks (all part of make check):'
	@echo '  make check-patches  patches/ and syzkaller/ are generated from the sources'
	@echo '  make check-style    shellcheck, rustfmt, checkpatch.pl --strict'
	@echo '  make check-series-builds  each patch in turn applies and builds vmlinux;'
	@echo '                      git am applies the series to a git repository'
	@echo '  make check-new-syscall  a call added by scripts/generate/new-syscall builds'
	@echo '                      in the tree and passes its cases, with no other edit'
	@echo '  make check-find-rustc  a rustc without its own core sources, a bindgen'
	@echo '                      without libclang, or either too old, is refused in one line'
	@echo '  make check-generators  gen-syscalls.py refuses bad input in one line;'
	@echo '                      compat entries'
	@echo '  make check-bindgen  the bindgen rules: a uapi struct with padding fails'
	@echo '                      the build, a changed C helper fails the Rust one'
	@echo '  make check-link     a call of a compiler builtin (u128 division) fails'
	@echo '                      the link of rsys_rust.o, naming it and the caller'
	@echo '  make check-debuginfo  with CONFIG_DEBUG_INFO (PROFILE=debuginfo) the Rust'
	@echo '                      code has DWARF: addr2line gives a .rs line'
	@echo '  make check-gdb      (PROFILE=debuginfo) make gdb stops in a Rust system call'
	@echo '                      at its source line'
	@echo '  make check-cache    a change to a C file, a header, the config, the profile'
	@echo '                      or the compiler misses ccache; one to core'"'"'s sources,'
	@echo '                      flags, target or rustc misses the core cache'
	@echo '  make check-rustflags  W=e (and CONFIG_WERROR) and KRUSTFLAGS reach the'
	@echo '                      kit'"'"'s crates, as Rust-for-Linux'"'"'s'
	@echo '  make check-clean    with no rustc or bindgen, Kconfig hides the option and'
	@echo '                      make clean and mrproper work on a patched tree'
	@echo '  make check-series   the series applies with no fuzz and pops cleanly'
	@echo '  make check-off      CONFIG_RUST_SYSCALLS=n builds; the calls give ENOSYS'
	@echo '  make check-no-warnings  the off and on builds have no warning at all'
	@echo '  make check-stock    build the unpatched kernel with the same config'
	@echo '                      (not in make check: every patch builds with no warning)'
	@echo '  make check-warnings the patched builds add no warning to the stock one'
	@echo '  make check-clippy   clippy finds nothing in the Rust crates'
	@echo '  make check-unit     the support crate'"'"'s unit tests, on the host'
	@echo '  make check-verdict  a panic, a hang or a bad report fails the VM run,'
	@echo '                      and oopses do not cut the report short'
	@echo '  make check-kit-warnings  the kit'"'"'s own code drew no compiler warning'
	@echo '  make check-one-core  vmlinux has one Rust core and one panic handler, the'
	@echo '                      kit'"'"'s or (PROFILE=tiny+rfl) Rust-for-Linux'"'"'s'
	@echo '  make check-codegen  the Rust code has the control-flow protections of'
	@echo '                      the configuration: IBT, return thunks (x86_64);'
	@echo '                      BTI, PAC, the shadow call stack (arm64)'
	@echo '  (every VM run)      kunit.py parse reads the console log with the'
	@echo '                      same counts as the summary (scripts/check/check-ktap.sh)'
	@echo
	@echo 'Checks of make check-all:'
	@echo '  make check-cell     the series, the kit'"'"'s build and sysc-test on KVER'
	@echo '  make check-distro   Debian'"'"'s config of KVER: the kit'"'"'s objects and'
	@echo '                      vmlinux.o build, objtool and the Rust flags agree'
	@echo
	@echo 'Adding a call: scripts/generate/new-syscall NAME writes its line in syscalls.tbl,'
	@echo '  a Rust stub, its uapi comment and its selftest; make run T=NAME'
	@echo
	@echo '  make clean        remove the build directories of $$(KVER)'
	@echo '  make distclean    remove $$(BUILD) entirely'
	@echo
	@echo 'Variables: KVER=$(KVER) (6.1, 6.12, 7.2) PROFILE=$(PROFILE) (tiny, hardened,'
	@echo '           kasan, debug, debuginfo, memcg, rfl: CONFIG_RUST on 6.12;'
	@echo '           joined by +)'
	@echo '           ARCH=$(ARCH) (x86_64, or arm64: cross-built, QEMU virt)'
	@echo '           BUILD=$(BUILD) V=1'
	@echo '           TREE=$$(BUILD)/$$(KVER)/tree (the patched tree; another'"'"'s build'
	@echo '           directories are named after it)'
	@echo '           RUSTC_SUITE=sid (a newer rustc) LLVM=1 (clang and lld)'
	@echo '           T=NAME (tests to run) FUZZ_CALLS FUZZ_SEED'
	@echo '           GDB_BREAK=$(GDB_BREAK) (where make gdb stops) RSYS_GDB_PORT=1234'
	@echo '           RSYS_VM_TIMEOUT=300 (seconds) RSYS_QEMU_ARGS (more QEMU options)'
	@echo '           RSYS_ACCEL=kvm|tcg (default: KVM if a probe boot starts under it)'
	@echo '           RSYS_DISK_MB=64 (the VM'"'"'s ext4 disk, made afresh each boot)'
	@echo '           RSYS_RUSTC (the rustc to build with) RSYS_BINDGEN (the bindgen)'
	@echo '           RSYS_CACHE=$$(BUILD)/cache (ccache'"'"'s and core'"'"'s; empty: none)'
	@echo '           RSYS_CELLS_AT_ONCE=2 (make check-all)'

.PHONY: deps source tree rustc kernel initramfs vm run
deps:
	@scripts/setup/install-deps.sh $(KVER)

rustc: deps
	@$(if $(RUSTC_SUITE),scripts/setup/get-suite-tool.sh rustc $(RUSTC_SUITE) $(rustc-dir) > /dev/null,:)
	@$(if $(rfl),scripts/setup/get-suite-tool.sh bindgen sid $(rfl-bindgen-dir) > /dev/null,:)

source: deps
	@scripts/setup/get-kernel.sh $(KVER) $(src)

tree: source
	@scripts/build/apply-series.sh --from $(src) $(tree)

kernel: tree rustc
	@scripts/build/configure.sh $(tree) $(out) $(PROFILE) on $(rfl-args)
	@scripts/build/build-kernel.sh $(tree) $(out) $(kbuild-args)

initramfs: kernel
	@scripts/build/build-initramfs.sh $(tree) $(out)

# T=NAME runs the test programs whose name contains NAME (T=store), or
# T=PROGRAM/TEST one test of one program (T=rsys_add/overflow_is_eoverflow);
# rsys_klog, the kernel log check, runs last in any case.
vm:
	@scripts/build/run-vm.sh $(call kernel-image,$(out)) $(call initramfs,$(out)) \
		$(call console-log,$(out)) $(vm-args) $(if $(T),rsys_filter=$(T))
	@scripts/check/check-ktap.sh $(tree) $(call console-log,$(out))

run: initramfs
	@$(MAKE) --no-print-directory vm

# The VM under gdb (a profile with CONFIG_DEBUG_INFO): stopped until gdb
# attaches, no timeout, a hardware breakpoint at GDB_BREAK, the programs
# T selects run (rsys_add by default).
GDB_BREAK ?= rsys_samples::rsys_add::rsys_add
gdb: initramfs
	@$(if $(arch-suffix),echo "make gdb runs x86_64 kernels only" >&2; exit 1)
	@RSYS_GDB_FILTER=$(or $(T),rsys_add) scripts/build/gdb-vm.sh $(out) '$(GDB_BREAK)'

# make gdb in batch: a Rust system call stops at its source line.
check-gdb: initramfs
	@$(if $(arch-suffix),echo "make gdb runs x86_64 kernels only" >&2; exit 1)
	@scripts/check/check-gdb.sh $(out) '$(GDB_BREAK)'

# The calls' manual pages (man/man2/, generated by make patches).
mandir ?= /usr/local/share/man
.PHONY: install-man
install-man:
	install -d $(DESTDIR)$(mandir)/man2
	install -m 644 man/man2/*.2 $(DESTDIR)$(mandir)/man2/

.PHONY: patches kit-objects check-cache check-clean check-rustflags check-debuginfo check-series-builds check check-all check-cell check-distro check-new-syscall check-kit-warnings check-find-rustc check-generators check-unit check-bindgen check-link check-patches check-style check-series check-off \
	check-stock check-warnings check-no-warnings check-clippy check-verdict gdb check-gdb \
	check-one-core check-codegen
patches:
	@$(MAKE) --no-print-directory source KVER=$(series-base)
	@scripts/generate/gen-patches.py $(BUILD)/src/linux-$(series-base)

check-patches:
	@$(MAKE) --no-print-directory source KVER=$(series-base)
	@scripts/generate/gen-patches.py $(BUILD)/src/linux-$(series-base) --check

# Each patch of the series, pushed in turn on the tree from the first,
# builds vmlinux in the kit's build directory, which ends built; git am
# applies the series to a git repository of the pristine tree.
check-series-builds: tree rustc
	@scripts/check/check-series-builds.sh $(tree) $(out) $(src) $(PROFILE)

check-find-rustc:
	@scripts/check-kit/check-find-rustc.sh

check-generators:
	@scripts/check-kit/check-generators.sh

# The kit's objects alone, in the kernel's build directory: the crates,
# bindgen's output, rsys_rust.o and the C of kernel/rsys/, after kbuild's
# prepare; not the rest of the kernel. What the next three checks need.
kit-objects: tree rustc
	@scripts/build/configure.sh $(tree) $(out) $(PROFILE) on $(rfl-args)
	@$(MAKE) --no-print-directory -s -C $(tree) O=$(out) $(kbuild-args) kernel/rsys/

# The support crate's unit tests, on the build machine, with the bindings
# of the kernel build.
check-unit: kit-objects
	@scripts/check/check-unit.sh $(out)

# kbuild's bindgen commands of the kernel build, run on inputs made to fail.
check-bindgen: kit-objects
	@scripts/check/check-bindgen.sh $(out)

# kbuild's link of rsys_rust.o, again with a crate that divides a u128.
check-link: kit-objects
	@scripts/check/check-link.sh $(out)

# The kit's objects of the debuginfo profile have DWARF that addr2line reads.
check-debuginfo:
	@$(MAKE) --no-print-directory kit-objects PROFILE=debuginfo
	@scripts/check/check-debuginfo.sh $(call build-dir,debuginfo$(toolchain))

# The caches: ccache with kbuild's commands of two build directories, the
# core cache over a stand-in rustc.
check-cache:
	@scripts/check/check-cache.sh $(out) $(call build-dir,debuginfo$(toolchain))

# The kit's crates built again with W=e and KRUSTFLAGS: both reach rustc.
check-rustflags: kit-objects
	@scripts/check/check-rustflags.sh $(tree) $(out)

# A copy of the build directory configured, cleaned and mrpropered where no
# rustc or bindgen runs.
check-clean: kit-objects
	@scripts/check/check-clean.sh $(tree) $(out)

check-style: source
	@scripts/check-kit/check-style.sh $(src)

check-series: source
	@scripts/check/check-series.sh $(src) $(BUILD)/$(KVER)/series-check

# The off kernel is built in the on build's directory, where kbuild rebuilds
# only what CONFIG_RUST_SYSCALLS reaches (fixdep's per-option dependencies:
# kernel/sys_ni.c and kernel/rsys/), then booted, and the on kernel is built
# back; its bzImage, initramfs and logs are kept in $(out-off). (A copy of
# the build directory would not do: tools/objtool is built with absolute
# paths, so the copy builds it again, and then every object.)
check-off: tree rustc
	@scripts/build/configure.sh $(tree) $(out) $(PROFILE) off $(rfl-args)
	@scripts/build/build-kernel.sh $(tree) $(out) $(kbuild-args)
	@scripts/build/build-initramfs.sh $(tree) $(out)
	@mkdir -p $(out-off)/rsys-test $(out-off)/arch/x86/boot
	@cp $(out)/build.log $(out-off)/build.log
	@cp $(call kernel-image,$(out)) $(call kernel-image,$(out-off))
	@cp $(call initramfs,$(out)) $(call initramfs,$(out-off))
	@scripts/build/run-vm.sh $(call kernel-image,$(out-off)) $(call initramfs,$(out-off)) \
		$(call console-log,$(out-off)) rsys_expect=off
	@scripts/check/check-ktap.sh $(tree) $(call console-log,$(out-off))
	@scripts/build/configure.sh $(tree) $(out) $(PROFILE) on $(rfl-args)
	@scripts/build/build-kernel.sh $(tree) $(out) $(kbuild-args)

check-stock: source
	@scripts/build/configure.sh $(src) $(out-stock) $(PROFILE) stock $(rfl-args)
	@scripts/build/build-kernel.sh $(src) $(out-stock) $(kbuild-args)

check-warnings:
	@scripts/check/check-warnings.sh $(out-stock)/build.log $(out-off)/build.log \
		$(out)/build.log

# make check's kernel has no warning at all, stock or patched: every patch of
# check-series-builds builds without one, as the off build must.
check-no-warnings:
	@scripts/check/check-warnings.sh /dev/null $(out-off)/build.log $(out)/build.log

# Lints the kit's crates in the kernel's build directory: kbuild rebuilds
# them with clippy-driver (fails on any warning), core as it was; then with
# rustc again, so that the directory's objects are those of its vmlinux.
check-clippy: kernel
	@$(MAKE) --no-print-directory -C $(tree) O=$(out) ARCH=x86_64 CLIPPY=1 \
		$(kbuild-args) kernel/rsys/
	@echo "clippy: clean"
	@$(MAKE) -s --no-print-directory -C $(tree) O=$(out) ARCH=x86_64 \
		$(kbuild-args) kernel/rsys/

check-verdict: initramfs
	@scripts/check/check-verdict.sh $(out)

check-kit-warnings:
	@scripts/check/check-warnings.sh --kit $(out)/build.log

check-one-core:
	@scripts/check/check-one-core.sh $(out) $(if $(rfl),rfl,kit)

check-codegen:
	@scripts/check/check-codegen.sh $(out)

# One cell of the matrix: the series on KVER, the kit's build, the VM.
check-cell: deps
	@$(MAKE) --no-print-directory check-series
	@$(MAKE) --no-print-directory initramfs check-kit-warnings check-one-core check-codegen
	@$(MAKE) --no-print-directory vm

# Debian's configuration of KVER: the kit's objects and a vmlinux.o of them.
check-distro: tree rustc
	@scripts/check/check-distro.sh $(KVER) $(tree) $(call build-dir,distro$(toolchain))

# scripts/generate/new-syscall on a copy of the kit: the new call builds in
# the kit's tree and build directory (put back afterwards) and passes.
check-new-syscall: tree rustc
	@scripts/check/check-new-syscall.sh $(BUILD) $(KVER) $(tree) $(out) $(PROFILE) $(kbuild-args)

check-all:
	@scripts/check/check-all.sh

# make check's steps, in order; each but the last says how long it took
# ("rsys-time: step NAME N s"), and the harness's "N passed, N failed" line
# of the kit's kernel comes last.
check-steps := check-patches check-style check-find-rustc check-generators check-series \
	check-series-builds check-new-syscall check-off check-clippy check-unit check-bindgen \
	check-link check-clean check-rustflags check-debuginfo check-cache initramfs \
	check-no-warnings check-one-core check-verdict

check: deps
	@$(if $(rfl),echo "make check builds the kit's own core; for PROFILE=$(PROFILE): make check-cell" >&2; exit 1)
	@$(if $(arch-suffix),echo "make check checks the kit on x86_64; for ARCH=$(ARCH): make check-cell ARCH=$(ARCH)" >&2; exit 1)
	@for step in $(check-steps); do \
		start=$$(date +%s); \
		$(MAKE) --no-print-directory $$step || exit 1; \
		echo "rsys-time: step $$step $$(($$(date +%s) - start)) s"; \
	done
	@$(MAKE) --no-print-directory vm

# Random calls across the rsys range in the VM; fails on any oops, warning
# or hang. FUZZ_CALLS and FUZZ_SEED (printed by each run) choose the run.
FUZZ_CALLS ?= 100000
.PHONY: fuzz
fuzz: initramfs
	@RSYS_VM_TIMEOUT=$${RSYS_VM_TIMEOUT:-1800} scripts/build/run-vm.sh $(call kernel-image,$(out)) \
		$(call initramfs,$(out)) $(out)/rsys-test/fuzz.log $(vm-args) rsys_mode=fuzz \
		rsys_fuzz_calls=$(FUZZ_CALLS) $(if $(FUZZ_SEED),rsys_fuzz_seed=$(FUZZ_SEED))
	@scripts/check/check-ktap.sh $(tree) $(out)/rsys-test/fuzz.log

# Benchmarks: reports, not tests. The kernel with the kit off gives the
# size the kit adds; cold builds are timed in their own directories.
.PHONY: bench
bench: initramfs
	@scripts/build/configure.sh $(tree) $(out-off) $(PROFILE) off $(rfl-args)
	@scripts/build/build-kernel.sh $(tree) $(out-off) $(kbuild-args) > /dev/null
	@scripts/bench/bench.sh $(src) $(tree) $(out) $(out-off) $(call build-dir,bench$(arch-suffix)) \
		$(BUILD)$(if $(arch-suffix),/$(ARCH))

.PHONY: clean distclean
clean:
	rm -rf $(BUILD)/$(KVER)

distclean:
	rm -rf $(BUILD)
