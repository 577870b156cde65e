//! Editing the catalogue: providers their own organisations, the coordinator everything.

mod history;
mod organisation;
mod overview;
mod service;

pub use history::{organisation_history, service_history};
pub use organisation::{
    create_organisation, new_organisation, organisation_form, update_organisation,
};
pub use overview::{organisations_csv, organisations_xlsx, overview};
pub use service::{create_service, new_service, service_form, update_service};

pub(crate) use crate::form::{rejection, version};
