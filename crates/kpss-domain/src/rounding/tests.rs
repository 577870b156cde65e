use proptest::prelude::*;

use super::*;

/// Whether `shown` units are `exact` rounded down or up (less than one unit away).
fn within_one_unit(shown: i64, exact: i64, unit: i64) -> bool {
    (i128::from(shown) * i128::from(unit) - i128::from(exact)).abs() < i128::from(unit)
}

#[test]
fn thousands_round_half_away_from_zero() {
    assert_eq!(round_to(2_553_000, 1000), 2553);
    assert_eq!(round_to(2_553_500, 1000), 2554);
    assert_eq!(round_to(2_553_499, 1000), 2553);
    assert_eq!(round_to(-1_500, 1000), -2);
    assert_eq!(round_to(0, 1000), 0);
}

#[test]
fn three_thirds_add_up_to_the_whole_as_the_city_shows_them() {
    // 3 × 1 400 Kč = 4 200 Kč: rounded one by one 1 + 1 + 1 ≠ 4 tis. Kč.
    let r = round_parts(&[1_400, 1_400, 1_400], 1000);
    assert_eq!(r.total, 4);
    assert_eq!(r.parts.iter().sum::<i64>(), 4);
    assert_eq!(
        r.parts,
        vec![2, 1, 1],
        "the first of equal remainders goes up"
    );
}

#[test]
fn the_seed_budget_shares_are_10_10_and_80_percent() {
    assert_eq!(
        shares(&[255_300, 255_300, 2_042_400]),
        Some(vec![10, 10, 80])
    );
    assert_eq!(shares(&[1, 1, 1]), Some(vec![34, 33, 33]));
    assert_eq!(shares(&[0, 0]), None);
}

#[test]
fn a_table_adds_up_across_rows_and_down_columns() {
    let cells = vec![
        vec![1_400, 1_400, 1_400],
        vec![2_600, 500, 499],
        vec![0, 3_500, 700],
    ];
    let t = round_table(&cells, 1000);
    assert_eq!(t.total, 12);
    for (r, row) in t.cells.iter().enumerate() {
        assert_eq!(row.iter().sum::<i64>(), t.rows[r]);
    }
    for c in 0..3 {
        assert_eq!(t.cells.iter().map(|row| row[c]).sum::<i64>(), t.columns[c]);
    }
    assert_eq!(t.rows.iter().sum::<i64>(), t.total);
}

proptest! {
    #[test]
    fn shown_parts_add_up_to_the_shown_total(
        parts in prop::collection::vec(0i64..50_000_000, 0..30),
        unit in prop::sample::select(vec![1i64, 10, 100, 1000, 1_000_000]),
    ) {
        let r = round_parts(&parts, unit);
        prop_assert_eq!(r.parts.iter().sum::<i64>(), r.total);
        prop_assert_eq!(r.total, round_to(parts.iter().sum(), unit));
        for (shown, exact) in r.parts.iter().zip(&parts) {
            prop_assert!(within_one_unit(*shown, *exact, unit), "{} vs {}", shown, exact);
        }
    }

    #[test]
    fn shares_add_up_to_one_hundred(parts in prop::collection::vec(0i64..10_000_000, 1..12)) {
        let whole: i64 = parts.iter().sum();
        match shares(&parts) {
            None => prop_assert_eq!(whole, 0),
            Some(s) => {
                prop_assert_eq!(s.iter().sum::<i64>(), 100);
                for (shown, part) in s.iter().zip(&parts) {
                    prop_assert!(within_one_unit(*shown, part * 100, whole));
                }
            }
        }
    }

    #[test]
    fn a_rounded_table_adds_up_every_way(
        cells in prop::collection::vec(prop::collection::vec(0i64..20_000_000, 1..7), 1..11)
            .prop_map(|rows| {
                let width = rows.iter().map(Vec::len).min().unwrap_or(1);
                rows.into_iter().map(|r| r[..width].to_vec()).collect::<Vec<_>>()
            }),
    ) {
        let unit = 1000;
        let t = round_table(&cells, unit);
        let width = cells[0].len();
        let exact_total: i64 = cells.iter().flatten().sum();
        prop_assert_eq!(t.total, round_to(exact_total, unit), "the grand total is the nearest");
        prop_assert_eq!(t.rows.iter().sum::<i64>(), t.total);
        prop_assert_eq!(t.columns.iter().sum::<i64>(), t.total);
        for (r, row) in cells.iter().enumerate() {
            prop_assert_eq!(t.cells[r].iter().sum::<i64>(), t.rows[r]);
            prop_assert!(within_one_unit(t.rows[r], row.iter().sum(), unit));
            for (c, exact) in row.iter().enumerate() {
                prop_assert!(within_one_unit(t.cells[r][c], *exact, unit));
            }
        }
        for c in 0..width {
            let exact: i64 = cells.iter().map(|row| row[c]).sum();
            prop_assert_eq!(t.cells.iter().map(|row| row[c]).sum::<i64>(), t.columns[c]);
            prop_assert!(within_one_unit(t.columns[c], exact, unit));
        }
    }
}
