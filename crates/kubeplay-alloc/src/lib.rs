//! The native allocator of the kubeplay CLI and benchmarks: mimalloc, asked directly for the
//! common case instead of through its aligned entry points.
//!
//! The `mimalloc` crate's `GlobalAlloc` always calls `mi_malloc_aligned`, whose extra checks cost
//! about 3% of a long simulation. `mi_malloc`'s blocks are whole machine words in size and
//! start on a word boundary, which is all that a layout aligned to a word or less needs (Strings,
//! Vecs of bytes and pointers, nearly every struct); other layouts take the aligned entry points.

#![no_std]

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;
use libmimalloc_sys as mi;

/// The alignment every `mi_malloc` block has (`MI_INTPTR_SIZE`: blocks are whole words).
const MAX_PLAIN_ALIGN: usize = core::mem::size_of::<usize>();

/// mimalloc as the global allocator: `#[global_allocator] static A: MiMalloc = MiMalloc;`.
pub struct MiMalloc;

fn plain(align: usize) -> bool {
    align <= MAX_PLAIN_ALIGN
}

// SAFETY: every path hands out mimalloc blocks of at least the layout's size and alignment, and
// every block is freed or resized by mimalloc, which accepts blocks from any of its entry points.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align()) {
            unsafe { mi::mi_malloc(layout.size()).cast() }
        } else {
            unsafe { mi::mi_malloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align()) {
            unsafe { mi::mi_zalloc(layout.size()).cast() }
        } else {
            unsafe { mi::mi_zalloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align()) {
            unsafe { mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast() }
        } else {
            unsafe { mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast() }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Alignment and contents hold for plain and over-aligned layouts, through realloc too.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let a = MiMalloc;
        for (size, align) in [
            (1, 1),
            (3, 8),
            (8, 8),
            (24, 8),
            (24, 16),
            (100, 16),
            (8, 16),
            (64, 64),
            (5000, 4096),
        ] {
            let layout = Layout::from_size_align(size, align).unwrap();
            unsafe {
                let p = a.alloc(layout);
                assert!(
                    !p.is_null() && (p as usize).is_multiple_of(align),
                    "{size} {align}"
                );
                p.write_bytes(0xAB, size);
                let q = a.realloc(p, layout, size * 3);
                assert!(
                    !q.is_null() && (q as usize).is_multiple_of(align),
                    "{size} {align} after realloc"
                );
                assert!((0..size).all(|i| *q.add(i) == 0xAB));
                a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                let z = a.alloc_zeroed(layout);
                assert!((z as usize).is_multiple_of(align) && (0..size).all(|i| *z.add(i) == 0));
                a.dealloc(z, layout);
            }
        }
    }
}
