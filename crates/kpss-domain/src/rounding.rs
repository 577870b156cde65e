//! Rounded amounts that add up. A table in tis. Kč or in per cent shows rounded parts beside a
//! rounded total; rounding each number on its own lets the parts add up to one more or one less
//! than the total, which a council member adds up and questions. The city's own tables round
//! so the parts add up (controlled rounding): every shown number is its exact value rounded
//! down or up to the unit, and the totals are the nearest rounding of the exact totals.

/// `value` in whole `unit`s, rounded half away from zero (2 553 500 Kč → 2 554 tis. Kč).
#[must_use]
pub fn round_to(value: i64, unit: i64) -> i64 {
    let (v, u) = (i128::from(value), i128::from(unit.max(1)));
    let half = u / 2;
    let rounded = if v >= 0 {
        (v + half) / u
    } else {
        -((-v + half) / u)
    };
    clamp(rounded)
}

fn clamp(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

/// Splits `target` whole units among exact `parts` (largest remainder): each part gets its
/// exact value rounded down or up, and the parts add up to `target`. `target` should itself be
/// a rounding of the parts' exact sum (e.g. [`round_to`] of it); otherwise the nearest feasible
/// split is given.
#[must_use]
pub fn apportion(target: i64, parts: &[i64], unit: i64) -> Vec<i64> {
    let unit = i128::from(unit.max(1));
    let mut shown: Vec<i128> = parts
        .iter()
        .map(|p| i128::from(*p).div_euclid(unit))
        .collect();
    let mut order: Vec<(usize, i128)> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (i, i128::from(*p).rem_euclid(unit)))
        .filter(|(_, rem)| *rem > 0)
        .collect();
    // Largest remainder first; among equal ones the earlier part, so the result is stable.
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let missing = i128::from(target) - shown.iter().sum::<i128>();
    let ups = usize::try_from(missing.max(0)).unwrap_or(usize::MAX);
    for (i, _) in order.into_iter().take(ups) {
        shown[i] += 1;
    }
    shown.into_iter().map(clamp).collect()
}

/// Exact parts shown in `unit`s with a total they add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundedParts {
    pub parts: Vec<i64>,
    pub total: i64,
}

/// Rounds a column of parts and its total so the shown parts add up to the shown total.
#[must_use]
pub fn round_parts(parts: &[i64], unit: i64) -> RoundedParts {
    let total = round_to(crate::money::sum(parts.iter().copied()), unit);
    RoundedParts {
        parts: apportion(total, parts, unit),
        total,
    }
}

/// Whole per cent shares of `parts` in their sum that add up to 100 (none when the sum is
/// zero).
#[must_use]
pub fn shares(parts: &[i64]) -> Option<Vec<i64>> {
    let whole = crate::money::sum(parts.iter().copied());
    if whole <= 0 || parts.iter().any(|p| *p < 0) {
        return None;
    }
    let scaled: Vec<i64> = parts.iter().map(|p| clamp(i128::from(*p) * 100)).collect();
    // The scaled parts add up to exactly 100 wholes.
    Some(apportion(100, &scaled, whole))
}

/// A table of exact amounts with row and column totals, shown in `unit`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundedTable {
    pub cells: Vec<Vec<i64>>,
    /// The total of each row.
    pub rows: Vec<i64>,
    /// The total of each column.
    pub columns: Vec<i64>,
    pub total: i64,
}

