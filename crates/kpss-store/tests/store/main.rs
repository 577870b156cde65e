//! Store tests: each runs on SQLite and on PostgreSQL (`name::sqlite`, `name::postgres`);
//! one test binary, a module per feature.

mod accounts;
mod action_plan;
mod catalogue_store;
mod consultation;
mod decoding;
mod documents;
mod events;
mod forecast;
mod judgements;
mod links;
mod mail;
mod meetings;
mod members;
mod needs;
mod open_data;
mod part_writing;
mod plain_language;
mod plan;
mod register;
mod surveys;
mod swot;
mod tenancy;
mod work_groups;

use kpss_domain::FieldError;
use kpss_domain::account::{Actor, Role};
use kpss_domain::catalogue::{
    CodeLists, LocationInput, OrganisationDraft, OrganisationInput, ServiceDraft, ServiceInput,
};
use kpss_store::account::{self, NewAccount};
use kpss_store::catalogue;
use kpss_store::tenant::{self, ListItem, ListKind};
#[allow(unused_imports)]
use kpss_store::{Conflict, Error, Store, audit, on_both_databases};

fn organisation(name: &str, ico: &str) -> OrganisationDraft {
    OrganisationDraft::parse(&OrganisationInput {
        name: name.into(),
        ico: ico.into(),
        email: "info@example.cz".into(),
        ..OrganisationInput::default()
    })
    .unwrap()
}

fn service(name: &str) -> ServiceDraft {
    let groups = vec!["seniori".to_owned()];
    let districts = vec!["poruba".to_owned()];
    ServiceDraft::parse(
        &ServiceInput {
            kind: "sluzba".into(),
            name: name.into(),
            service_type: "40".into(),
            register_id: "7654321".into(),
            description: "Pomoc seniorům v domácnosti.".into(),
            forms: vec!["terenni".into()],
            target_groups: vec!["seniori".into()],
            capacity: "85".into(),
            capacity_unit: "klienti".into(),
            age_from: "65".into(),
            active_from: "1. 1. 2024".into(),
            locations: vec![LocationInput {
                address: "Dělnická 1, Ostrava-Poruba".into(),
                district: "poruba".into(),
                latitude: "49.83".into(),
                longitude: "18.17".into(),
            }],
            ..ServiceInput::default()
        },
        CodeLists {
            target_groups: &groups,
            districts: &districts,
        },
    )
    .unwrap()
}

async fn tenant(store: &Store, slug: &str) -> i32 {
    tenant::ensure(store, slug, "Město").await.unwrap().id
}
