// SPDX-License-Identifier: GPL-2.0

//! Printing to the kernel log.
//!
//! The `pr_*!` macros format their arguments with `core::fmt` into a buffer
//! of [`BUF_SIZE`] bytes on the stack, then hand it to `printk()` through
//! `rsys_print()`, which adds the `rsys: ` prefix and the newline. Nothing is
//! allocated. A message that does not fit is cut at a character boundary and
//! ends with `...`.

use crate::bindings;
use core::fmt::{self, Write};
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// Size of the formatting buffer, and so the longest message printed.
pub const BUF_SIZE: usize = 256;

const ELLIPSIS: &[u8] = b"...";

/// A log level of `printk()`.
#[derive(Clone, Copy, Debug)]
pub enum Level {
    /// `KERN_EMERG`: the system is unusable.
    Emerg,
    /// `KERN_ALERT`: action must be taken immediately.
    Alert,
    /// `KERN_CRIT`: critical conditions.
    Crit,
    /// `KERN_ERR`: error conditions.
    Err,
    /// `KERN_WARNING`: warning conditions.
    Warning,
    /// `KERN_NOTICE`: normal but significant condition.
    Notice,
    /// `KERN_INFO`: informational.
    Info,
    /// `KERN_DEBUG`: debug-level messages.
    Debug,
}

impl Level {
    fn loglevel(self) -> i32 {
        match self {
            Level::Emerg => bindings::LOGLEVEL_EMERG as i32,
            Level::Alert => bindings::LOGLEVEL_ALERT as i32,
            Level::Crit => bindings::LOGLEVEL_CRIT as i32,
            Level::Err => bindings::LOGLEVEL_ERR as i32,
            Level::Warning => bindings::LOGLEVEL_WARNING as i32,
            Level::Notice => bindings::LOGLEVEL_NOTICE as i32,
            Level::Info => bindings::LOGLEVEL_INFO as i32,
            Level::Debug => bindings::LOGLEVEL_DEBUG as i32,
        }
    }
}

/// A fixed-size buffer that keeps what fits of what is written to it.
struct Buffer {
    bytes: [u8; BUF_SIZE],
    len: usize,
    truncated: bool,
}

impl Buffer {
    const fn new() -> Self {
        Self {
            bytes: [0; BUF_SIZE],
            len: 0,
            truncated: false,
        }
    }

    /// The message, with `...` in place of its end if it did not fit.
    fn finish(&mut self) -> &[u8] {
        if self.truncated {
            let mut end = BUF_SIZE - ELLIPSIS.len();
            // Stay on a character boundary: drop UTF-8 continuation bytes.
            while end > 0 && self.len > end && (self.bytes[end] & 0xc0) == 0x80 {
                end -= 1;
            }
            end = end.min(self.len);
            self.bytes[end..end + ELLIPSIS.len()].copy_from_slice(ELLIPSIS);
            self.len = end + ELLIPSIS.len();
        }
        &self.bytes[..self.len]
    }
}

impl Write for Buffer {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = BUF_SIZE - self.len;
        let n = s.len().min(room);
        self.bytes[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        if n < s.len() {
            self.truncated = true;
            // Stops the formatting: nothing more would fit.
            return Err(fmt::Error);
        }
        Ok(())
    }
}

/// Prints a formatted message at `level`; the `pr_*!` macros call this.
///
/// Returns the number of bytes printed (at most [`BUF_SIZE`]).
pub fn print(level: Level, args: fmt::Arguments<'_>) -> usize {
    let mut buf = Buffer::new();
    // An error only means the buffer is full: print what fits.
    let _ = buf.write_fmt(args);
    let msg = buf.finish();
    // SAFETY: `msg` is valid for reads of `msg.len()` bytes for the call.
    unsafe { bindings::rsys_print(level.loglevel(), msg.as_ptr().cast(), msg.len()) };
    msg.len()
}

