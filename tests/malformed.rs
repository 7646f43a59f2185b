//! At least fifty malformed inputs through the real binary — truncated files, wrong
//! encodings, huge fields, odd Unicode, binary data, a 1 GB file — for `import` and
//! `restore`: each gets exit code 1 and a message that says what is wrong, and the
//! database is exactly as it was.

mod common;

use common::cli::exitplan;
use common::{open, temp_db};
use exitplan::model::ContactFields;
use exitplan::store::Change;

const HEADER: &str = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n";

fn linkedin(rows: &str) -> Vec<u8> {
    format!("Notes:\r\n\"LinkedIn notes\"\r\n\r\n{HEADER}{rows}").into_bytes()
}

fn vcard(body: &str) -> Vec<u8> {
    format!("BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n").into_bytes()
}

fn import_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let good_row = "Ada,Lovelace,,ada@analytical.example,Analytical,Founder,10 Dec 2020\r\n";
    let mut inputs: Vec<(&'static str, Vec<u8>)> = vec![
        ("empty file", vec![]),
        ("only a BOM", b"\xEF\xBB\xBF".to_vec()),
        ("whitespace", b"   \r\n\r\n  ".to_vec()),
        (
            "random binary",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("a PNG", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec()),
        ("a zip", b"PK\x03\x04\x14\0\0\0\x08\0".to_vec()),
        ("UTF-16 with BOM", {
            let mut b = vec![0xFF, 0xFE];
            for u in "First Name,Last Name\r\n".encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }),
        ("Latin-1 bytes in a LinkedIn row", {
            let mut b = linkedin("");
            b.extend_from_slice(b"Ren\xe9,Fran\xe7ois,,,,,01 Jan 2020\r\n");
            b
        }),
        ("a CSV that is not LinkedIn's", b"a,b,c\n1,2,3\n".to_vec()),
        (
            "LinkedIn header only, then garbage",
            linkedin("\u{0}\u{0}\u{0}\r\n"),
        ),
        (
            "LinkedIn: bad date",
            linkedin("Ada,Lovelace,,,,,the tenth\r\n"),
        ),
        (
            "LinkedIn: date in another format",
            linkedin("Ada,Lovelace,,,,,2020-12-10\r\n"),
        ),
        (
            "LinkedIn: bad email",
            linkedin("Ada,Lovelace,,ada@@x,,,10 Dec 2020\r\n"),
        ),
        (
            "LinkedIn: email without domain",
            linkedin("Ada,Lovelace,,ada@,,,10 Dec 2020\r\n"),
        ),
        (
            "LinkedIn: no name, no email",
            linkedin(",,,,Acme,CEO,10 Dec 2020\r\n"),
        ),
        (
            "LinkedIn: 100 KB name",
            linkedin(&format!("{},X,,,,,10 Dec 2020\r\n", "N".repeat(100_000))),
        ),
        (
            "LinkedIn: 1 MB company",
            linkedin(&format!(
                "Ada,L,,,{},,10 Dec 2020\r\n",
                "C".repeat(1_000_000)
            )),
        ),
        (
            "LinkedIn: control character in name",
            linkedin("Ada\u{7},Lovelace,,,,,10 Dec 2020\r\n"),
        ),
        (
            "LinkedIn: NUL in name",
            linkedin("Ada\u{0}x,Lovelace,,,,,10 Dec 2020\r\n"),
        ),
        (
            "LinkedIn: escape sequence in title",
            linkedin("Ada,Lovelace,,,,\u{1b}[31mred,10 Dec 2020\r\n"),
        ),
        (
            "LinkedIn: unterminated quote",
            linkedin("\"Ada,Lovelace,,,,,10 Dec 2020\r\n"),
        ),
        ("LinkedIn: truncated mid-row", {
            let mut b = linkedin(good_row);
            b.extend_from_slice(b"Bob,Bro");
            b
        }),
        (
            "LinkedIn: good rows and one bad",
            linkedin(&format!("{good_row}Eve,,,eve@,,,01 Jan 2021\r\n")),
        ),
        (
            "LinkedIn: line break in name",
            linkedin("\"Ada\nLovelace\",X,,,,,10 Dec 2020\r\n"),
        ),
        (
            "LinkedIn: 31 February",
            linkedin("Ada,Lovelace,,,,,31 Feb 2021\r\n"),
        ),
        ("vCard: no colon", vcard("FN Ada\r\n")),
        (
            "vCard: no END",
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n".to_vec(),
        ),
        (
            "vCard: END without BEGIN",
            b"BEGIN:VCARD\r\nFN:Ok\r\nEND:VCARD\r\nEND:VCARD\r\n".to_vec(),
        ),
        ("vCard: no name, no email", vcard("NOTE:nobody\r\n")),
        (
            "vCard: bad email",
            vcard("FN:Ada\r\nEMAIL:not-an-address\r\n"),
        ),
        (
            "vCard: unsupported charset",
            vcard("FN;ENCODING=QUOTED-PRINTABLE;CHARSET=KOI8-R:=C1=C2\r\n"),
        ),
        (
            "vCard: quoted-printable not UTF-8",
            vcard("FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=FF=FE\r\n"),
        ),
        (
            "vCard: 200 KB name",
            vcard(&format!("FN:{}\r\n", "Z".repeat(200_000))),
        ),
        ("vCard: control character", vcard("FN:Ada\u{8}Lovelace\r\n")),
        (
            "vCard: nested BEGIN",
            b"BEGIN:VCARD\r\nFN:A\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n".to_vec(),
        ),
        (
            "vCard: property outside a card",
            b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nFN:B\r\n".to_vec(),
        ),
        ("vCard: bad phone", vcard("FN:Ada\r\nTEL:call me maybe\r\n")),
        (
            "vCard: 600-character title",
            vcard(&format!(
                "FN:Ada\r\nNOTE:ok\r\nTITLE:{}\r\n",
                "t".repeat(600)
            )),
        ),
        (
            "Google: no name, no email",
            b"First Name,Last Name,E-mail 1 - Value\r\n,,\r\n,,\r\nx,,bad@\r\n".to_vec(),
        ),
        (
            "Google: bad second email",
            b"First Name,Last Name,E-mail 1 - Value\r\nAda,L,ada@x.example ::: nope\r\n".to_vec(),
        ),
        (
            "Google: 100 KB tag",
            format!(
                "First Name,Labels,E-mail 1 - Value\r\nAda,{},a@x.example\r\n",
                "T".repeat(100_000)
            )
            .into_bytes(),
        ),
    ];
    // Odd Unicode that is still not allowed: bidi overrides are fine, controls are not.
    for (label, name) in [
        ("Unicode: C1 control", "Ada\u{85}Lovelace"),
        ("Unicode: DEL", "Ada\u{7f}"),
        ("Unicode: vertical tab", "Ada\u{b}Lovelace"),
        ("Unicode: form feed", "Ada\u{c}Lovelace"),
        ("Unicode: bell", "\u{7}Ada"),
    ] {
        inputs.push((label, linkedin(&format!("{name},X,,,,,10 Dec 2020\r\n"))));
    }
    for (label, date) in [
        ("date: month number", "10 12 2020"),
        ("date: lowercase garbage", "sometime"),
        ("date: year only", "2020"),
        ("date: far future words", "next year"),
        ("date: emoji", "📅"),
    ] {
        inputs.push((label, linkedin(&format!("Ada,Lovelace,,,,,{date}\r\n"))));
    }
    inputs
}

