//! Email address validation: a practical subset of RFC 5322 addr-spec that real people
//! type (no quoted local parts, no IP literals), with messages a non-engineer can act on.

/// Longest address SMTP accepts (RFC 5321 path limit minus the angle brackets).
const MAX_ADDRESS_CHARS: usize = 254;

/// Checks one address and returns it normalised (trimmed, domain lower-cased), or the
/// reason it is not an address, phrased to follow "email 'ADDR': ".
pub fn validate_email(input: &str) -> Result<String, String> {
    let address = input.trim();
    if address.is_empty() {
        return Err("empty".into());
    }
    if address.chars().count() > MAX_ADDRESS_CHARS {
        return Err(format!("longer than {MAX_ADDRESS_CHARS} characters"));
    }
    if address.chars().any(char::is_whitespace) {
        return Err("contains a space".into());
    }
    if address.chars().any(char::is_control) {
        return Err("contains a control character".into());
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err("missing '@'".into());
    };
    if local.is_empty() {
        return Err("missing the name before '@'".into());
    }
    if domain.is_empty() {
        return Err("missing domain".into());
    }
    if local.contains('@') {
        return Err("more than one '@'".into());
    }
    check_local_part(local)?;
    check_domain(domain)?;
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

fn check_local_part(local: &str) -> Result<(), String> {
    if local.len() > 64 {
        return Err("the part before '@' is longer than 64 bytes".into());
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("misplaced '.' before '@'".into());
    }
    if let Some(bad) = local.chars().find(|c| "()<>[]:;,\\\"".contains(*c)) {
        return Err(format!("'{bad}' is not allowed before '@'"));
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), String> {
    if !domain.contains('.') {
        return Err(format!("domain '{domain}' has no '.'"));
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Err(format!("domain '{domain}' has an empty part"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "domain '{domain}' has a part starting or ending with '-'"
            ));
        }
        if let Some(bad) = label.chars().find(|c| !(c.is_alphanumeric() || *c == '-')) {
            return Err(format!("'{bad}' is not allowed in the domain"));
        }
    }
    let top = domain.rsplit('.').next().unwrap_or_default();
    if top.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("domain '{domain}' ends in a number"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::validate_email;

    #[test]
    fn accepts_common_addresses_and_lowercases_the_domain() {
        assert_eq!(
            validate_email(" Ada@Example.COM ").unwrap(),
            "Ada@example.com"
        );
        assert_eq!(
            validate_email("first.last+tag@mail.example.co.uk").unwrap(),
            "first.last+tag@mail.example.co.uk"
        );
        assert_eq!(
            validate_email("zoë@bücher.example").unwrap(),
            "zoë@bücher.example"
        );
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(validate_email("bob@").unwrap_err(), "missing domain");
        assert_eq!(validate_email("bob").unwrap_err(), "missing '@'");
        assert_eq!(
            validate_email("@example.com").unwrap_err(),
            "missing the name before '@'"
        );
        assert_eq!(
            validate_email("bob@localhost").unwrap_err(),
            "domain 'localhost' has no '.'"
        );
        assert_eq!(
            validate_email("bo b@example.com").unwrap_err(),
            "contains a space"
        );
        assert_eq!(
            validate_email("a@b@example.com").unwrap_err(),
            "more than one '@'"
        );
        assert_eq!(
            validate_email("bob@example..com").unwrap_err(),
            "domain 'example..com' has an empty part"
        );
        assert_eq!(
            validate_email(".bob@example.com").unwrap_err(),
            "misplaced '.' before '@'"
        );
        assert_eq!(
            validate_email("bob@1.2.3.4").unwrap_err(),
            "domain '1.2.3.4' ends in a number"
        );
        assert_eq!(validate_email("").unwrap_err(), "empty");
    }

    #[test]
    fn rejects_overlong_addresses() {
        let long = format!("{}@example.com", "a".repeat(300));
        assert!(validate_email(&long).unwrap_err().contains("longer than"));
    }
}
