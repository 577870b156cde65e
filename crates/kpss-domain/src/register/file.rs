//! Reading a register file: the layout, the checks of each item, the report of bad ones.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::catalogue::{
    Capacity, CapacityUnit, Ico, ServiceForm, parse_register_id, service_types,
};

/// The file as a whole could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Not JSON, or cut short: where the reading stopped, in Czech.
    #[error(
        "Soubor není platný JSON ({0}). Nahrajte soubor registru tak, jak jej MPSV zveřejňuje."
    )]
    NotJson(String),
    /// JSON, but not the register's layout.
    #[error("Soubor nemá podobu registru poskytovatelů: chybí seznam položek „polozky“.")]
    NotRegister,
    /// Larger than kpss reads.
    #[error("Soubor je větší než {0} MB.")]
    TooLarge(usize),
}

/// A provider as the register names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provider {
    pub ico: Ico,
    pub name: String,
    pub legal_form: Option<String>,
}

/// A facility where the service is provided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub address: String,
    /// The address point's code in RÚIAN (kód adresního místa).
    pub ruian: Option<u64>,
    /// The municipality's code in RÚIAN.
    pub municipality: Option<u32>,
}

/// A registered service as the catalogue keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterService {
    pub register_id: String,
    /// kpss's code of the kind of service.
    pub service_type: String,
    pub name: String,
    pub provider: Provider,
    pub forms: Vec<ServiceForm>,
    pub capacity: Option<Capacity>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub web: Option<String>,
    pub active_from: Option<Date>,
    pub active_to: Option<Date>,
    pub places: Vec<Place>,
}

/// An item the import leaves out, and why (Czech).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The item's position in the file, from 1.
    pub item: usize,
    /// Its register identifier, when it has one.
    pub register_id: Option<String>,
    pub message: String,
}

/// What a file held: the services read, the items left out, and the day it was exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub services: Vec<RegisterService>,
    pub problems: Vec<Problem>,
    pub exported: Option<Date>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFile {
    datum_exportu: Option<String>,
    polozky: Option<Vec<serde_json::Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawItem {
    identifikator: String,
    druh_sluzby: RawKind,
    nazev: Option<String>,
    datum_zahajeni: Option<String>,
    datum_ukonceni: Option<String>,
    poskytovatel: RawProvider,
    #[serde(default)]
    zarizeni: Vec<RawFacility>,
    kontakty: Option<RawContacts>,
    #[serde(default)]
    formy_poskytovani: Vec<RawForm>,
}

#[derive(Deserialize)]
struct RawKind {
    kod: Option<String>,
    paragraf: Option<String>,
    nazev: Option<String>,
}

/// Only these of the provider: its statutory bodies (people's names) are never read.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawProvider {
    ico: String,
    nazev: String,
    pravni_forma: Option<String>,
}

#[derive(Deserialize)]
struct RawFacility {
    adresa: RawAddress,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAddress {
    text: String,
    kod_adresniho_mista: Option<u64>,
    kod_obce: Option<u32>,
}

#[derive(Deserialize)]
struct RawContacts {
    email: Option<String>,
    telefon: Option<String>,
    web: Option<String>,
}

#[derive(Deserialize)]
struct RawForm {
    forma: String,
    #[serde(default)]
    kapacita: Vec<RawCapacity>,
}

#[derive(Deserialize)]
struct RawCapacity {
    pocet: u32,
    druh: String,
}

/// Reads a register file.
pub fn read(bytes: &[u8]) -> Result<Read, FileError> {
    if bytes.len() > super::MAX_FILE {
        return Err(FileError::TooLarge(super::MAX_FILE / (1024 * 1024)));
    }
    let file: RawFile = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => FileError::NotRegister,
        _ => FileError::NotJson(format!("řádek {}, znak {}", e.line(), e.column())),
    })?;
    let items = file.polozky.ok_or(FileError::NotRegister)?;
    let mut out = Read {
        services: Vec::with_capacity(items.len()),
        problems: Vec::new(),
        exported: file
            .datum_exportu
            .as_deref()
            .and_then(|d| crate::czech::parse_date(d).ok()),
    };
    for (i, value) in items.into_iter().enumerate() {
        let id = value
            .get("identifikator")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        let item = serde_json::from_value::<RawItem>(value)
            .map_err(|e| format!("položka nemá podobu registru ({e})."))
            .and_then(service);
        match item {
            Ok(s) => out.services.push(s),
            Err(message) => out.problems.push(Problem {
                item: i + 1,
                register_id: id,
                message,
            }),
        }
    }
    Ok(out)
}

