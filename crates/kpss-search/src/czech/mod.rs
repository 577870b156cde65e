//! Czech as the catalogue's search reads it: words folded to lower case without diacritics,
//! stripped of the words that carry no meaning, cut to their stems, and widened by a thesaurus
//! of the names people use for target groups and needs.

pub mod stem;
pub mod stop_words;
pub mod thesaurus;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// A token filter that replaces each token by its Czech stem (see [`stem::stem`]); it expects
/// tokens already lower-cased and folded.
#[derive(Clone, Copy, Debug, Default)]
pub struct CzechStemmer;

impl TokenFilter for CzechStemmer {
    type Tokenizer<T: Tokenizer> = StemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        StemmerFilter { inner: tokenizer }
    }
}

/// The tokenizer [`CzechStemmer`] wraps around another.
#[derive(Clone)]
pub struct StemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StemmerFilter<T> {
    type TokenStream<'a> = StemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The tokens of [`StemmerFilter`], stemmed one by one as they are read.
pub struct StemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for StemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text = stem::stem(&token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
