//! Recognising one company under its many spellings, for warm paths: "Brightwave Media,
//! Inc.", "brightwave media" and an address at `brightwave.example` are the same place.
//!
//! A company name gives two keys: the whole name squashed ("brightwavemedia") and its
//! first distinctive word ("brightwave"); an email domain gives one, the label before
//! the public suffix. Two spellings match when they share a key. Public mail providers
//! give no key (a gmail address says nothing about where someone works).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Legal forms dropped from the end of a name.
const LEGAL_FORMS: [&str; 22] = [
    "inc",
    "incorporated",
    "llc",
    "llp",
    "ltd",
    "limited",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "pty",
];

/// Words that never make a company's distinctive first word.
const LEADING_WORDS: [&str; 3] = ["the", "le", "la"];

/// Second-level labels of country suffixes ("co.uk", "com.au").
const SECOND_LEVEL: [&str; 8] = ["co", "com", "org", "net", "ac", "gov", "edu", "ltd"];

/// Mail providers whose domain tells nothing about an employer.
const PUBLIC_MAIL: [&str; 18] = [
    "gmail",
    "googlemail",
    "outlook",
    "hotmail",
    "live",
    "msn",
    "yahoo",
    "ymail",
    "icloud",
    "me",
    "mac",
    "aol",
    "proton",
    "protonmail",
    "gmx",
    "fastmail",
    "mail",
    "hey",
];

/// Lower case, accents stripped, every run of non-alphanumerics one space.
fn words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().map(str::to_string).collect()
}

/// The canonical spelling of a company name: "Brightwave Media, Inc." → "brightwave media".
pub fn normalize_company(name: &str) -> String {
    let mut words = words(name);
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| LEGAL_FORMS.contains(&w.as_str()))
    {
        words.pop();
    }
    words.join(" ")
}

/// The keys a company name is found under (empty for an empty name).
pub fn company_keys(name: &str) -> Vec<String> {
    let normalized = normalize_company(name);
    let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
    let mut keys = Vec::with_capacity(2);
    let squashed: String = words.concat();
    if squashed.is_empty() {
        return keys;
    }
    keys.push(squashed);
    let distinctive = words
        .iter()
        .find(|w| !LEADING_WORDS.contains(w))
        .filter(|w| w.chars().count() >= 3);
    if let Some(first) = distinctive
        && keys[0] != *first
    {
        keys.push((*first).to_string());
    }
    keys
}

/// The key of an email address's or a bare domain's company: `priya@mail.brightwave.co.uk`
/// → "brightwave"; `None` for public mail providers and malformed domains.
pub fn domain_key(address_or_domain: &str) -> Option<String> {
    let domain = address_or_domain
        .rsplit_once('@')
        .map_or(address_or_domain, |(_, d)| d)
        .trim()
        .trim_end_matches('.')
        .to_lowercase();
    let mut labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 {
        return None;
    }
    labels.pop(); // the top-level domain
    if labels.len() >= 2
        && labels.last().is_some_and(|l| {
            SECOND_LEVEL.contains(l) && domain.rsplit('.').next().is_some_and(|tld| tld.len() == 2)
        })
    {
        labels.pop();
    }
    let label = labels.last()?;
    let key: String = label.chars().filter(|c| c.is_alphanumeric()).collect();
    (key.chars().count() >= 2 && !PUBLIC_MAIL.contains(&key.as_str())).then_some(key)
}

/// A domain as it is compared: Unicode compatibility forms folded (full-width letters
/// become ASCII), internationalized names in their ASCII (IDNA) form, lower case, no
/// trailing dot. `None` for what is not a domain of at least two labels.
pub fn normalize_domain(text: &str) -> Option<String> {
    let text = text
        .trim()
        .trim_end_matches(['.', '\u{3002}', '\u{FF0E}', '\u{FF61}']);
    // Plain ASCII (nearly every address) needs only lower case; the IDNA mapping is for
    // the rest. This runs for every address the employer rule looks at.
    let mapped;
    let ascii = if text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        mapped = text.to_ascii_lowercase();
        mapped.as_str()
    } else {
        mapped = idna::domain_to_ascii(text).ok()?;
        mapped.trim_end_matches('.')
    };
    let labels: Vec<&str> = ascii.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    (labels.len() >= 2 && ascii.len() <= 253 && labels.iter().all(label_ok))
        .then(|| ascii.to_string())
}

/// Whether `address` (or a bare domain) is at `domain` or one of its subdomains, both
/// compared as [`normalize_domain`] spells them; `domain` is already normalized.
pub fn in_domain(address: &str, domain: &str) -> bool {
    if domain.is_empty() {
        return false;
    }
    let part = address
        .rsplit_once(['@', '\u{FF20}'])
        .map_or(address, |(_, d)| d);
    let found =
        normalize_domain(part).unwrap_or_else(|| part.trim().trim_end_matches('.').to_lowercase());
    found == domain || found.ends_with(&format!(".{domain}"))
}

/// Whether two company names are the same company: equal once legal forms, case,
/// punctuation and accents are set aside ("Northwind Outfitters, Inc." is "northwind
/// outfitters"). Stricter than sharing a warm-path key: the first word alone is not
/// enough.
pub fn same_company(a: &str, b: &str) -> bool {
    let (a, b) = (company_keys(a), company_keys(b));
    matches!((a.first(), b.first()), (Some(a), Some(b)) if a == b)
}

