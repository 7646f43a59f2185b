//! Passphrase encryption of backups with age (scrypt): `export json --encrypt` writes
//! an age file; `restore` recognises one and asks for the passphrase.

use std::io::{Read, Write};

use age::secrecy::SecretString;

/// What every age file starts with.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";

/// Whether `bytes` is an age-encrypted file.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CryptoError(pub String);

/// `bytes` encrypted with `passphrase`.
pub fn encrypt(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, CryptoError> {
    if passphrase.is_empty() {
        return Err(CryptoError("the passphrase is empty".into()));
    }
    let encryptor = age::Encryptor::with_user_passphrase(SecretString::from(passphrase.to_owned()));
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let fail = |e: std::io::Error| CryptoError(format!("encryption failed: {e}"));
    let mut writer = encryptor.wrap_output(&mut out).map_err(fail)?;
    writer.write_all(bytes).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

/// The plain bytes of an age file, or why not (a wrong passphrase says so).
pub fn decrypt(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, CryptoError> {
    let decryptor = age::Decryptor::new(bytes)
        .map_err(|e| CryptoError(format!("not a readable encrypted backup: {e}")))?;
    let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                CryptoError("wrong passphrase (nothing was restored)".into())
            }
            other => CryptoError(format!("the encrypted backup cannot be read: {other}")),
        })?;
    let mut plain = Vec::new();
    reader
        .read_to_end(&mut plain)
        .map_err(|e| CryptoError(format!("the encrypted backup is damaged: {e}")))?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_passphrase() {
        let secret = encrypt(b"{\"contacts\":[]}", "correct horse").unwrap();
        assert!(is_encrypted(&secret));
        assert_eq!(
            decrypt(&secret, "correct horse").unwrap(),
            b"{\"contacts\":[]}"
        );
        assert!(
            decrypt(&secret, "wrong")
                .unwrap_err()
                .0
                .contains("wrong passphrase")
        );
        assert!(!is_encrypted(b"{}"));
    }
}
