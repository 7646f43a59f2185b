//! What contacts are found by: every contact's folded text (lower-case, accents
//! stripped; name, organization, title, emails, tags) in one contiguous buffer, scanned
//! with one SIMD substring search per keystroke instead of one search per contact.
//!
//! A contact's text is a span of the buffer; spans lie in the buffer in the order they
//! were written. An edit writes the new text at the end and leaves the old span dead;
//! when the dead bytes outweigh the live ones the buffer is written afresh. A hit is
//! mapped back to its span by walking the spans forward with the search, so a scan
//! costs one pass over the buffer whatever the number of hits.

use memchr::memmem::Finder;

/// Between two fields of one contact: no query contains it, so a match never
/// straddles two fields.
pub const FIELD_SEPARATOR: char = '\u{1}';
/// After each contact's text, so a match never straddles two contacts.
const RECORD_END: u8 = 0;
/// Marks a span whose contact has newer text further on.
const DEAD: u32 = u32::MAX;

#[derive(Debug, Default, Clone)]
pub struct SearchIndex {
    /// Every span's text followed by [`RECORD_END`].
    buffer: String,
    /// Where each span begins in `buffer`, in buffer order.
    starts: Vec<u32>,
    /// The contact position each span is for (parallel to `starts`), or [`DEAD`].
    owners: Vec<u32>,
    /// Per contact position: its span's index in `starts`.
    span_of: Vec<u32>,
    /// Bytes of dead spans, to know when to write the buffer afresh.
    dead_bytes: usize,
}

impl SearchIndex {
    pub fn with_capacity(contacts: usize, bytes: usize) -> Self {
        SearchIndex {
            buffer: String::with_capacity(bytes),
            starts: Vec::with_capacity(contacts),
            owners: Vec::with_capacity(contacts),
            span_of: Vec::with_capacity(contacts),
            dead_bytes: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.span_of.len()
    }

    /// The folded text of the contact at `position`.
    pub fn text(&self, position: usize) -> &str {
        let span = self.span_of[position] as usize;
        let start = self.starts[span] as usize;
        let end = self.span_end(span);
        &self.buffer[start..end]
    }

    /// The end of `span`'s text (before its [`RECORD_END`]).
    fn span_end(&self, span: usize) -> usize {
        let next = self
            .starts
            .get(span + 1)
            .map_or(self.buffer.len(), |s| *s as usize);
        next - 1
    }

    fn write(&mut self, text: &str, position: usize) -> u32 {
        let span = self.starts.len() as u32;
        self.starts.push(self.buffer.len() as u32);
        self.owners.push(position as u32);
        self.buffer.push_str(text);
        self.buffer.push(RECORD_END as char);
        span
    }

    /// Sets the text of the contact at `position`; `position == len()` adds one at the
    /// end, a smaller one inserts before the others (their positions move up by one).
    pub fn set(&mut self, position: usize, text: &str) {
        // The text never holds the record end; a stray one would split the contact.
        let cleaned;
        let text = if text.contains(RECORD_END as char) {
            cleaned = text.replace(RECORD_END as char, "");
            cleaned.as_str()
        } else {
            text
        };
        if position < self.len() {
            if self.text(position) == text {
                return;
            }
            let old = self.span_of[position] as usize;
            self.owners[old] = DEAD;
            self.dead_bytes += self.span_end(old) - self.starts[old] as usize + 1;
            self.span_of[position] = self.write(text, position);
            if self.dead_bytes > self.buffer.len() / 2 {
                self.compact();
            }
        } else if position == self.len() {
            let span = self.write(text, position);
            self.span_of.push(span);
        } else {
            panic!("search index: position {position} beyond {}", self.len());
        }
    }

    /// Adds a contact at the end, its text written straight into the buffer by
    /// `write` (no string of its own on the way).
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.buffer.len();
        let span = self.starts.len() as u32;
        self.starts.push(start as u32);
        self.owners.push(self.span_of.len() as u32);
        write(&mut self.buffer);
        // The text never holds the record end; a stray one would split the contact.
        if self.buffer[start..].contains(RECORD_END as char) {
            let text: String = self.buffer[start..]
                .chars()
                .filter(|c| *c != RECORD_END as char)
                .collect();
            self.buffer.truncate(start);
            self.buffer.push_str(&text);
        }
        self.buffer.push(RECORD_END as char);
        self.span_of.push(span);
    }

    /// Puts `later`'s contacts after these ones (positions from `len()` on).
    pub fn append(&mut self, later: SearchIndex) {
        let bytes = self.buffer.len() as u32;
        let positions = self.span_of.len() as u32;
        let spans = self.starts.len() as u32;
        self.buffer.push_str(&later.buffer);
        self.starts.extend(later.starts.iter().map(|s| s + bytes));
        self.owners.extend(
            later
                .owners
                .iter()
                .map(|o| if *o == DEAD { DEAD } else { o + positions }),
        );
        self.span_of.extend(later.span_of.iter().map(|s| s + spans));
        self.dead_bytes += later.dead_bytes;
    }

    /// Inserts a contact's text at `position`, moving the later ones up by one.
    pub fn insert(&mut self, position: usize, text: &str) {
        if position == self.len() {
            self.set(position, text);
            return;
        }
        // Rare (ids only grow, so new contacts come last): written afresh.
        let mut texts: Vec<String> = (0..self.len()).map(|p| self.text(p).to_string()).collect();
        texts.insert(position, text.to_string());
        *self = Self::from_texts(texts.iter().map(String::as_str));
    }