/// Rounds a table so that every row adds up to its shown row total, every column to its shown
/// column total, and those to the shown grand total, which is the nearest rounding of the
/// exact one. Every shown number is its exact value rounded down or up.
///
/// The classic proof that such a rounding exists is also the algorithm: border the table with
/// its negated totals so every row and column sums to zero; while some entry is not a whole
/// unit, the entries that are not form a cycle (a row or column cannot hold just one), and
/// moving amounts around the cycle with alternating signs keeps every sum until one more entry
/// is whole. The grand total only ever moves towards its nearest rounding.
#[must_use]
pub fn round_table(cells: &[Vec<i64>], unit: i64) -> RoundedTable {
    let unit = i128::from(unit.max(1));
    let rows = cells.len();
    let cols = cells.iter().map(Vec::len).max().unwrap_or(0);
    // The bordered table: (rows + 1) × (cols + 1), the last row and column the negated totals.
    let mut a = vec![vec![0i128; cols + 1]; rows + 1];
    for (r, row) in cells.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let v = i128::from(*v);
            a[r][c] = v;
            a[r][cols] -= v;
            a[rows][c] -= v;
            a[rows][cols] += v;
        }
    }
    let nearest = i128::from(round_to(clamp(a[rows][cols]), clamp(unit))) * unit;
    let fractional = |v: i128| v.rem_euclid(unit) != 0;
    while let Some(cycle) = find_cycle(&a, &fractional) {
        // Edge k of the cycle moves by +δ when k is even and −δ when odd, or the reverse.
        let room = |sign: i128| -> i128 {
            cycle
                .iter()
                .enumerate()
                .map(|(k, &(r, c))| {
                    let up = if k % 2 == 0 { sign } else { -sign };
                    let rem = a[r][c].rem_euclid(unit);
                    if up > 0 { unit - rem } else { rem }
                })
                .min()
                .unwrap_or(0)
        };
        let corner = cycle.iter().position(|&(r, c)| r == rows && c == cols);
        let sign = match corner {
            Some(k) => {
                let towards = (nearest - a[rows][cols]).signum();
                if k % 2 == 0 { towards } else { -towards }
            }
            None if room(1) <= room(-1) => 1,
            None => -1,
        };
        let delta = room(sign);
        for (k, &(r, c)) in cycle.iter().enumerate() {
            a[r][c] += if k % 2 == 0 {
                sign * delta
            } else {
                -sign * delta
            };
        }
    }
    let units = |v: i128| clamp(v.div_euclid(unit));
    RoundedTable {
        cells: (0..rows)
            .map(|r| (0..cells[r].len()).map(|c| units(a[r][c])).collect())
            .collect(),
        rows: (0..rows).map(|r| units(-a[r][cols])).collect(),
        columns: (0..cols).map(|c| units(-a[rows][c])).collect(),
        total: units(a[rows][cols]),
    }
}

/// A cycle of entries that are not whole units, alternating between a row and a column:
/// (r0, c0), (r1, c0), (r1, c1), … back to r0. `None` when every entry is whole.
fn find_cycle(a: &[Vec<i128>], fractional: &impl Fn(i128) -> bool) -> Option<Vec<(usize, usize)>> {
    let (r0, c0) = a
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|v| fractional(*v)).map(|c| (r, c)))?;
    // Walk: from a row go along it to another column, from a column down it to another row,
    // never back along the edge just used; every vertex on the walk has a second fractional
    // entry, so the walk goes on until it meets a vertex it has seen.
    let mut path: Vec<(usize, usize)> = vec![(r0, c0)];
    // Vertices as (is_row, index) with the position in `path` where they were entered.
    let mut seen: Vec<((bool, usize), usize)> = vec![((true, r0), 0)];
    let mut at = (false, c0);
    loop {
        if let Some(&(_, start)) = seen.iter().find(|(v, _)| *v == at) {
            let cycle: Vec<(usize, usize)> = path[start..].to_vec();
            // The cycle closes at `at`; an even number of edges alternates row/column moves.
            return Some(cycle);
        }
        seen.push((at, path.len()));
        let last = *path.last()?;
        let next = if at.0 {
            let r = at.1;
            (0..a[r].len())
                .find(|&c| c != last.1 && fractional(a[r][c]))
                .map(|c| ((r, c), (false, c)))
        } else {
            let c = at.1;
            (0..a.len())
                .find(|&r| r != last.0 && fractional(a[r][c]))
                .map(|r| ((r, c), (true, r)))
        };
        let (edge, vertex) = next?;
        path.push(edge);
        at = vertex;
    }
}

#[cfg(test)]
mod tests;
