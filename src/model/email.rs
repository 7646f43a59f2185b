//! Email address validation: a practical subset of RFC 5322 addr-spec that real people
//! type (no quoted local parts, no IP literals), with messages a non-engineer can act on.

/// Longest address SMTP accepts (RFC 5321 path limit minus the angle brackets).
const MAX_ADDRESS_CHARS: usize = 254;

/// Why text is not an email address, phrased to follow "email 'ADDR': ".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("empty")]
    Empty,
    #[error("longer than {} characters", MAX_ADDRESS_CHARS)]
    TooLong,
    #[error("contains a space")]
    Space,
    #[error("contains a control character")]
    ControlCharacter,
    #[error("missing '@'")]
    NoAt,
    #[error("missing the name before '@'")]
    NoName,
    #[error("missing domain")]
    NoDomain,
    #[error("more than one '@'")]
    SeveralAts,
    #[error("the part before '@' is longer than 64 bytes")]
    NameTooLong,
    #[error("misplaced '.' before '@'")]
    MisplacedDot,
    #[error("'{0}' is not allowed before '@'")]
    NameCharacter(char),
    #[error("domain '{0}' has no '.'")]
    DomainWithoutDot(String),
    #[error("domain '{0}' has an empty part")]
    DomainEmptyPart(String),
    #[error("domain '{0}' has a part starting or ending with '-'")]
    DomainHyphen(String),
    #[error("'{0}' is not allowed in the domain")]
    DomainCharacter(char),
    #[error("domain '{0}' ends in a number")]
    DomainNumber(String),
}

/// Checks one address and returns it normalised (trimmed, domain lower-cased), or the
/// reason it is not an address.
pub fn validate_email(input: &str) -> Result<String, EmailError> {
    let address = input.trim();
    if address.is_empty() {
        return Err(EmailError::Empty);
    }
    if address.chars().count() > MAX_ADDRESS_CHARS {
        return Err(EmailError::TooLong);
    }
    if address.chars().any(char::is_whitespace) {
        return Err(EmailError::Space);
    }
    if address.chars().any(char::is_control) {
        return Err(EmailError::ControlCharacter);
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err(EmailError::NoAt);
    };
    if local.is_empty() {
        return Err(EmailError::NoName);
    }
    if domain.is_empty() {
        return Err(EmailError::NoDomain);
    }
    if local.contains('@') {
        return Err(EmailError::SeveralAts);
    }
    check_local_part(local)?;
    check_domain(domain)?;
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

fn check_local_part(local: &str) -> Result<(), EmailError> {
    if local.len() > 64 {
        return Err(EmailError::NameTooLong);
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(EmailError::MisplacedDot);
    }
    if let Some(bad) = local.chars().find(|c| "()<>[]:;,\\\"".contains(*c)) {
        return Err(EmailError::NameCharacter(bad));
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), EmailError> {
    let named = || domain.to_string();
    if !domain.contains('.') {
        return Err(EmailError::DomainWithoutDot(named()));
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Err(EmailError::DomainEmptyPart(named()));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(EmailError::DomainHyphen(named()));
        }
        if let Some(bad) = label.chars().find(|c| !(c.is_alphanumeric() || *c == '-')) {
            return Err(EmailError::DomainCharacter(bad));
        }
    }
    let top = domain.rsplit('.').next().unwrap_or_default();
    if top.chars().all(|c| c.is_ascii_digit()) {
        return Err(EmailError::DomainNumber(named()));
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
        assert_eq!(
            validate_email("bob@").unwrap_err().to_string(),
            "missing domain"
        );
        assert_eq!(
            validate_email("bob").unwrap_err().to_string(),
            "missing '@'"
        );
        assert_eq!(
            validate_email("@example.com").unwrap_err().to_string(),
            "missing the name before '@'"
        );
        assert_eq!(
            validate_email("bob@localhost").unwrap_err().to_string(),
            "domain 'localhost' has no '.'"
        );
        assert_eq!(
            validate_email("bo b@example.com").unwrap_err().to_string(),
            "contains a space"
        );
        assert_eq!(
            validate_email("a@b@example.com").unwrap_err().to_string(),
            "more than one '@'"
        );
        assert_eq!(
            validate_email("bob@example..com").unwrap_err().to_string(),
            "domain 'example..com' has an empty part"
        );
        assert_eq!(
            validate_email(".bob@example.com").unwrap_err().to_string(),
            "misplaced '.' before '@'"
        );
        assert_eq!(
            validate_email("bob@1.2.3.4").unwrap_err().to_string(),
            "domain '1.2.3.4' ends in a number"
        );
        assert_eq!(validate_email("").unwrap_err().to_string(), "empty");
    }

    #[test]
    fn rejects_overlong_addresses() {
        let long = format!("{}@example.com", "a".repeat(300));
        assert!(
            validate_email(&long)
                .unwrap_err()
                .to_string()
                .contains("longer than")
        );
    }
}
