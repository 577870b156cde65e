//! A synthetic population of Ostrava's 23 districts by five-year age band for 2025 and the
//! projected years 2027 and 2030 (older bands growing, younger shrinking), shaped like the
//! city's (about 280 000 people), and need ratios for homes for the elderly, homes with a
//! special regime and home care; its CSV in the statistical office's layout is
//! [`population_csv`].

use kpss_domain::account::Actor;
use kpss_domain::forecast::{AgeBand, NeedRatio, Population};

use super::names::DISTRICTS;
use crate::tenant::ListKind;
use crate::{Result, Store};

/// People of each district in 2025, roughly as in Ostrava.
const SIZES: [i64; 23] = [
    1_600, 3_900, 2_400, 1_300, 11_000, 1_200, 3_600, 35_000, 1_700, 700, 99_000, 3_200, 1_500,
    5_100, 62_000, 1_100, 1_300, 6_800, 20_000, 4_000, 4_500, 1_200, 7_300,
];

/// Share of each band 0–4 … 80–84, 85+ in per mille of a district, for 2025.
const SHARES: [i64; 18] = [
    47, 51, 52, 47, 50, 60, 66, 72, 78, 66, 62, 61, 66, 68, 58, 42, 24, 50,
];

/// The synthetic population, in the layout of the domain.
#[must_use]
pub fn synthetic_population(districts: &[(String, String)]) -> Vec<Population> {
    let mut out = Vec::new();
    for (d, (code, _)) in districts.iter().enumerate() {
        let size = SIZES.get(d).copied().unwrap_or(3_000);
        for (year, shift) in [(2025, 0i64), (2027, 2), (2030, 5)] {
            for (b, share) in SHARES.iter().enumerate() {
                let from = u8::try_from(b * 5).unwrap_or(u8::MAX);
                let band = AgeBand {
                    from,
                    to: (b < 17).then(|| from + 5),
                };
                // Older bands grow 2 % a year, the young shrink 1 %.
                let per_year = if from >= 65 {
                    20
                } else if from < 20 {
                    -10
                } else {
                    0
                };
                let people = size * share * (1_000 + per_year * shift) / 1_000_000;
                out.push(Population {
                    district: code.clone(),
                    year,
                    band,
                    people,
                });
            }
        }
    }
    out
}

/// The population as a CSV of the Czech Statistical Office's open data, with districts named.
#[must_use]
pub fn population_csv(districts: &[(String, String)]) -> String {
    let mut csv = String::from("idhod,hodnota,vek_txt,vuzemi_txt,casref_do,pohlavi_txt\n");
    for (i, p) in synthetic_population(districts).iter().enumerate() {
        let name = districts
            .iter()
            .find(|(c, _)| *c == p.district)
            .map_or(p.district.as_str(), |(_, n)| n.as_str());
        let age = match p.band.to {
            Some(to) => format!(
                "{} až {} (více nebo rovno {} a méně než {})",
                p.band.from, to, p.band.from, to
            ),
            None => format!("{} a více (více nebo rovno {})", p.band.from, p.band.from),
        };
        csv.push_str(&format!(
            "{},{},\"{age}\",{name},{}-12-31,\n",
            i + 1,
            p.people,
            p.year
        ));
    }
    csv
}

/// Fills the population and the ratios of the demo city.
pub(super) async fn fill_forecast(store: &Store, tenant: i32) -> Result<()> {
    let system = Actor::system();
    let districts: Vec<(String, String)> = crate::tenant::list(store, tenant, ListKind::Districts)
        .await?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    debug_assert_eq!(districts.len(), DISTRICTS.len());
    crate::forecast::replace_population(store, tenant, &system, &synthetic_population(&districts))
        .await?;
    for ratio in [
        ("49", "65", "", "17"),
        ("50", "75", "", "9,5"),
        ("40", "65", "", "35"),
    ] {
        let ratio = NeedRatio::parse(ratio).map_err(crate::Error::Invalid)?;
        crate::forecast::add_ratio(store, tenant, &system, &ratio).await?;
    }
    Ok(())
}
