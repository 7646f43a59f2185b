//! What contacts are found by: every contact's folded text (lower-case, accents
//! stripped; name, organization, title, emails, tags — `fold`, `search_text`) in one
//! contiguous buffer, scanned with one SIMD substring search per keystroke instead of
//! one search per contact.
//!
//! A contact's text is a span of the buffer; spans lie in the buffer in the order they
//! were written. An edit writes the new text at the end and leaves the old span dead;
//! when the dead bytes outweigh the live ones the buffer is written afresh. A hit is
//! mapped back to its span by walking the spans forward with the search. Each span
//! also has a 64-bit summary of its characters: a one-letter query (the first
//! keystroke) is answered from the summaries alone, and a span lacking one of a query's
//! letters is passed over.

use memchr::memmem::Finder;
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

use crate::model::Contact;

/// Between two fields of one contact: no query contains it, so a match never
/// straddles two fields.
pub const FIELD_SEPARATOR: char = '\u{1}';
/// After each contact's text, so a match never straddles two contacts.
const RECORD_END: u8 = 0;
/// Marks a span whose contact has newer text further on.
const DEAD: u32 = u32::MAX;
/// From a buffer this large (about 30k contacts) a scan runs in two halves at once.
const SPLIT_FROM: usize = 2 * 1024 * 1024;

#[derive(Debug, Default, Clone)]
pub struct SearchIndex {
    /// Every span's text followed by [`RECORD_END`].
    buffer: String,
    /// Where each span begins in `buffer`, in buffer order.
    starts: Vec<u32>,
    /// The contact position each span is for (parallel to `starts`), or [`DEAD`].
    owners: Vec<u32>,
    /// Which characters each span holds, as [`mask_of`] sums them up (parallel to
    /// `starts`): a span lacking one of the query's characters is passed over without
    /// a search, and a one-letter query is answered by the masks alone.
    masks: Vec<u64>,
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
            masks: Vec::with_capacity(contacts),
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
        self.masks.push(mask_of(text.as_bytes()));
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
        self.masks.push(mask_of(&self.buffer.as_bytes()[start..]));
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
        self.masks.extend(later.masks);
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
        let query = Query::new(folded_query);
        if query.words.is_empty() {
            return (0..self.len()).collect();
        }
        let mut hits = Vec::new();
        let mut ordered = true;
        let mut hit = |owner: u32| {
            if hits.last().is_some_and(|last| *last > owner as usize) {
                ordered = false;
            }
            hits.push(owner as usize);
        };
        if query.by_mask_alone {
            // One letter (the first keystroke, which finds most contacts): the masks
            // alone answer it.
            for (&owner, &mask) in self.owners.iter().zip(&self.masks) {
                if owner != DEAD && mask & query.mask == query.mask {
                    hit(owner);
                }
            }
        } else if self.buffer.len() >= SPLIT_FROM {
            for owner in self.scan_in_halves(&query) {
                hit(owner);
            }
        } else {
            for owner in self.scan(&query, 0..self.starts.len()) {
                hit(owner);
            }
        }
        if !ordered {
            hits.sort_unstable();
        }
        hits
    }

    /// [`Self::scan`] of every span, in two halves at once, the second on another core:
    /// a short, common query ("me") is found in most contacts, and each find costs a
    /// restart of the search. Without a thread to spare, one after the other.
    fn scan_in_halves(&self, query: &Query<'_>) -> Vec<u32> {
        let middle = self.starts.len() / 2;
        let later = middle..self.starts.len();
        std::thread::scope(|scope| {
            let second = std::thread::Builder::new()
                .name("exitplan-search".into())
                .spawn_scoped(scope, || self.scan(query, later.clone()));
            let mut owners = self.scan(query, 0..middle);
            match second.map(|worker| worker.join()) {
                Ok(Ok(second)) => owners.extend(second),
                // No thread, or it stopped: the second half is scanned here.
                _ => owners.extend(self.scan(query, later.clone())),
            }
            owners
        })
    }

    /// The owners of the spans in `spans` whose text holds every word of `query`, in
    /// buffer order: one SIMD search for the longest word through those spans' bytes,
    /// jumping to the next span after each hit; the other words are checked in the span
    /// it found.
    fn scan(&self, query: &Query<'_>, spans: std::ops::Range<usize>) -> Vec<u32> {
        let mut owners = Vec::new();
        let Some(&first) = self.starts.get(spans.start) else {
            return owners;
        };
        let anchor = query.longest();
        let end = match self.starts.get(spans.end) {
            Some(next) => *next as usize,
            None => self.buffer.len(),
        };
        let bytes = &self.buffer.as_bytes()[..end];
        let mut span = spans.start;
        let mut from = first as usize;
        while from < bytes.len()
            && let Some(found) = query.finders[anchor].find(&bytes[from..])
        {
            let at = from + found;
            while span + 1 < spans.end && self.starts[span + 1] as usize <= at {
                span += 1;
            }
            let owner = self.owners[span];
            // The anchor is there already: only the other words are looked for.
            if owner != DEAD
                && (query.words.len() == 1
                    || (self.masks[span] & query.mask == query.mask
                        && query.found_in_except(self.span_text(span), anchor)))
            {
                owners.push(owner);
            }
            from = self.span_end(span) + 1;
            span += 1;
        }
        owners
    }

    /// Those of `candidates` whose text holds every word of `folded_query` (narrowing
    /// the previous keystroke's hits).
    pub fn filter(&self, folded_query: &str, candidates: &[usize]) -> Vec<usize> {
        let query = Query::new(folded_query);
        candidates
            .iter()
            .copied()
            .filter(|p| *p < self.len())
            .filter(|p| {
                let span = self.span_of[*p] as usize;
                self.masks[span] & query.mask == query.mask
                    && (query.by_mask_alone || query.found_in(self.span_text(span)))
            })
            .collect()
    }

    fn span_text(&self, span: usize) -> &[u8] {
        &self.buffer.as_bytes()[self.starts[span] as usize..self.span_end(span)]
    }
}

