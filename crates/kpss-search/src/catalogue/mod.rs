//! The catalogue index: services and related activities of every tenant, kept in memory.

mod query;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use kpss_domain::catalogue::service_type;
use kpss_store::catalogue::Service;
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use query::{Dimension, FacetCount, Filters, Hit, Query, Results, Sort};

use crate::Error;

struct Fields {
    id: Field,
    tenant: Field,
    name: Field,
    text: Field,
    facets: Field,
    sort_name: Field,
}

/// The in-memory index of every tenant's catalogue.
pub struct CatalogueIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// Raised after every change searches can see, so copies of answers know they are stale.
    version: AtomicU64,
}

const ANALYZER: &str = "cs_folded";

impl CatalogueIndex {
    /// An empty index.
    pub fn new() -> Result<Self, Error> {
        let mut schema = Schema::builder();
        let text_options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let fields = Fields {
            id: schema.add_u64_field("id", INDEXED | STORED | FAST),
            tenant: schema.add_u64_field("tenant", INDEXED),
            name: schema.add_text_field("name", text_options.clone()),
            text: schema.add_text_field("text", text_options),
            facets: schema.add_facet_field("facets", FacetOptions::default()),
            sort_name: schema.add_text_field("sort_name", STRING | FAST),
        };
        let index = Index::create_in_ram(schema.build());
        // Czech without diacritics and case: „Senioři“ and „SENIORI“ both become „seniori“.
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        index.tokenizers().register(ANALYZER, analyzer);
        let writer = index.writer_with_num_threads(1, 60_000_000)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            version: AtomicU64::new(0),
        })
    }

    /// Builds the index from every service in the store.
    pub async fn build(store: &kpss_store::Store) -> Result<Self, Error> {
        let index = Self::new()?;
        let services = kpss_store::catalogue::all_services(store).await?;
        index.replace_all(&services)?;
        Ok(index)
    }

    /// Replaces the whole content of the index.
    pub fn replace_all(&self, services: &[Service]) -> Result<(), Error> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        writer.delete_all_documents()?;
        for service in services {
            writer.add_document(self.document(service))?;
        }
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.version.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    /// Adds or replaces one service; searches see it when this returns.
    pub fn upsert(&self, service: &Service) -> Result<(), Error> {
        self.upsert_many(std::slice::from_ref(service))
    }

    /// Adds or replaces services in one commit.
    pub fn upsert_many(&self, services: &[Service]) -> Result<(), Error> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for service in services {
            writer.delete_term(Term::from_field_u64(self.fields.id, id_u64(service.id)));
            writer.add_document(self.document(service))?;
        }
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.version.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    /// Takes in what any node saved after `since`; returns how many documents it refreshed.
    pub async fn refresh_since(
        &self,
        store: &kpss_store::Store,
        since: time::OffsetDateTime,
    ) -> Result<usize, Error> {
        let changed = kpss_store::catalogue::services_changed_since(store, since).await?;
        if !changed.is_empty() {
            self.upsert_many(&changed)?;
        }
        Ok(changed.len())
    }

    /// Keeps the index current with saves made by other kpss nodes sharing the database.
    pub async fn follow(
        self: std::sync::Arc<Self>,
        store: kpss_store::Store,
        period: std::time::Duration,
    ) {
        // Clocks of nodes differ a little; looking back further only re-indexes a few
        // documents twice, which is harmless.
        let overlap = time::Duration::seconds(60);
        let mut since = time::OffsetDateTime::now_utc() - overlap;
        loop {
            tokio::time::sleep(period).await;
            let started = time::OffsetDateTime::now_utc();
            match self.refresh_since(&store, since).await {
                Ok(n) => {
                    if n > 0 {
                        tracing::debug!(documents = n, "search index refreshed");
                    }
                    since = started - overlap;
                }
                Err(e) => tracing::warn!(error = %e, "search index refresh failed; will retry"),
            }
        }
    }

    /// Changes with every change searches can see; read it before searching.
    #[must_use]
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// Number of documents in the index.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when nothing is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn document(&self, service: &Service) -> TantivyDocument {
        let f = &self.fields;
        let d = &service.draft;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, id_u64(service.id));
        doc.add_u64(f.tenant, id_u64(service.tenant_id));
        doc.add_text(f.name, &d.name);
        doc.add_text(f.text, &service.organisation_name);
        if let Some(description) = &d.description {
            doc.add_text(f.text, description);
        }
        if let Some(t) = d.service_type.as_deref().and_then(|c| service_type(c).ok()) {
            doc.add_text(f.text, &t.name);
            doc.add_facet(
                f.facets,
                Facet::from_path([Dimension::ServiceType.key(), t.code.as_str()]),
            );
        }
        doc.add_facet(
            f.facets,
            Facet::from_path([Dimension::Kind.key(), d.kind.code()]),
        );
        for form in &d.forms {
            doc.add_facet(
                f.facets,
                Facet::from_path([Dimension::Form.key(), form.code()]),
            );
        }
        for group in &d.target_groups {
            doc.add_facet(
                f.facets,
                Facet::from_path([Dimension::TargetGroup.key(), group.as_str()]),
            );
        }
        for location in &d.locations {
            doc.add_text(f.text, &location.address);
            if let Some(district) = &location.district {
                doc.add_facet(
                    f.facets,
                    Facet::from_path([Dimension::District.key(), district.as_str()]),
                );
            }
        }
        doc.add_text(f.sort_name, kpss_domain::czech::sort_key(&d.name));
        doc
    }
}

fn id_u64(id: i32) -> u64 {
    u64::try_from(id).unwrap_or_default()
}

#[cfg(test)]
mod tests;
