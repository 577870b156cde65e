//! Search over services and related activities: Czech folding, typos, facets, paging.

use std::sync::Mutex;

use kpss_domain::catalogue::service_type;
use kpss_store::catalogue::Service;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use crate::Error;

/// The facets a search can be narrowed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Druh služby (§ of the act).
    ServiceType,
    /// Cílová skupina.
    TargetGroup,
    /// Forma poskytování.
    Form,
    /// Městský obvod.
    District,
    /// Registered service or related activity.
    Kind,
}

impl Dimension {
    /// All dimensions in the order the page shows them.
    pub const ALL: [Self; 5] = [
        Self::Kind,
        Self::ServiceType,
        Self::TargetGroup,
        Self::Form,
        Self::District,
    ];

    /// The name in the query string and the facet path.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::ServiceType => "typ",
            Self::TargetGroup => "skupina",
            Self::Form => "forma",
            Self::District => "obvod",
            Self::Kind => "druh",
        }
    }
}

/// Selected facet values: OR within a dimension, AND across them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters(pub Vec<(Dimension, Vec<String>)>);

impl Filters {
    /// The values selected in one dimension.
    #[must_use]
    pub fn values(&self, dimension: Dimension) -> &[String] {
        self.0
            .iter()
            .find(|(d, _)| *d == dimension)
            .map_or(&[], |(_, v)| v.as_slice())
    }
}

/// The order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    Relevance,
    /// By name in Czech order.
    Name,
}

/// One search.
#[derive(Debug, Clone)]
pub struct Query {
    /// The tenants whose services are searched (a region searches its municipalities too).
    pub tenants: Vec<i32>,
    pub text: String,
    pub filters: Filters,
    pub sort: Sort,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

/// One found service or activity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: i32,
    pub score: f32,
}

/// How many results a facet value would give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// One page of results with the facet counts of the whole result.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Vec<(Dimension, Vec<FacetCount>)>,
}

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
}