/// The state of one rate-limited print site: at most
/// `DEFAULT_RATELIMIT_BURST` messages per `DEFAULT_RATELIMIT_INTERVAL`, the
/// defaults of C's `printk_ratelimited()`. The `pr_*_ratelimited!` macros
/// keep one in a `static` per call site.
pub struct Ratelimit {
    /// Start of the current interval, in jiffies (0: none yet).
    begin: AtomicU64,
    /// Messages let through in the current interval.
    printed: AtomicU32,
}

impl Ratelimit {
    /// A print site that has printed nothing yet.
    pub const fn new() -> Self {
        Self {
            begin: AtomicU64::new(0),
            printed: AtomicU32::new(0),
        }
    }

    /// Whether a message may be printed now.
    pub fn allow(&self) -> bool {
        // SAFETY: reads jiffies; no precondition.
        let now = unsafe { bindings::rsys_jiffies() } as u64;
        self.allow_at(
            now,
            u64::from(bindings::DEFAULT_RATELIMIT_INTERVAL),
            bindings::DEFAULT_RATELIMIT_BURST,
        )
    }

    /// Whether a message may be printed at time `now`, letting `burst` of
    /// them through per `interval`. Concurrent callers may each start a new
    /// interval at its boundary: the burst is a bound per caller then, as
    /// it is for C's `__ratelimit()` when its lock is contended.
    fn allow_at(&self, now: u64, interval: u64, burst: u32) -> bool {
        let begin = self.begin.load(Ordering::Relaxed);
        if begin == 0 || now.wrapping_sub(begin) >= interval {
            let start = now.max(1);
            if self
                .begin
                .compare_exchange(begin, start, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            {
                self.printed.store(0, Ordering::Relaxed);
            }
        }
        let printed = self
            .printed
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some(n.saturating_add(1))
            })
            .unwrap_or(u32::MAX);
        printed < burst
    }
}

impl Default for Ratelimit {
    fn default() -> Self {
        Self::new()
    }
}

/// Prints at `level` if this call site's [`Ratelimit`] allows it; the
/// `pr_*_ratelimited!` macros call this. Returns the bytes printed (0 when
/// the message is dropped).
pub fn print_ratelimited(state: &Ratelimit, level: Level, args: fmt::Arguments<'_>) -> usize {
    if state.allow() {
        print(level, args)
    } else {
        0
    }
}

/// Like [`pr_err!`], but at most a few messages every few seconds from this
/// call site, like C's `pr_err_ratelimited()`: for messages user space can
/// cause at will.
#[macro_export]
macro_rules! pr_err_ratelimited {
    ($($arg:tt)*) => {{
        static STATE: $crate::print::Ratelimit = $crate::print::Ratelimit::new();
        $crate::print::print_ratelimited(&STATE, $crate::print::Level::Err, format_args!($($arg)*))
    }};
}

/// Like [`pr_warn!`], rate-limited as [`pr_err_ratelimited!`].
#[macro_export]
macro_rules! pr_warn_ratelimited {
    ($($arg:tt)*) => {{
        static STATE: $crate::print::Ratelimit = $crate::print::Ratelimit::new();
        $crate::print::print_ratelimited(
            &STATE,
            $crate::print::Level::Warning,
            format_args!($($arg)*),
        )
    }};
}

/// Like [`pr_info!`], rate-limited as [`pr_err_ratelimited!`].
#[macro_export]
macro_rules! pr_info_ratelimited {
    ($($arg:tt)*) => {{
        static STATE: $crate::print::Ratelimit = $crate::print::Ratelimit::new();
        $crate::print::print_ratelimited(&STATE, $crate::print::Level::Info, format_args!($($arg)*))
    }};
}

/// Prints at `KERN_EMERG`, like C's `pr_emerg()`.
#[macro_export]
macro_rules! pr_emerg {
    ($($arg:tt)*) => {
        $crate::print::print($crate::print::Level::Emerg, format_args!($($arg)*))
    };
}

/// Prints at `KERN_ALERT`, like C's `pr_alert()`.
#[macro_export]
macro_rules! pr_alert {
    ($($arg:tt)*) => {
        $crate::print::print($crate::print::Level::Alert, format_args!($($arg)*))
    };
}

