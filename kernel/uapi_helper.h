/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user API structs and constants of the rsys calls, for bindgen: the
 * structs are copied to and from user space whole, so bindgen runs with
 * --explicit-padding and the build fails if one has padding, whose bytes
 * would leak kernel memory (see kernel/rsys/Makefile).
 */

#include <uapi/linux/rsys.h>
#include <uapi/linux/mman.h>
