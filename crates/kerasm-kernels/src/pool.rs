//! 2-D max and average pooling, NHWC, f32, over the window geometry of [`crate::conv::Geom`]
//! (`co` unused). Padding is explicit; padded cells never win a max and never count in an
//! average (Keras `padding="same"`).
//!
//! 1-D pooling is 2-D pooling with `h = oh = kh = 1` (done in TypeScript).

mod avg;
mod max;
mod max_tiled;

pub use avg::{avg_pool2d, avg_pool2d_backward};
pub use max::{max_pool2d, max_pool2d_backward};

use crate::par::Par;
use core::ops::Range;

/// Below this many window reads per thread a job stays on one thread.
const MIN_PER_THREAD: usize = 1 << 15;

fn run_rows(par: &dyn Par, rows: usize, work: usize, body: &(dyn Fn(Range<usize>) + Sync)) {
    crate::par::run_if_worth(par, rows, work, MIN_PER_THREAD, body)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_tiled;
