// SPDX-License-Identifier: GPL-2.0

//! `rsys_greet()`: a string in, a string out.

use rsys::uaccess::{UserPtr, UserSlice};
use rsys::uapi::RSYS_NAME_MAX;
use rsys::{check_flags, code, Result};

const HELLO: &[u8] = b"Hello, ";
const END: &[u8] = b"!\0";

/// Writes `Hello, <name>!` and a NUL to `buf`; returns the length without
/// the NUL.
///
/// # Errors
///
/// `ENAMETOOLONG` if `name` and its NUL take more than `RSYS_NAME_MAX`
/// bytes; `EINVAL` if it is empty, or for any flag; `ERANGE` if `size` is
/// too small (nothing is written); `EFAULT` if `name` cannot be read or
/// `buf` written.
pub(crate) fn rsys_greet(name: UserPtr, buf: UserPtr, size: usize, flags: u32) -> Result<usize> {
    check_flags(flags, 0)?;
    let mut name_buf = [0u8; RSYS_NAME_MAX as usize];
    let name = name.read_c_str(&mut name_buf)?;
    if name.is_empty() {
        return Err(code::EINVAL);
    }
    let len = HELLO.len() + name.len() + END.len();
    if size < len {
        return Err(code::ERANGE);
    }
    let mut writer = UserSlice::new(buf, size).writer();
    writer.write_slice(HELLO)?;
    writer.write_slice(name)?;
    writer.write_slice(END)?;
    Ok(len - 1)
}