/// One item checked: identifier, IČO, kind, forms, capacities and dates.
fn service(raw: RawItem) -> Result<RegisterService, String> {
    let register_id = parse_register_id(&raw.identifikator)
        .map_err(|_| format!("identifikátor „{}“ nemá sedm číslic.", raw.identifikator))?;
    let ico = Ico::parse(&raw.poskytovatel.ico)
        .map_err(|_| format!("IČO poskytovatele „{}“ není platné.", raw.poskytovatel.ico))?;
    let service_type = kind(&raw.druh_sluzby)?;
    let mut forms = Vec::new();
    let mut capacities = Vec::new();
    for f in &raw.formy_poskytovani {
        let form = form(&f.forma)?;
        if !forms.contains(&form) {
            forms.push(form);
        }
        for c in &f.kapacita {
            let unit = CapacityUnit::parse(&c.druh)
                .map_err(|_| format!("neznámý druh kapacity „{}“.", c.druh))?;
            capacities.push((
                form,
                Capacity {
                    amount: c.pocet,
                    unit,
                },
            ));
        }
    }
    forms.sort();
    // kpss keeps one capacity: the residential one (beds) where there is one, else the first.
    let capacity = capacities
        .iter()
        .find(|(f, _)| *f == ServiceForm::Residential)
        .or_else(|| capacities.first())
        .map(|(_, c)| *c)
        .filter(|c| c.amount > 0);
    let date = |raw: &Option<String>, what: &str| {
        raw.as_deref()
            .map(|d| crate::czech::parse_date(d).map_err(|_| format!("{what} „{d}“ není datum.")))
            .transpose()
    };
    let text = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let contacts = raw.kontakty.as_ref();
    let name = text(&raw.nazev).unwrap_or_else(|| {
        // The register names a service by its kind where it has no name of its own.
        crate::catalogue::service_type(&service_type)
            .map_or_else(|_| service_type.clone(), |t| t.name.clone())
    });
    Ok(RegisterService {
        register_id,
        name,
        provider: Provider {
            ico,
            name: raw.poskytovatel.nazev.trim().to_owned(),
            legal_form: text(&raw.poskytovatel.pravni_forma),
        },
        forms,
        capacity,
        email: contacts.and_then(|c| text(&c.email)),
        phone: contacts.and_then(|c| text(&c.telefon)),
        web: contacts.and_then(|c| text(&c.web)),
        active_from: date(&raw.datum_zahajeni, "datum zahájení")?,
        active_to: date(&raw.datum_ukonceni, "datum ukončení")?,
        places: raw
            .zarizeni
            .iter()
            .map(|f| Place {
                address: f.adresa.text.trim().to_owned(),
                ruian: f.adresa.kod_adresniho_mista,
                municipality: f.adresa.kod_obce,
            })
            .filter(|p| !p.address.is_empty())
            .collect(),
        service_type,
    })
}

/// The kind of service: by the register's code where kpss knows it, else by its paragraph,
/// else by its name.
fn kind(raw: &RawKind) -> Result<String, String> {
    let all = service_types();
    let found = raw
        .kod
        .as_deref()
        .and_then(|k| all.iter().find(|t| t.register_code.as_deref() == Some(k)))
        .or_else(|| {
            let p = raw
                .paragraf
                .as_deref()?
                .trim()
                .trim_start_matches('§')
                .trim();
            all.iter().find(|t| t.paragraph.as_deref() == Some(p))
        })
        .or_else(|| {
            let n = raw.nazev.as_deref()?.trim().to_lowercase();
            all.iter().find(|t| t.name.to_lowercase() == n)
        });
    found.map(|t| t.code.clone()).ok_or_else(|| {
        format!(
            "neznámý druh sociální služby „{}“.",
            raw.nazev
                .as_deref()
                .or(raw.kod.as_deref())
                .or(raw.paragraf.as_deref())
                .unwrap_or("")
        )
    })
}

/// A form by kpss's code or the register's.
fn form(raw: &str) -> Result<ServiceForm, String> {
    let code = raw.trim().rsplit('/').next().unwrap_or(raw).to_lowercase();
    let code = match code.as_str() {
        "pob" => "pobytova",
        "amb" => "ambulantni",
        "ter" => "terenni",
        other => other,
    };
    ServiceForm::parse(code).map_err(|_| format!("neznámá forma poskytování „{raw}“."))
}
