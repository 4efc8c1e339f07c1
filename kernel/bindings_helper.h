/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's C API as the Rust side of rsys sees it: bindgen translates
 * the declarations of these headers into rsys_bindings (the functions,
 * types and simple integer macros), with the C flags of the kernel's own
 * objects, so that a changed C interface fails the Rust build where it is
 * used. Macros and inline functions have no symbol to call: helpers.c wraps
 * them. A macro that is not a plain number becomes a constant here, as
 * Rust-for-Linux does it: RUST_CONST_HELPER_NAME is NAME on the Rust side.
 *
 * Add the header of an interface before using it from Rust.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kern_levels.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/printk.h>
#include <linux/ratelimit_types.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/xarray.h>
/* rsys-series: syscalls */

#include "rust_syscalls.h"
/* rsys-series: crate */

const size_t RUST_CONST_HELPER_PAGE_SIZE = PAGE_SIZE;
const gfp_t RUST_CONST_HELPER_GFP_KERNEL = GFP_KERNEL;
const gfp_t RUST_CONST_HELPER_GFP_KERNEL_ACCOUNT = GFP_KERNEL_ACCOUNT;
const gfp_t RUST_CONST_HELPER___GFP_ACCOUNT = __GFP_ACCOUNT;
const gfp_t RUST_CONST_HELPER___GFP_NOWARN = __GFP_NOWARN;
const fmode_t RUST_CONST_HELPER_FMODE_WRITE = FMODE_WRITE;
const xa_mark_t RUST_CONST_HELPER_PAGECACHE_TAG_DIRTY = PAGECACHE_TAG_DIRTY;
const xa_mark_t RUST_CONST_HELPER_PAGECACHE_TAG_WRITEBACK = PAGECACHE_TAG_WRITEBACK;
