//! The agreement coefficients, from counts.
//!
//! Binary coding of units by `m` annotators who each code every unit is
//! summed up by a [`Tally`]: how many units exactly `k` annotators marked,
//! and how many units each annotator marked. Cohen's kappa (two
//! annotators), Fleiss' kappa and Krippendorff's nominal alpha follow from
//! it exactly; each is `None` where it is undefined (no variation at all:
//! its denominator is zero), as scikit-learn, statsmodels and the
//! `krippendorff` package give NaN or refuse there.

use std::collections::BTreeMap;

/// Binary codes of units by a fixed set of annotators, summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// `by_count[k]`: units marked by exactly `k` annotators.
    by_count: Vec<u64>,
    /// `marked[i]`: units annotator `i` marked.
    marked: Vec<u64>,
}

impl Tally {
    /// An empty tally of `raters` annotators.
    pub fn new(raters: usize) -> Self {
        Self {
            by_count: vec![0; raters + 1],
            marked: vec![0; raters],
        }
    }

    /// Adds units: `coverage[i][u]` is annotator `i`'s code of unit `u`
    /// (all of one length).
    pub fn add_units(&mut self, coverage: &[&[bool]]) {
        let n = coverage.first().map_or(0, |c| c.len());
        for u in 0..n {
            let mut k = 0;
            for (i, codes) in coverage.iter().enumerate() {
                if codes[u] {
                    k += 1;
                    self.marked[i] += 1;
                }
            }
            self.by_count[k] += 1;
        }
    }

    /// The number of units.
    pub fn units(&self) -> u64 {
        self.by_count.iter().sum()
    }

    fn raters(&self) -> u64 {
        self.marked.len() as u64
    }
}

/// Cohen's kappa of the two annotators of `tally`.
pub fn cohen_kappa(tally: &Tally) -> Option<f64> {
    if tally.raters() != 2 {
        return None;
    }
    let n = tally.units() as f64;
    let agree = (tally.by_count[0] + tally.by_count[2]) as f64;
    let (a1, b1) = (tally.marked[0] as f64, tally.marked[1] as f64);
    let chance = a1 * b1 + (n - a1) * (n - b1);
    ratio(n * agree - chance, n * n - chance)
}

/// Cohen's kappa over pairs of categorical codes (one pair per item).
pub fn cohen_kappa_of(items: &[(String, String)]) -> Option<f64> {
    let n = items.len() as f64;
    let mut a: BTreeMap<&str, f64> = BTreeMap::new();
    let mut b: BTreeMap<&str, f64> = BTreeMap::new();
    let mut agree = 0.0;
    for (x, y) in items {
        *a.entry(x).or_default() += 1.0;
        *b.entry(y).or_default() += 1.0;
        if x == y {
            agree += 1.0;
        }
    }
    let chance: f64 = a
        .iter()
        .map(|(c, na)| na * b.get(c).copied().unwrap_or(0.0))
        .sum();
    ratio(n * agree - chance, n * n - chance)
}

/// Fleiss' kappa of the annotators of `tally`.
pub fn fleiss_kappa(tally: &Tally) -> Option<f64> {
    let m = tally.raters() as f64;
    let n = tally.units() as f64;
    if m < 2.0 || n == 0.0 {
        return None;
    }
    // Mean agreement of a unit: the share of agreeing rater pairs.
    let agreeing: f64 = tally
        .by_count
        .iter()
        .enumerate()
        .map(|(k, &units)| {
            let (k, rest) = (k as f64, m - k as f64);
            units as f64 * (k * (k - 1.0) + rest * (rest - 1.0))
        })
        .sum();
    let observed = agreeing / (n * m * (m - 1.0));
    let p1 = tally.marked.iter().sum::<u64>() as f64 / (n * m);
    let expected = p1 * p1 + (1.0 - p1) * (1.0 - p1);
    ratio(observed - expected, 1.0 - expected)
}

/// Krippendorff's alpha (nominal) of the annotators of `tally`.
pub fn krippendorff_alpha(tally: &Tally) -> Option<f64> {
    let m = tally.raters() as f64;
    if m < 2.0 {
        return None;
    }
    let values = tally.units() as f64 * m;
    let ones = tally.marked.iter().sum::<u64>() as f64;
    let zeros = values - ones;
    // Disagreeing pairs within units, each unit weighted 1 / (m - 1).
    let within: f64 = tally
        .by_count
        .iter()
        .enumerate()
        .map(|(k, &units)| units as f64 * k as f64 * (m - k as f64) / (m - 1.0))
        .sum();
    let expected = ones * zeros;
    ratio(expected - (values - 1.0) * within, expected)
}

/// `num / den`, or `None` when `den` is zero.
fn ratio(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| num / den)
}