/// Prints at `KERN_CRIT`, like C's `pr_crit()`.
#[macro_export]
macro_rules! pr_crit {
    ($($arg:tt)*) => {
        $crate::print::print($crate::print::Level::Crit, format_args!($($arg)*))
    };
}

/// Prints at `KERN_ERR`, like C's `pr_err()`.
#[macro_export]
macro_rules! pr_err {
    ($($arg:tt)*) => {
        $crate::print::print($crate::print::Level::Err, format_args!($($arg)*))
    };
}

/// Prints at `KERN_WARNING`, like C's `pr_warn()`.
#[macro_export]
macro_rules! pr_warn {
    ($($arg:tt)*) => {
        $crate::print::print($crate::print::Level::Warning, format_args!($($arg)*))
    };
}

/// Prints at `KERN_NOTICE`, like C's `pr_notice()`.
#[macro_export]
macro_rules! pr_notice {
    ($($arg:tt)*) => {
        $crate::print::print($crate::print::Level::Notice, format_args!($($arg)*))
    };
}

/// Prints at `KERN_INFO`, like C's `pr_info()`.
#[macro_export]
macro_rules! pr_info {
    ($($arg:tt)*) => {
        $crate::print::print($crate::print::Level::Info, format_args!($($arg)*))
    };
}

/// Prints at `KERN_DEBUG`, like C's `pr_debug()` (only shown with dynamic
/// debug or `DEBUG` in `helpers.c`).
#[macro_export]
macro_rules! pr_debug {
    ($($arg:tt)*) => {
        $crate::print::print($crate::print::Level::Debug, format_args!($($arg)*))
    };
}
// rsys-series: none

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::take_printed;

    fn format(args: fmt::Arguments<'_>) -> std::string::String {
        let mut buf = Buffer::new();
        let _ = buf.write_fmt(args);
        std::string::String::from_utf8(buf.finish().to_vec()).unwrap()
    }

    #[test]
    fn short_message_is_kept() {
        assert_eq!(format(format_args!("n = {}", 42)), "n = 42");
    }

    #[test]
    fn long_message_ends_with_ellipsis() {
        let long = "x".repeat(BUF_SIZE + 10);
        let out = format(format_args!("{long}"));
        assert_eq!(out.len(), BUF_SIZE);
        assert!(out.ends_with("..."));
        assert!(out[..BUF_SIZE - 3].bytes().all(|b| b == b'x'));
    }

    #[test]
    fn message_of_exactly_buf_size_is_whole() {
        let exact = "y".repeat(BUF_SIZE);
        assert_eq!(format(format_args!("{exact}")), exact);
    }

    #[test]
    fn cut_stays_on_a_character_boundary() {
        // 'é' is two bytes; place one across the cut.
        let s = "a".repeat(BUF_SIZE - 4) + &"é".repeat(10);
        let out = format(format_args!("{s}"));
        assert!(out.ends_with("..."));
        assert!(out.len() <= BUF_SIZE);
    }

    #[test]
    fn pr_info_prints_at_info() {
        take_printed();
        let n = crate::pr_info!("hello {}", 7);
        assert_eq!(n, 7);
        assert_eq!(
            take_printed(),
            [(bindings::LOGLEVEL_INFO as i32, "hello 7".into())]
        );
    }

    #[test]
    fn ratelimit_lets_a_burst_through_per_interval() {
        let rs = Ratelimit::new();
        let allowed = |now| (0..20).filter(|_| rs.allow_at(now, 100, 10)).count();
        assert_eq!(allowed(1000), 10);
        assert_eq!(allowed(1050), 0);
        assert_eq!(allowed(1100), 10);
        // jiffies wraps: the interval is measured modulo 2^64.
        let rs = Ratelimit::new();
        assert!(rs.allow_at(u64::MAX - 10, 100, 1));
        assert!(!rs.allow_at(u64::MAX, 100, 1));
        assert!(rs.allow_at(90, 100, 1));
    }
}
