//! The partial result of a reduction, and how partials of consecutive chunks combine.

/// "No element seen yet" for arg reductions, so an all-(−inf) row still yields index 0.
pub const NONE: usize = usize::MAX;

/// A combinable partial result: `v` is the value (sum, product, extreme, flag), `i` the
/// index for arg reductions.
#[derive(Copy, Clone)]
pub struct Part {
    pub v: f64,
    pub i: usize,
}

#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Kind {
    Sum,
    SumSq,
    /// Σ exp(x − shift[j]), for logsumexp.
    ExpShift,
    /// Σ (x − shift[j])², for the second pass of variance.
    SqDev,
    Max,
    Min,
    Prod,
    ArgMax,
    ArgMin,
    Any,
    All,
}

impl Kind {
    pub fn init(self) -> Part {
        let v = match self {
            Kind::Max => f64::NEG_INFINITY,
            Kind::Min => f64::INFINITY,
            Kind::Prod | Kind::All => 1.0,
            _ => 0.0,
        };
        Part { v, i: NONE }
    }

    /// Merges the partial of an earlier chunk `a` with a later one `b`.
    pub fn combine(self, a: Part, b: Part) -> Part {
        let v = match self {
            Kind::Max => nan_or(a.v, b.v, a.v.max(b.v)),
            Kind::Min => nan_or(a.v, b.v, a.v.min(b.v)),
            Kind::Prod => a.v * b.v,
            Kind::Any => a.v.max(b.v),
            Kind::All => a.v.min(b.v),
            Kind::ArgMax | Kind::ArgMin => {
                let better = if self == Kind::ArgMax { arg_max_better } else { arg_min_better };
                return if b.i != NONE && (a.i == NONE || better(b.v, a.v)) { b } else { a };
            }
            _ => a.v + b.v,
        };
        Part { v, i: NONE }
    }
}

fn nan_or(a: f64, b: f64, v: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        v
    }
}

// numpy: the first NaN wins, otherwise the first strict extreme.
pub fn arg_max_better(x: f64, cur: f64) -> bool {
    !cur.is_nan() && (x.is_nan() || x > cur)
}
pub fn arg_min_better(x: f64, cur: f64) -> bool {
    !cur.is_nan() && (x.is_nan() || x < cur)
}