/// A query, ready to be matched against many spans.
struct Query<'q> {
    words: Vec<&'q str>,
    finders: Vec<Finder<'q>>,
    /// Every character the query holds, summed up as [`mask_of`] does.
    mask: u64,
    /// One ASCII letter or digit: a span's mask says exactly whether it holds it.
    by_mask_alone: bool,
}

impl<'q> Query<'q> {
    fn new(folded_query: &'q str) -> Self {
        let words = words(folded_query);
        let finders = words.iter().map(|w| Finder::new(w.as_bytes())).collect();
        let mask = words.iter().fold(0, |m, w| m | mask_of(w.as_bytes()));
        let by_mask_alone = matches!(words.as_slice(), [w] if w.len() == 1 && w.as_bytes()[0].is_ascii_alphanumeric());
        Query {
            words,
            finders,
            mask,
            by_mask_alone,
        }
    }

    /// The index of the longest word: the rarest guess, to drive a scan.
    fn longest(&self) -> usize {
        (0..self.words.len())
            .max_by_key(|i| self.words[*i].len())
            .unwrap_or(0)
    }

    fn found_in(&self, text: &[u8]) -> bool {
        self.finders.iter().all(|f| f.find(text).is_some())
    }

    /// [`Query::found_in`] for every word but the one at `except`.
    fn found_in_except(&self, text: &[u8], except: usize) -> bool {
        self.finders
            .iter()
            .enumerate()
            .all(|(i, f)| i == except || f.find(text).is_some())
    }
}

/// Which characters `text` holds, in 64 bits: one bit for each ASCII letter and digit
/// (exact), the other bytes shared out over the rest (a hint only).
fn mask_of(text: &[u8]) -> u64 {
    text.iter()
        .fold(0, |mask, &byte| mask | BIT[usize::from(byte)])
}

/// The bit of each byte in [`mask_of`] (a static table: looked up, never copied).
static BIT: [u64; 256] = {
    let mut bits = [0u64; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        let bit = if b.is_ascii_lowercase() {
            b - b'a'
        } else if b.is_ascii_digit() {
            26 + (b - b'0')
        } else {
            // 36..64: every other byte (punctuation, the bytes of other scripts).
            36 + (b % 28)
        };
        bits[byte] = 1 << bit;
        byte += 1;
    }
    bits
};

/// The query's words, without characters no contact text holds between its fields.
fn words(folded_query: &str) -> Vec<&str> {
    folded_query
        .split(|c: char| c.is_whitespace() || c == FIELD_SEPARATOR || c == '\0')
        .filter(|w| !w.is_empty())
        .collect()
}

/// The folded text a contact is found by; fields are separated by a character no query
/// contains, so a match never straddles two fields.
pub(crate) fn search_text(contact: &Contact) -> String {
    let mut text = String::new();
    search_text_into(contact, &mut text);
    text
}

/// [`search_text`], written onto the end of `text`.
pub(crate) fn search_text_into(contact: &Contact, text: &mut String) {
    let f = &contact.fields;
    fold_into(&f.name, text);
    for part in [&f.organization, &f.title]
        .into_iter()
        .chain(f.emails.iter())
        .chain(f.tags.iter())
    {
        text.push(FIELD_SEPARATOR);
        fold_into(part, text);
    }
}

/// Lower-cases and strips accents ("Zoë Ñúñez" → "zoe nunez").
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

/// [`fold`], written onto the end of `out` (no string of its own).
fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    out.extend(
        text.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase),
    );
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
            // The scan in two halves at once (a large buffer) finds what one scan does.
            let words = Query::new(&query);
            if !words.words.is_empty() {
                prop_assert_eq!(
                    index.scan_in_halves(&words),
                    index.scan(&words, 0..index.starts.len())
                );
            }
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
