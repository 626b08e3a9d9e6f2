//! When the allocator gives freed memory back to the system.
//!
//! mimalloc (version 3) purges the memory a program has freed a second after it is freed. A
//! build of ten thousand pages frees their HTML as it writes them, and within that second
//! makes its search index beside its print document: the freed pages and the new index were
//! both counted, 15 to 55 MiB above what the build held. Purged after 50 ms, they are not,
//! and the build takes no longer (`bench/compare.py`, README). An editor's own
//! `MIMALLOC_PURGE_DELAY` is left to rule.

use std::ffi::{c_int, c_long};

// The allocator's own options, by their number in `mi_option_t`.
extern "C" {
    fn mi_option_get(option: c_int) -> c_long;
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in `mi_option_t` (mimalloc.h), in milliseconds.
const PURGE_DELAY: c_int = 15;
const PURGE_AFTER_MS: c_long = 50;

/// Sets the purge delay, unless the environment sets it.
pub fn purge_sooner() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: an option of mimalloc's, set by its number, which `mi_option_t` defines.
        unsafe { mi_option_set(PURGE_DELAY, PURGE_AFTER_MS) }
    }
}

/// `mi_option_destroy_on_exit` in `mi_option_t`: above 1, mimalloc does nothing at exit.
const DESTROY_ON_EXIT: c_int = 22;

/// A process that exits gives all its memory back at once: mimalloc's own collection at exit
/// (every thread's pages visited, freed blocks purged with `madvise`) took milliseconds after
/// the site was written.
pub fn nothing_at_exit() {
    // SAFETY: an option of mimalloc's, set by its number, which `mi_option_t` defines.
    unsafe { mi_option_set(DESTROY_ON_EXIT, 2) }
}

/// Whether the process ends when its build is done (`glossator build`, not `serve`).
static ENDS_AFTER_BUILD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says that the process ends when its build is done.
pub fn process_ends_after_build() {
    ENDS_AFTER_BUILD.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Lets go of what a build held. A process that ends next gives all of it back at once: freed
/// piece by piece, the site of ten thousand pages took milliseconds after it was written.
pub fn let_go<T>(value: T) {
    if ENDS_AFTER_BUILD.load(std::sync::atomic::Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}

/// The purge delay mimalloc works with now.
pub fn purge_delay() -> c_long {
    // SAFETY: reads an option of mimalloc's by its number.
    unsafe { mi_option_get(PURGE_DELAY) }
}

// mimalloc is linked by its crate; nothing of the crate's own is used here.
use mimalloc as _;

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn the_option_set_at_exit_is_mimalloc_s_destroy_on_exit() {
        if std::env::var_os("MIMALLOC_DESTROY_ON_EXIT").is_some()
            || std::env::var_os("MIMALLOC_ARENA_RESERVE").is_some()
        {
            return;
        }
        // SAFETY: reads options of mimalloc's by their numbers.
        let (it, next) = unsafe {
            (
                super::mi_option_get(super::DESTROY_ON_EXIT),
                super::mi_option_get(super::DESTROY_ON_EXIT + 1),
            )
        };
        // Off by default, and followed by the arena's reserve, 1 GiB in KiB on 64 bits, which
        // no other option of version 3 has by default: the number names that option.
        assert_eq!(it, 0);
        assert_eq!(next, 1024 * 1024);
    }

    #[test]
    fn the_option_set_is_mimalloc_s_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // Version 3's default for the purge delay, which no other option of its has: the
        // number names that option.
        assert_eq!(super::purge_delay(), 1000);
        super::purge_sooner();
        assert_eq!(super::purge_delay(), super::PURGE_AFTER_MS);
    }
}
