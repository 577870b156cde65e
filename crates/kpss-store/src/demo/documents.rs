//! The library of the demo city: the analysis and the forecast behind the 7th plan, the
//! council's resolution on the 6th, minutes of the seniors' group, the logo manual, and the
//! seniors' internal SWOT notes – each a small real PDF. The analysis was put to comments in
//! October 2026; its second version works them in.

use kpss_domain::account::Actor;
use kpss_domain::consultation::{
    Channel, CommentDraft, ConsultationPeriod, Origin, Section, Settlement,
};
use kpss_domain::document::{DocumentDraft, DocumentKind};
use time::macros::date;

use crate::consultation;
use crate::document::{self, NewFile};
use crate::{Result, Store};

/// A one-page PDF with a heading and lines of text (Latin letters only: the standard
/// Helvetica has no Czech ones, and a demo file needs no embedded font).
#[must_use]
pub fn pdf(title: &str, lines: &[&str]) -> Vec<u8> {
    let escape = |t: &str| {
        t.chars()
            .filter(char::is_ascii)
            .collect::<String>()
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)")
    };
    let mut text = format!("BT /F1 18 Tf 56 770 Td ({}) Tj ET\n", escape(title));
    for (i, line) in lines.iter().enumerate() {
        let y = 730 - 18 * i32::try_from(i).unwrap_or(0);
        text.push_str(&format!(
            "BT /F1 11 Tf 56 {y} Td ({}) Tj ET\n",
            escape(line)
        ));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}endstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Files the demo library.
pub(super) async fn fill_documents(
    store: &Store,
    tenant: i32,
    (current, next): (i32, i32),
) -> Result<()> {
    let system = Actor::system();
    let entries: [(DocumentDraft, &str, &[&str]); 6] = [
        (
            DocumentDraft {
                title: "Analýza potřeb sociálních služeb v Ostravě 2026".into(),
                kind: DocumentKind::Analysis,
                issued_on: date!(2026 - 06 - 30),
                description: Some(
                    "Podklad 7. komunitního plánu: dotazníková šetření poskytovatelů a \
                     uživatelů, statistiky a SWOT analýzy pracovních skupin."
                        .into(),
                ),
                plan: Some(next),
                group: None,
                public: true,
            },
            "analyza-potreb-2026.pdf",
            &[
                "Analyza potreb socialnich sluzeb v Ostrave 2026",
                "1. Metodika  2. Vysledky setreni  3. SWOT  4. Doporuceni",
            ],
        ),
        (
            DocumentDraft {
                title: "Prognóza potřeb sociálních služeb do roku 2030".into(),
                kind: DocumentKind::Forecast,
                issued_on: date!(2026 - 07 - 15),
                description: Some(
                    "Vývoj počtu obyvatel podle věku a obvodů a potřebná místa ve službách.".into(),
                ),
                plan: Some(next),
                group: None,
                public: true,
            },
            "prognoza-2030.pdf",
            &[
                "Prognoza potreb do roku 2030",
                "Obyvatelstvo 2025, 2027, 2030 podle obvodu",
            ],
        ),
        (
            DocumentDraft {
                title: "Usnesení zastupitelstva o schválení 6. komunitního plánu".into(),
                kind: DocumentKind::Resolution,
                issued_on: date!(2022 - 09 - 14),
                description: None,
                plan: Some(current),
                group: None,
                public: true,
            },
            "usneseni-zastupitelstva.pdf",
            &[
                "Usneseni zastupitelstva mesta",
                "Zastupitelstvo schvaluje 6. komunitni plan",
            ],
        ),
        (
            DocumentDraft {
                title: "Zápis z jednání pracovní skupiny Senioři – září 2026".into(),
                kind: DocumentKind::Minutes,
                issued_on: date!(2026 - 09 - 22),
                description: None,
                plan: Some(next),
                group: Some("SEN".into()),
                public: true,
            },
            "zapis-sen-2026-09.pdf",
            &[
                "Zapis z jednani pracovni skupiny Seniori",
                "Pritomno 12 clenu",
            ],
        ),
        (
            DocumentDraft {
                title: "Manuál loga komunitního plánování".into(),
                kind: DocumentKind::Manual,
                issued_on: date!(2019 - 03 - 01),
                description: Some("Logo, barvy a písmo materiálů komunitního plánování.".into()),
                plan: None,
                group: None,
                public: true,
            },
            "manual-loga.pdf",
            &[
                "Manual loga komunitniho planovani",
                "Ochranna zona, barvy, pismo",
            ],
        ),
        (
            DocumentDraft {
                title: "Pracovní poznámky ke SWOT – senioři".into(),
                kind: DocumentKind::Other,
                issued_on: date!(2026 - 05 - 12),
                description: Some("Jen pro členy pracovní skupiny.".into()),
                plan: Some(next),
                group: Some("SEN".into()),
                public: false,
            },
            "swot-poznamky.pdf",
            &["Pracovni poznamky ke SWOT", "Interni podklad"],
        ),
    ];
    let mut first = None;
    for (draft, name, lines) in &entries {
        let body = pdf(&draft.title, lines);
        let file = NewFile {
            name: (*name).to_owned(),
            media_type: "application/pdf",
            body: &body,
            note: None,
        };
        let id = document::create(store, tenant, &system, draft, &file).await?;
        first.get_or_insert(id);
    }
    if let Some(analysis) = first {
        let consultation = consult(store, tenant, analysis).await?;
        let body = pdf(
            "Analyza potreb socialnich sluzeb v Ostrave 2026",
            &["Verze 2: doplnene vysledky setreni uzivatelu"],
        );
        let file = NewFile {
            name: "analyza-potreb-2026-v2.pdf".into(),
            media_type: "application/pdf",
            body: &body,
            note: Some("Doplněné výsledky šetření uživatelů.".into()),
        };
        document::add_version(store, tenant, &system, analysis, &file).await?;
        settle(store, tenant, consultation).await?;
    }
    Ok(())
}

