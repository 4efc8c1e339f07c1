// SPDX-License-Identifier: GPL-2.0

//! `rsys_checksum()`: copies a user buffer in and a result out.

use rsys::task::yield_point;
use rsys::uaccess::{UserPtr, UserSlice};
use rsys::{check_flags, Result};

/// Adler-32's modulus: the largest prime below 2^16.
const MOD_ADLER: u32 = 65521;

/// Bytes read from user space at a time. Adler-32 sums of up to 5552 bytes
/// cannot overflow 32 bits, so each chunk needs only one reduction.
const CHUNK: usize = 512;

/// Stores the Adler-32 checksum of the `len` bytes at `buf` in `*csum`.
///
/// The buffer is read in chunks through a stack buffer, so any length works;
/// between chunks the task may be rescheduled, and a fatal signal stops it.
///
/// # Errors
///
/// `EFAULT` if any part of the buffer cannot be read or `csum` cannot be
/// written (`*csum` is then left unchanged); `EINTR` if the task is killed;
/// `EINVAL` for any flag.
pub(crate) fn rsys_checksum(buf: UserPtr, len: usize, csum: UserPtr, flags: u32) -> Result {
    check_flags(flags, 0)?;
    let mut reader = UserSlice::new(buf, len).reader();
    let mut chunk = [0u8; CHUNK];
    let (mut a, mut b) = (1u32, 0u32);
    while !reader.is_empty() {
        let n = reader.len().min(CHUNK);
        reader.read_slice(&mut chunk[..n])?;
        for &byte in &chunk[..n] {
            // Cannot overflow: a, b < MOD_ADLER at the start of a chunk of at
            // most CHUNK bytes (see above), so the overflow checks that `+`
            // would make are dropped.
            a = a.wrapping_add(u32::from(byte));
            b = b.wrapping_add(a);
        }
        a %= MOD_ADLER;
        b %= MOD_ADLER;
        if !reader.is_empty() {
            yield_point()?;
        }
    }
    UserSlice::new(csum, core::mem::size_of::<u32>())
        .writer()
        .write(&(b << 16 | a))
}
