//! Any bytes into the vCard reader: it must never panic, every record it returns
//! either validates or is reported, and what it writes back reads back.
#![no_main]

use exitplan::interop::vcard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = vcard::parse(text);
    for candidate in parsed.candidates {
        if let Ok(fields) = candidate.fields.validate() {
            let again = vcard::parse(&vcard::write([&fields]));
            assert!(again.malformed.is_empty(), "{:?}", again.malformed);
            assert_eq!(again.candidates[0].fields.validate().ok(), Some(fields));
        }
    }
});