    fn from_texts<'a>(texts: impl Iterator<Item = &'a str>) -> Self {
        let mut index = SearchIndex::default();
        for (position, text) in texts.enumerate() {
            index.set(position, text);
        }
        index
    }

    fn compact(&mut self) {
        let texts: Vec<String> = (0..self.len()).map(|p| self.text(p).to_string()).collect();
        *self = Self::from_texts(texts.iter().map(String::as_str));
    }

    /// The positions whose text holds every word of `folded_query`, in position order.
    pub fn find_all(&self, folded_query: &str) -> Vec<usize> {
        let words = words(folded_query);
        if words.is_empty() {
            return (0..self.len()).collect();
        }
        // The longest word is the rarest guess: it drives the scan, the others are
        // checked within each contact it finds.
        let anchor = words.iter().max_by_key(|w| w.len()).copied().unwrap_or("");
        let finder = Finder::new(anchor.as_bytes());
        let others: Vec<Finder<'_>> = words
            .iter()
            .filter(|w| **w != anchor)
            .map(|w| Finder::new(w.as_bytes()))
            .collect();
        let bytes = self.buffer.as_bytes();
        let mut hits = Vec::new();
        let mut span = 0usize;
        let mut from = 0usize;
        let mut ordered = true;
        while let Some(found) = finder.find(&bytes[from..]) {
            let at = from + found;
            // Walk forward to the span holding `at`.
            while span + 1 < self.starts.len() && self.starts[span + 1] as usize <= at {
                span += 1;
            }
            let end = self.span_end(span);
            let owner = self.owners[span];
            if owner != DEAD {
                let text = &bytes[self.starts[span] as usize..end];
                if others.iter().all(|f| f.find(text).is_some()) {
                    if hits.last().is_some_and(|last| *last > owner as usize) {
                        ordered = false;
                    }
                    hits.push(owner as usize);
                }
            }
            // On to the next contact.
            from = end + 1;
            span += 1;
            if from >= bytes.len() {
                break;
            }
        }
        if !ordered {
            hits.sort_unstable();
        }
        hits
    }

    /// Those of `candidates` whose text holds every word of `folded_query` (narrowing
    /// the previous keystroke's hits).
    pub fn filter(&self, folded_query: &str, candidates: &[usize]) -> Vec<usize> {
        let finders: Vec<Finder<'_>> = words(folded_query)
            .into_iter()
            .map(|w| Finder::new(w.as_bytes()))
            .collect();
        candidates
            .iter()
            .copied()
            .filter(|p| *p < self.len())
            .filter(|p| {
                let text = self.text(*p).as_bytes();
                finders.iter().all(|f| f.find(text).is_some())
            })
            .collect()
    }
}

/// The query's words, without characters no contact text holds between its fields.
fn words(folded_query: &str) -> Vec<&str> {
    folded_query
        .split(|c: char| c.is_whitespace() || c == FIELD_SEPARATOR || c == '\0')
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain answer: each text searched on its own.
    fn naive(texts: &[String], query: &str) -> Vec<usize> {
        let words = words(query);
        texts
            .iter()
            .enumerate()
            .filter(|(_, t)| words.iter().all(|w| t.contains(w)))
            .map(|(i, _)| i)
            .collect()
    }

    proptest! {
        /// Whatever the edits, the buffer finds exactly what searching each contact's
        /// text on its own finds, in position order.
        #[test]
        fn finds_what_a_search_of_each_text_finds(
            texts in prop::collection::vec("[a-d \u{1}\u{0}é]{0,12}", 0..40),
            edits in prop::collection::vec((0usize..60, "[a-d é\u{0}]{0,12}", any::<bool>()), 0..60),
            query in "[a-d é]{0,4}",
        ) {
            let mut index = SearchIndex::default();
            let mut plain: Vec<String> = Vec::new();
            for (i, text) in texts.iter().enumerate() {
                // Both ways in: a text of its own, or written straight into the buffer.
                if i % 2 == 0 {
                    index.set(plain.len(), text);
                } else {
                    index.push_with(|buffer| buffer.push_str(text));
                }
                plain.push(text.replace('\0', ""));
            }
            for (at, text, insert) in edits {
                let text = text.replace('\0', "");
                let at = at % (plain.len() + 1);
                if insert || at == plain.len() {
                    index.insert(at, &text);
                    plain.insert(at, text);
                } else {
                    index.set(at, &text);
                    plain[at] = text;
                }
            }
            for (p, text) in plain.iter().enumerate() {
                prop_assert_eq!(index.text(p), text.as_str());
            }
            prop_assert_eq!(index.find_all(&query), naive(&plain, &query));
            // Split in two and joined again (as the open's two halves are).
            let half = plain.len() / 2;
            let mut joined = SearchIndex::default();
            let mut later = SearchIndex::default();
            for (p, text) in plain.iter().enumerate() {
                if p < half {
                    joined.set(p, text);
                } else {
                    later.push_with(|buffer| buffer.push_str(text));
                }
            }
            joined.append(later);
            prop_assert_eq!(joined.find_all(&query), naive(&plain, &query));
            for (p, text) in plain.iter().enumerate() {
                prop_assert_eq!(joined.text(p), text.as_str());
            }
            let all: Vec<usize> = (0..plain.len()).collect();
            prop_assert_eq!(index.filter(&query, &all), naive(&plain, &query));
        }
    }

    #[test]
    fn a_match_never_straddles_two_contacts_or_two_fields() {
        let mut index = SearchIndex::default();
        index.set(0, "ab");
        index.set(1, "cd\u{1}ef");
        assert!(index.find_all("bc").is_empty());
        assert!(index.find_all("de").is_empty());
        assert_eq!(index.find_all("ef"), vec![1]);
        assert_eq!(index.find_all("cd ef"), vec![1]);
    }
}
