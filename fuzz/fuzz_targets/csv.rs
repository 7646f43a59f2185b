//! Any bytes into the CSV readers (LinkedIn, Google, mapped): they must never panic,
//! and every line number they report lies inside the input.
#![no_main]

use exitplan::interop::{csv_import, linkedin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count().max(1);
    let mapping = csv_import::parse_mapping(&["Name=name".to_string(), "Mail=email".to_string()])
        .expect("a valid mapping");
    for parsed in [
        linkedin::parse(text),
        csv_import::parse_google(text),
        csv_import::parse_mapped(text, &mapping),
    ] {
        for record in &parsed.candidates {
            assert!(
                record.line >= 1 && record.line <= lines,
                "{} of {lines}",
                record.line
            );
        }
        for bad in &parsed.malformed {
            assert!(
                bad.line >= 1 && bad.line <= lines,
                "{} of {lines}",
                bad.line
            );
        }
    }
});
