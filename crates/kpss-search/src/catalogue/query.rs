//! Searching the index: Czech folding, stems, typos, disjunctive facets, Czech name order.

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Order, Term};

use super::{CatalogueIndex, id_u64, vocabulary};
use crate::Error;
use crate::czech::thesaurus::Thesaurus;

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
    /// „Měli jste na mysli…“: a query that finds something, when this one found nothing as
    /// typed.
    pub suggestion: Option<String>,
}

/// Longest query text taken into account, in characters.
const MAX_QUERY_CHARS: usize = 200;
/// Most words of a query taken into account.
const MAX_QUERY_TERMS: usize = 8;

impl CatalogueIndex {
    /// The words of a query as the index sees them.
    fn terms(&self, text: &str) -> Result<Vec<String>, Error> {
        let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
        let mut terms = super::analyse(&mut self.analyzer.clone(), &text);
        terms.truncate(MAX_QUERY_TERMS);
        Ok(terms)
    }

    /// Every word must match the name or the text by its stem, or (with `typos`) with a typo;
    /// where words make an expression of the thesaurus, any expression of its group will do.
    fn text_query(
        &self,
        terms: &[String],
        typos: bool,
        thesaurus: &Thesaurus,
    ) -> Option<Box<dyn TQuery>> {
        if terms.is_empty() {
            return None;
        }
        let mut slots: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        let mut rest = terms;
        while let Some(word) = rest.first() {
            match thesaurus.at_start(rest) {
                Some((taken, equivalents)) => {
                    // What was typed, word by word as usual, or any equivalent expression.
                    let mut either: Vec<(Occur, Box<dyn TQuery>)> =
                        vec![(Occur::Should, self.all_words(&rest[..taken], typos, 1.0))];
                    for expression in equivalents {
                        if expression != &rest[..taken] {
                            either.push((Occur::Should, self.all_words(expression, false, 0.6)));
                        }
                    }
                    slots.push((Occur::Must, Box::new(BooleanQuery::new(either))));
                    rest = &rest[taken..];
                }
                None => {
                    slots.push((Occur::Must, self.word(word, typos, 1.0)));
                    rest = &rest[1..];
                }
            }
        }
        Some(Box::new(BooleanQuery::new(slots)))
    }

    /// Every one of `words`.
    fn all_words(&self, words: &[String], typos: bool, weight: f32) -> Box<dyn TQuery> {
        Box::new(BooleanQuery::new(
            words
                .iter()
                .map(|w| (Occur::Must, self.word(w, typos, weight)))
                .collect(),
        ))
    }

    /// One word in the name (weighing more) or the text: its stem, or with a typo.
    fn word(&self, word: &str, typos: bool, weight: f32) -> Box<dyn TQuery> {
        let mut alternatives: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for (field, boost) in [(self.fields.name, 3.0), (self.fields.text, 1.0)] {
            let term = Term::from_field_text(field, word);
            alternatives.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                    boost * 2.0 * weight,
                )),
            ));
            let chars = word.chars().count();
            if typos && chars >= 3 {
                let distance = if chars >= 7 { 2 } else { 1 };
                let fuzzy = FuzzyTermQuery::new(term.clone(), distance, true);
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(fuzzy), boost * 0.5 * weight)),
                ));
            }
            if typos && chars >= 4 {
                // A word not typed to its end („senio“) is the start of one.
                let prefix = FuzzyTermQuery::new_prefix(term, 0, false);
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(prefix), boost * 0.5 * weight)),
                ));
            }
        }
        Box::new(BooleanQuery::new(alternatives))
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

    /// Runs a search: one page of hits, the total and the facet counts. Words are first matched
    /// as typed (or by their stem); only when that finds nothing is a typo forgiven, since
    /// building the typo automata doubles the cost of every query.
    pub fn search(&self, q: &Query) -> Result<Results, Error> {
        let terms = self.terms(&q.text)?;
        let thesaurus = self.thesaurus_for(&q.tenants);
        let as_typed = self.run(q, self.text_query(&terms, false, &thesaurus))?;
        if as_typed.total > 0 || terms.is_empty() {
            return Ok(as_typed);
        }
        let mut results = if terms.iter().any(|t| t.chars().count() >= 3) {
            self.run(q, self.text_query(&terms, true, &thesaurus))?
        } else {
            as_typed
        };
        results.suggestion = self.suggest(q, &thesaurus)?;
        Ok(results)
    }

    /// „Měli jste na mysli…“: the query with its unknown words replaced by the nearest words of
    /// the catalogue, if that finds something as typed.
    fn suggest(&self, q: &Query, thesaurus: &Thesaurus) -> Result<Option<String>, Error> {
        let text: String = q.text.chars().take(MAX_QUERY_CHARS).collect();
        let mut words = self.words_of(&text);
        words.truncate(MAX_QUERY_TERMS);
        let suggestion = {
            let vocabulary = self
                .vocabulary
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let catalogues: Vec<&vocabulary::Words> =
                q.tenants.iter().filter_map(|t| vocabulary.get(t)).collect();
            vocabulary::correct(&catalogues, &words)
        };
        let Some(suggestion) = suggestion else {
            return Ok(None);
        };
        let terms = self.terms(&suggestion)?;
        let check = Query {
            page: 1,
            per_page: 1,
            ..q.clone()
        };
        let found = self.run(&check, self.text_query(&terms, false, thesaurus))?;
        Ok((found.total > 0).then_some(suggestion))
    }

    /// One search with this text query.
    fn run(&self, q: &Query, text: Option<Box<dyn TQuery>>) -> Result<Results, Error> {
        let searcher = self.reader.searcher();
        let main = self.filtered(&q.tenants, text.as_deref(), &q.filters, None);
        let per_page = q.per_page.max(1);
        let offset = q.page.saturating_sub(1).saturating_mul(per_page);
        let top = TopDocs::with_limit(per_page).and_offset(offset);
        let mut facet_collector = FacetCollector::for_field("facets");
        for dimension in Dimension::ALL {
            facet_collector.add_facet(Facet::from_path([dimension.key()]));
        }
        // From the id's column, not the stored document: a page of hits would otherwise
        // decompress a block of the document store for each.
        let id_of = |address: tantivy::DocAddress| -> Result<i32, Error> {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("id")?;
            let id = column.first(address.doc_id).unwrap_or_default();
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
            suggestion: None,
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