/// The keys to look a typed target up under: a domain ("brightwave.example") or a name.
pub fn target_keys(target: &str) -> Vec<String> {
    let target = target.trim();
    if !target.contains(char::is_whitespace)
        && target.contains('.')
        && let Some(key) = domain_key(target)
    {
        return vec![key];
    }
    company_keys(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shares_key(a: &[String], b: &[String]) -> bool {
        a.iter().any(|k| b.contains(k))
    }

    #[test]
    fn domains_are_compared_in_one_spelling() {
        for spelling in [
            "northwind.example",
            "Northwind.Example.",
            "ｎｏｒｔｈｗｉｎｄ.example",
            " northwind.example ",
        ] {
            assert_eq!(
                normalize_domain(spelling).as_deref(),
                Some("northwind.example"),
                "{spelling}"
            );
        }
        assert_eq!(
            normalize_domain("bücher.example").as_deref(),
            Some("xn--bcher-kva.example")
        );
        for not_a_domain in ["@@", "", "northwind", "a..b", "-a.example", "a b.example"] {
            assert_eq!(normalize_domain(not_a_domain), None, "{not_a_domain}");
        }
        let domain = "northwind.example";
        assert!(in_domain("boss@ｎｏｒｔｈｗｉｎｄ.example", domain));
        assert!(in_domain("Boss@NORTHWIND.EXAMPLE.", domain));
        assert!(in_domain("it@mail.northwind.example", domain));
        assert!(!in_domain("someone@northwind.example.org", domain));
        assert!(!in_domain("someone@notnorthwind.example", domain));
        assert!(!in_domain("someone@northwind.example", ""));
    }

    #[test]
    fn the_same_company_under_legal_forms_case_and_accents() {
        assert!(same_company(
            "Northwind Outfitters, Inc.",
            "northwind outfitters"
        ));
        assert!(same_company(
            "NORTHWIND OUTFITTERS LTD",
            "Northwind Outfitters"
        ));
        assert!(same_company("Café Société SA", "cafe societe"));
        assert!(!same_company("Northwind Bank", "Northwind Outfitters"));
        assert!(!same_company("", "Northwind Outfitters"));
    }

    #[test]
    fn one_company_under_its_spellings() {
        assert_eq!(
            normalize_company("Brightwave Media, Inc."),
            "brightwave media"
        );
        assert_eq!(
            normalize_company("  brightwave   MEDIA "),
            "brightwave media"
        );
        assert_eq!(normalize_company("Ünïted Co."), "united");
        let full = company_keys("Brightwave Media, Inc.");
        assert_eq!(full, ["brightwavemedia", "brightwave"]);
        assert!(shares_key(&full, &company_keys("brightwave media")));
        assert!(shares_key(&full, &company_keys("Brightwave")));
        let domain = domain_key("priya@brightwave.example").unwrap();
        assert!(full.contains(&domain));
        assert_eq!(
            domain_key("x@mail.brightwave.co.uk").as_deref(),
            Some("brightwave")
        );
        assert_eq!(target_keys("brightwave.example"), ["brightwave"]);
    }

    #[test]
    fn public_mail_and_junk_give_no_key() {
        assert_eq!(domain_key("someone@gmail.com"), None);
        assert_eq!(domain_key("someone@outlook.co.uk"), None);
        assert_eq!(domain_key("localhost"), None);
        assert_eq!(domain_key(""), None);
        assert!(company_keys("").is_empty());
        assert!(company_keys(" ,. ").is_empty());
    }

    #[test]
    fn the_and_short_words_are_not_distinctive() {
        assert_eq!(
            company_keys("The Boston Group"),
            ["thebostongroup", "boston"]
        );
        assert_eq!(company_keys("IO Labs"), ["iolabs"]);
        // A legal form alone is kept: it is the whole name.
        assert_eq!(company_keys("Co"), ["co"]);
    }

    proptest! {
        #[test]
        fn spelling_noise_never_changes_the_keys(
            name in "[A-Za-z]{3,10}( [A-Za-z]{2,10}){0,3}",
            suffix in prop::sample::select(vec!["", ", Inc.", " Ltd", " GmbH", " LLC", " plc"]),
            upper in any::<bool>(),
        ) {
            let noisy = format!("  {}{suffix} ", if upper { name.to_uppercase() } else { name.clone() });
            let clean = company_keys(&name);
            // A name that itself ends in a legal form ("Acme Co") loses it either way.
            prop_assert_eq!(company_keys(&noisy), clean.clone());
            prop_assert!(!clean.is_empty());
            for key in &clean {
                prop_assert!(key.chars().all(char::is_alphanumeric));
            }
        }

        #[test]
        fn a_company_domain_matches_its_name(
            word in "[a-z]{3,12}",
            rest in "( [a-z]{2,8}){0,2}",
            tld in prop::sample::select(vec!["com", "example", "io", "de", "co.uk"]),
        ) {
            prop_assume!(!PUBLIC_MAIL.contains(&word.as_str()));
            prop_assume!(!LEADING_WORDS.contains(&word.as_str()) && !LEGAL_FORMS.contains(&word.as_str()));
            let key = domain_key(&format!("someone@{word}.{tld}"));
            prop_assert_eq!(key.clone(), Some(word.clone()));
            let name = format!("{word}{rest}");
            prop_assert!(company_keys(&name).contains(&key.unwrap()));
        }
    }
}