/// What the public said of the analysis in October 2026, by channel.
const REMARKS: [(Channel, &str, Option<&str>); 4] = [
    (
        Channel::Web,
        "V analýze chybí údaje o čekatelích na domovy se zvláštním režimem.",
        Some("Jana Nováková"),
    ),
    (
        Channel::Email,
        "Šetření uživatelů by mělo zahrnout i pečující osoby.",
        Some("Alzheimer centrum Ostrava"),
    ),
    (
        Channel::Letter,
        "Prosíme doplnit srovnání s krajskou sítí sociálních služeb.",
        None,
    ),
    (
        Channel::Hearing,
        "Analýza dobře popisuje nedostatek terénních služeb v okrajových obvodech.",
        None,
    ),
];

/// The analysis was put to comments in October 2026; four came.
async fn consult(store: &Store, tenant: i32, analysis: i32) -> Result<i32> {
    let system = Actor::system();
    let period = ConsultationPeriod {
        opens_on: date!(2026 - 10 - 01),
        closes_on: date!(2026 - 10 - 31),
    };
    let id = consultation::open_document(store, tenant, &system, analysis, &period).await?;
    for (i, (channel, text, author)) in REMARKS.iter().enumerate() {
        let draft = CommentDraft {
            text: (*text).to_owned(),
            name: author
                .filter(|_| *channel == Channel::Web)
                .map(str::to_owned),
            organisation: author
                .filter(|_| *channel != Channel::Web)
                .map(str::to_owned),
            email: None,
        };
        let day = period.opens_on + time::Duration::days(i64::try_from(i * 7).unwrap_or(0));
        // The demo's past comments are entered as staff would: the period is over.
        let origin = Origin {
            channel: *channel,
            received_on: day,
        };
        consultation::add_staff(
            store,
            tenant,
            &system,
            (id, Section::Document),
            origin,
            &draft,
        )
        .await?;
    }
    Ok(id)
}

/// Three comments are settled, two by the analysis' second version.
async fn settle(store: &Store, tenant: i32, consultation: i32) -> Result<()> {
    let system = Actor::system();
    let decisions = [
        ("vyhoveno", "Údaje o čekatelích doplněny do kapitoly 2."),
        (
            "castecne",
            "Pečující osoby budou osloveny v příštím šetření; doplněn odkaz na jejich potřeby.",
        ),
        (
            "nevyhoveno",
            "Srovnání s krajskou sítí je součástí střednědobého plánu kraje, na který analýza odkazuje.",
        ),
    ];
    let comments = consultation::comments(store, tenant, consultation).await?;
    for (comment, (decision, reasoning)) in comments.iter().zip(decisions) {
        let settlement = Settlement::parse(decision, reasoning).map_err(crate::Error::Invalid)?;
        let change = if decision == "nevyhoveno" {
            None
        } else {
            consultation::changes(store, tenant, comment)
                .await?
                .first()
                .map(|e| e.id)
        };
        consultation::settle(
            store,
            tenant,
            &system,
            (comment.id, comment.version),
            (&settlement, change),
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_pdf_is_one_readable_page() {
        let pdf = super::pdf("Manual (loga)", &["Radek 1"]);
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.contains("(Manual \\(loga\\)) Tj"));
        // The cross-reference table points at the objects.
        let xref: usize = text
            .split("startxref\n")
            .nth(1)
            .and_then(|s| s.lines().next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert!(text[xref..].starts_with("xref\n0 6\n"));
        let second: usize = text[xref..].lines().nth(4).unwrap()[..10].parse().unwrap();
        assert!(text[second..].starts_with("2 0 obj"));
    }
}
