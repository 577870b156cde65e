//! The catalogue index: services and related activities of every tenant, kept in memory.

mod query;
mod vocabulary;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use kpss_domain::catalogue::service_type;
use kpss_store::catalogue::Service;
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use query::{Dimension, FacetCount, Filters, Hit, Query, Results, Sort};

use crate::Error;
use crate::czech::CzechStemmer;
use crate::czech::stop_words::STOP_WORDS;
use crate::czech::thesaurus::Thesaurus;

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
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// Raised after every change searches can see, so copies of answers know they are stale.
    version: AtomicU64,
    /// Words as people type them, folded but whole: what the vocabulary is learnt with.
    words: TextAnalyzer,
    /// Each tenant's words, for suggestions.
    vocabulary: RwLock<HashMap<i32, vocabulary::Words>>,
    /// The analyzer of the text fields, for thesauri set later.
    analyzer: TextAnalyzer,
    /// The built-in thesaurus, and each tenant's with its own groups added.
    thesaurus: Arc<Thesaurus>,
    tenant_thesaurus: RwLock<HashMap<i32, Arc<Thesaurus>>>,
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
        // Czech without diacritics and case („Senioři“ and „SENIORI“ both become „seniori“),
        // without the words that mean nothing, and cut to the stem („seniorům“ → „senior“).
        let words = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(StopWordFilter::remove(
                STOP_WORDS.iter().map(|w| (*w).to_owned()),
            ))
            .filter(CzechStemmer)
            .build();
        let thesaurus = Arc::new(Thesaurus::with_builtin(&[], |text| {
            analyse(&mut analyzer, text)
        }));
        let analyzer_copy = analyzer.clone();
        index.tokenizers().register(ANALYZER, analyzer);
        let writer = index.writer_with_num_threads(1, 60_000_000)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            reader,
            writer: Mutex::new(writer),
            fields,
            version: AtomicU64::new(0),
            words,
            vocabulary: RwLock::new(HashMap::new()),
            analyzer: analyzer_copy,
            thesaurus,
            tenant_thesaurus: RwLock::new(HashMap::new()),
        })
    }

    /// Builds the index from every service in the store.
    pub async fn build(store: &kpss_store::Store) -> Result<Self, Error> {
        let index = Self::new()?;
        let services = kpss_store::catalogue::all_services(store).await?;
        index.replace_all(&services)?;
        for (tenant, groups) in kpss_store::search::thesauri_since(store, None).await? {
            index.set_thesaurus(tenant, &crate::czech::thesaurus::parse_groups(&groups));
        }
        Ok(index)
    }

    /// Replaces the whole content of the index.
    pub fn replace_all(&self, services: &[Service]) -> Result<(), Error> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        writer.delete_all_documents()?;
        self.vocabulary
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
        for service in services {
            writer.add_document(self.document(service))?;
            self.learn(service);
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
            self.learn(service);
        }
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.version.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    /// Takes in what any node saved after `since` (services and thesauri); returns how many it
    /// refreshed.
    pub async fn refresh_since(
        &self,
        store: &kpss_store::Store,
        since: time::OffsetDateTime,
    ) -> Result<usize, Error> {
        let changed = kpss_store::catalogue::services_changed_since(store, since).await?;
        if !changed.is_empty() {
            self.upsert_many(&changed)?;
        }
        let thesauri = kpss_store::search::thesauri_since(store, Some(since)).await?;
        for (tenant, groups) in &thesauri {
            self.set_thesaurus(*tenant, &crate::czech::thesaurus::parse_groups(groups));
        }
        Ok(changed.len() + thesauri.len())
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

    /// Sets a tenant's own thesaurus groups, added to the built-in ones for its searches.
    pub fn set_thesaurus(&self, tenant: i32, groups: &[Vec<String>]) {
        let mut analyzer = self.analyzer.clone();
        let thesaurus = Thesaurus::with_builtin(groups, |text| analyse(&mut analyzer, text));
        self.tenant_thesaurus
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(tenant, Arc::new(thesaurus));
        self.version.fetch_add(1, Ordering::AcqRel);
    }

    /// The thesaurus of a search of these tenants: the first tenant's own, else the built-in.
    fn thesaurus_for(&self, tenants: &[i32]) -> Arc<Thesaurus> {
        let own = self
            .tenant_thesaurus
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tenants
            .first()
            .and_then(|t| own.get(t).cloned())
            .unwrap_or_else(|| self.thesaurus.clone())
    }

    /// Learns the words of a service's texts into its tenant's vocabulary: the texts the
    /// index searches, as people read them.
    fn learn(&self, service: &Service) {
        let d = &service.draft;
        let type_name = d
            .service_type
            .as_deref()
            .and_then(|c| service_type(c).ok())
            .map(|t| t.name.as_str());
        let texts = [
            Some(d.name.as_str()),
            Some(service.organisation_name.as_str()),
        ]
        .into_iter()
        .chain([d.description.as_deref(), type_name])
        .flatten()
        .chain(d.locations.iter().map(|l| l.address.as_str()));
        let mut words = Vec::new();
        for text in texts {
            words.extend(self.words_of(text));
        }
        self.vocabulary
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(service.tenant_id)
            .or_default()
            .learn(service.id, &words);
    }

    /// The words of `text`: (folded, as written).
    fn words_of(&self, text: &str) -> Vec<(String, String)> {
        let mut analyzer = self.words.clone();
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            let token = stream.token();
            let written = text.get(token.offset_from..token.offset_to).unwrap_or("");
            words.push((token.text.clone(), written.to_owned()));
        }
        words
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
            // The code of a target group is its name folded („bez-pristresi“): as words, a
            // search for the group's name or what the thesaurus makes of it finds the service.
            doc.add_text(f.text, group.replace('-', " "));
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

/// The terms `analyzer` makes of `text`.
fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

fn id_u64(id: i32) -> u64 {
    u64::try_from(id).unwrap_or_default()
}

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod people_queries;
#[cfg(test)]
mod tests;