fn restore_inputs(valid: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("backup: empty", vec![]),
        ("backup: truncated", valid[..valid.len() / 3].to_vec()),
        ("backup: not JSON", b"hello".to_vec()),
        ("backup: JSON array", b"[1,2,3]".to_vec()),
        (
            "backup: other format",
            br#"{"format":"other","version":1}"#.to_vec(),
        ),
        ("backup: binary", vec![0, 159, 146, 150]),
        (
            "backup: wrong type",
            String::from_utf8_lossy(valid)
                .replacen("\"contacts\":[", "\"contacts\":{\"x\":[", 1)
                .into_bytes(),
        ),
        (
            "backup: newer version",
            String::from_utf8_lossy(valid)
                .replacen("\"version\":1", "\"version\":99", 1)
                .into_bytes(),
        ),
        (
            "backup: fake age header",
            b"age-encryption.org/v1\n-> garbage\n".to_vec(),
        ),
    ]
}

#[test]
fn fifty_malformed_inputs_get_clear_errors_and_change_nothing() {
    let db = temp_db();
    {
        let mut store = open(&db.path);
        store
            .apply(Change::AddContact(ContactFields {
                name: "Keep Me".into(),
                emails: vec!["keep@me.example".into()],
                ..ContactFields::default()
            }))
            .unwrap();
    }
    let snapshot = || {
        let store = open(&db.path);
        store.backup().map(|mut b| {
            b.created.clear();
            b
        })
    };
    let before = snapshot().unwrap();
    let valid = serde_json::to_vec(&before).unwrap();
    let mut count = 0;
    let mut check = |label: &str, args: &[&str], bytes: &[u8], target: &common::TempDb| {
        let file = target.dir.path().join("input");
        std::fs::write(&file, bytes).unwrap();
        let output = exitplan(&target.path)
            .args(args)
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{label}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("error: "), "{label}: {stderr}");
        assert!(stderr.len() < 2_000, "{label}: the message stays short");
        let said = format!("{stderr}{}", String::from_utf8_lossy(&output.stdout));
        assert!(
            [
                "nothing was imported",
                "nothing was restored",
                "not UTF-8",
                "could not be recognised",
                "not an exitplan backup",
                "newer exitplan",
                "wrong passphrase",
                "encrypted backup",
                "passphrase",
                "empty database"
            ]
            .iter()
            .any(|phrase| said.contains(phrase)),
            "{label}: {said}"
        );
        count += 1;
    };
    for (label, bytes) in import_inputs() {
        check(label, &["import"], &bytes, &db);
    }
    let empty = temp_db();
    for (label, bytes) in restore_inputs(&valid) {
        check(label, &["restore"], &bytes, &empty);
    }
    // A 1 GB file (sparse: nothing is really written) is refused before reading.
    let huge = db.dir.path().join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let output = exitplan(&db.path)
        .arg("import")
        .arg(&huge)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("1024 MB"));
    count += 1;
    assert!(count >= 50, "{count} inputs");
    assert_eq!(
        snapshot().unwrap(),
        before,
        "the database is exactly as it was"
    );
    assert!(open(&empty.path).model().is_empty());
}