const ANALYZER: &str = "cs_folded";
/// Longest query text taken into account, in characters.
const MAX_QUERY_CHARS: usize = 200;
/// Most words of a query taken into account.
const MAX_QUERY_TERMS: usize = 8;

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

    /// The words of a query as the index sees them.
    fn terms(&self, text: &str) -> Result<Vec<String>, Error> {
        let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
        let mut analyzer = self.index.tokenizer_for_field(self.fields.name)?;
        let mut stream = analyzer.token_stream(&text);
        let mut terms = Vec::new();
        while stream.advance() && terms.len() < MAX_QUERY_TERMS {
            terms.push(stream.token().text.clone());
        }
        Ok(terms)
    }

    /// Every word must match the name or the text: exactly, by its stem, or with a typo.
    fn text_query(&self, terms: &[String]) -> Option<Box<dyn TQuery>> {
        if terms.is_empty() {
            return None;
        }
        let per_term = terms.iter().map(|word| {
            let mut alternatives: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
            for (field, boost) in [(self.fields.name, 3.0), (self.fields.text, 1.0)] {
                let term = Term::from_field_text(field, word);
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                        boost * 2.0,
                    )),
                ));
                let chars = word.chars().count();
                // Czech inflects word endings („senioři“, „seniorům“): match the stem as a prefix.
                if chars >= 5 {
                    let stem: String = word.chars().take(chars.saturating_sub(2).max(4)).collect();
                    let prefix =
                        FuzzyTermQuery::new_prefix(Term::from_field_text(field, &stem), 0, false);
                    alternatives.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(prefix), boost)),
                    ));
                }
                if chars >= 4 {
                    let distance = if chars >= 8 { 2 } else { 1 };
                    let fuzzy = FuzzyTermQuery::new(term, distance, true);
                    alternatives.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(fuzzy), boost * 0.5)),
                    ));
                }
            }
            (
                Occur::Must,
                Box::new(BooleanQuery::new(alternatives)) as Box<dyn TQuery>,
            )
        });
        Some(Box::new(BooleanQuery::new(per_term.collect())))
    }

    fn filtered(
        &self,
        tenants: &[i32],
        text: Option<&dyn TQuery>,
        filters: &Filters,
        skip: Option<Dimension>,
    ) -> BooleanQuery {
        let tenant_terms = tenants
            .iter()
            .map(|t| {
                let term = Term::from_field_u64(self.fields.tenant, id_u64(*t));
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn TQuery>,
                )
            })
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(tenant_terms)))];
        if let Some(text) = text {
            clauses.push((Occur::Must, text.box_clone()));
        }
        for (dimension, values) in &filters.0 {
            if Some(*dimension) == skip || values.is_empty() {
                continue;
            }
            let any: Vec<(Occur, Box<dyn TQuery>)> = values
                .iter()
                .map(|v| {
                    let facet = Facet::from_path([dimension.key(), v.as_str()]);
                    let term = Term::from_facet(self.fields.facets, &facet);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn TQuery>,
                    )
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        BooleanQuery::new(clauses)
    }

    /// Runs a search: one page of hits, the total and the facet counts.
    pub fn search(&self, q: &Query) -> Result<Results, Error> {
        let searcher = self.reader.searcher();
        let terms = self.terms(&q.text)?;
        let text = self.text_query(&terms);
        let main = self.filtered(&q.tenants, text.as_deref(), &q.filters, None);
        let per_page = q.per_page.max(1);
        let offset = q.page.saturating_sub(1).saturating_mul(per_page);
        let top = TopDocs::with_limit(per_page).and_offset(offset);
        let mut facet_collector = FacetCollector::for_field("facets");
        for dimension in Dimension::ALL {
            facet_collector.add_facet(Facet::from_path([dimension.key()]));
        }
        let id_of = |address| -> Result<i32, Error> {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_u64())
                .unwrap_or_default();
            Ok(i32::try_from(id).unwrap_or_default())
        };
        let (total, facet_counts, hits) = match (q.sort, text.is_some()) {
            (Sort::Relevance, true) => {
                let (total, facets, docs) =
                    searcher.search(&main, &(Count, facet_collector, top.order_by_score()))?;
                let hits = docs
                    .into_iter()
                    .map(|(score, a)| {
                        Ok(Hit {
                            id: id_of(a)?,
                            score,
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                (total, facets, hits)
            }
            _ => {
                let by_name = top.order_by_string_fast_field("sort_name", Order::Asc);
                let (total, facets, docs) =
                    searcher.search(&main, &(Count, facet_collector, by_name))?;
                let hits = docs
                    .into_iter()
                    .map(|(_, a)| {
                        Ok(Hit {
                            id: id_of(a)?,
                            score: 0.0,
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                (total, facets, hits)
            }
        };
        let mut facets = Vec::new();
        for dimension in Dimension::ALL {
            // A dimension with a selection counts as if its own selection were not made,
            // so the other values still show how many they would add.
            let counts = if q.filters.values(dimension).is_empty() {
                facet_counts
                    .get(format!("/{}", dimension.key()).as_str())
                    .map(count)
                    .collect()
            } else {
                let mut collector = FacetCollector::for_field("facets");
                collector.add_facet(Facet::from_path([dimension.key()]));
                let query = self.filtered(&q.tenants, text.as_deref(), &q.filters, Some(dimension));
                let counts = searcher.search(&query, &collector)?;
                counts
                    .get(format!("/{}", dimension.key()).as_str())
                    .map(count)
                    .collect()
            };
            facets.push((dimension, counts));
        }
        Ok(Results {
            total,
            hits,
            facets,
        })
    }
}

fn count((facet, n): (&Facet, u64)) -> FacetCount {
    let value = facet
        .to_path()
        .last()
        .map(|s| (*s).to_owned())
        .unwrap_or_default();
    FacetCount { value, count: n }
}

fn id_u64(id: i32) -> u64 {
    u64::try_from(id).unwrap_or_default()
}

#[cfg(test)]
mod tests;
