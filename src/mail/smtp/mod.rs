//! Sending through the user's SMTP server with lettre (rustls): building the message
//! (with the Message-ID the outbox chose), the connection for the security mode, and
//! plain-words errors that say what happens next. One [`Mailer`] keeps one connection
//! for a whole run. Nothing here logs, and the password is never printed.
//!
//! The conversation is driven step by step (MAIL, RCPT, DATA, the message and its final
//! dot) so a failure can say whether the server may have the email: anything that goes
//! wrong once the whole message was written — no answer, a reset, a timeout — is
//! [`Failure::MaybeSent`], and only a definite reply decides otherwise.

mod conversation;

use std::cell::RefCell;
use std::time::Duration;

use lettre::Address;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, Message};
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;

use crate::model::{OutboxEntry, Security, Settings, is_loopback_host};
use conversation::converse;

/// The SMTP password; never printed, never stored in the database.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Why a mailer could not be set up: the settings are incomplete or unsafe. It reads
/// as the command line would fix it; [`SetupError::in_window`] names the place in the
/// window instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SetupError {
    pub message: String,
    window: Option<String>,
}

impl SetupError {
    /// The same problem in the window's words (Settings → …, not a command line).
    pub fn in_window(&self) -> &str {
        self.window.as_deref().unwrap_or(&self.message)
    }
}

/// Why one email did not go out, in the server's (or the network's) words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub message: String,
    pub failure: Failure,
}

/// What a failed send means for the email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Nothing reached the server, or it answered with a temporary refusal (4xx): try
    /// again later.
    Retry,
    /// The server refused for good (5xx) or the message itself is wrong: retrying the
    /// same email will not help; it waits for the user.
    WaitForUser,
    /// The whole message was written and then no definite answer came (no reply, a
    /// reset, a timeout): it may have been delivered. Never retried on its own.
    MaybeSent,
    /// Not sent: right before sending it no longer qualified (the contact or the
    /// employer changed since it was drafted), and it was withdrawn.
    Withdrawn,
}

/// How the connection is secured.
enum Encryption {
    None,
    /// TLS from the first byte (port 465).
    Wrapper(TlsParameters),
    /// STARTTLS, required.
    StartTls(TlsParameters),
}

/// Where and how to connect.
struct Server {
    host: String,
    port: u16,
    timeout: Duration,
    encryption: Encryption,
    credentials: Option<Credentials>,
    hello: ClientId,
}

/// Where in the conversation a failure came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Connecting, logging in, MAIL, RCPT or DATA: the server has no message yet.
    Envelope,
    /// While the message was being written: the server cannot have taken it.
    Writing,
    /// After the whole message and its final dot were handed over.
    HandedOver,
}

/// A connection to the user's SMTP server, reused for every email of one run.
pub struct Mailer {
    server: Server,
    connection: RefCell<Option<SmtpConnection>>,
    from: Mailbox,
    employer_domain: crate::model::Employer,
}

/// Extra options that do not belong in settings (tests, self-hosted servers).
#[derive(Debug, Clone, Default)]
pub struct MailerOptions {
    /// PEM of an extra certificate to trust (e.g. a self-signed one on a home server).
    pub extra_root_pem: Option<Vec<u8>>,
}

impl MailerOptions {
    /// From the environment: `EXITPLAN_SMTP_CA_FILE` names a PEM file to trust.
    pub fn from_env() -> Result<MailerOptions, SetupError> {
        let Some(path) = std::env::var_os("EXITPLAN_SMTP_CA_FILE") else {
            return Ok(MailerOptions::default());
        };
        let pem = std::fs::read(&path).map_err(|e| {
            setup(format!(
                "cannot read the certificate in EXITPLAN_SMTP_CA_FILE ({}): {e}",
                std::path::Path::new(&path).display()
            ))
        })?;
        Ok(MailerOptions {
            extra_root_pem: Some(pem),
        })
    }
}

fn setup(message: impl Into<String>) -> SetupError {
    SetupError {
        message: message.into(),
        window: None,
    }
}

/// A setup error whose fix differs in the window and on the command line.
fn setup_both(command_line: impl Into<String>, window: impl Into<String>) -> SetupError {
    SetupError {
        message: command_line.into(),
        window: Some(window.into()),
    }
}

/// Whether a name or subject would smuggle in a header (CR, LF or other controls).
fn has_header_break(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Why a name and address cannot make a From or To mailbox.
#[derive(Debug, thiserror::Error)]
enum MailboxError {
    #[error(
        "{what} name contains a line break or control character (refused: it could add mail headers)"
    )]
    HeaderBreak { what: &'static str },
    #[error("{what} address '{address}' is not valid: {reason}")]
    Address {
        what: &'static str,
        address: String,
        reason: lettre::address::AddressError,
    },
}

fn mailbox(name: &str, address: &str, what: &'static str) -> Result<Mailbox, MailboxError> {
    if has_header_break(name) {
        return Err(MailboxError::HeaderBreak { what });
    }
    let parsed: Address = address.parse().map_err(|reason| MailboxError::Address {
        what,
        address: address.to_string(),
        reason,
    })?;
    let name = name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_string()),
        parsed,
    ))
}

impl Mailer {
    /// Checks the settings and prepares the transport (no connection is made yet).
    pub fn new(
        settings: &Settings,
        password: Option<&Secret>,
        options: &MailerOptions,
    ) -> Result<Mailer, SetupError> {
        let smtp = &settings.smtp;
        let identity = &settings.identity;
        if smtp.host.is_empty() {
            return Err(setup_both(
                "no SMTP server yet: set smtp.host (exitplan settings set smtp.host smtp.example.com)",
                "no SMTP server yet: fill in “SMTP server” in Settings → Sending (SMTP)",
            ));
        }
        if identity.email.is_empty() {
            return Err(setup_both(
                "no From address yet: set identity.email to your personal address",
                "no From address yet: fill in “Your personal email address” in Settings",
            ));
        }
        if settings.employer.owns_address(&identity.email) {
            return Err(setup_both(
                format!(
                    "{} is in your employer's domain; exitplan never sends from it — set identity.email to a personal address",
                    identity.email
                ),
                format!(
                    "{} is in your employer's domain and is never sent from: put a personal address in Settings → “Your personal email address”",
                    identity.email
                ),
            ));
        }
        if smtp.security == Security::None && !is_loopback_host(&smtp.host) {
            return Err(setup(format!(
                "smtp.security is none (no encryption), which is only allowed to a server on this machine, not {}",
                smtp.host
            )));
        }
        let from =
            mailbox(&identity.name, &identity.email, "From").map_err(|e| setup(e.to_string()))?;
        let encryption = if smtp.security == Security::None {
            Encryption::None
        } else {
            let mut tls = TlsParameters::builder(smtp.host.clone());
            if let Some(pem) = &options.extra_root_pem {
                let certificate = Certificate::from_pem(pem)
                    .map_err(|e| setup(format!("the extra certificate is not usable: {e}")))?;
                tls = tls.add_root_certificate(certificate);
            }
            let tls = tls
                .build_rustls()
                .map_err(|e| setup(format!("TLS setup failed: {e}")))?;
            match smtp.security {
                Security::Tls => Encryption::Wrapper(tls),
                _ => Encryption::StartTls(tls),
            }
        };
        let credentials = if smtp.username.is_empty() {
            None
        } else {
            let Some(password) = password else {
                return Err(setup_both(
                    format!(
                        "no SMTP password for {}: run `exitplan smtp password` (or set EXITPLAN_SMTP_PASSWORD)",
                        smtp.username
                    ),
                    format!(
                        "no SMTP password for {}: type it under Settings → Sending (SMTP) → Password and press “Save password”",
                        smtp.username
                    ),
                ));
            };
            Some(Credentials::new(
                smtp.username.clone(),
                password.expose().to_string(),
            ))
        };
        Ok(Mailer {
            server: Server {
                host: smtp.host.clone(),
                port: smtp.port(),
                timeout: Duration::from_secs(u64::from(smtp.timeout_secs())),
                encryption,
                credentials,
                hello: ClientId::default(),
            },
            connection: RefCell::new(None),
            from,
            employer_domain: settings.employer.clone(),
        })
    }

    /// Builds the message for an outbox entry, refusing anything that could inject
    /// headers or reach the employer's domain.
    pub fn message(&self, entry: &OutboxEntry) -> Result<Message, SendError> {
        let permanent = |message: String| SendError {
            message,
            failure: Failure::WaitForUser,
        };
        if self.employer_domain.owns_address(&entry.to_address) {
            return Err(permanent(format!(
                "{} is in your employer's domain; nothing is sent there",
                entry.to_address
            )));
        }
        if has_header_break(&entry.subject) {
            return Err(permanent(
                "the subject contains a line break (refused: it could add mail headers)".into(),
            ));
        }
        let to = mailbox(&entry.to_name, &entry.to_address, "To")
            .map_err(|e| permanent(e.to_string()))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(entry.subject.clone())
            .message_id(Some(entry.message_id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .body(body(&entry.body))
            .map_err(|e| permanent(format!("the email could not be built: {e}")))
    }

    /// Sends one message over the run's connection (made on first use, and again after
    /// a failure). A kept connection the server closed while idle is replaced once, as
    /// long as nothing of the message was written.
    pub fn send(&self, message: &Message) -> Result<(), SendError> {
        let mut slot = self.connection.borrow_mut();
        let (mut connection, reused) = match slot.take() {
            Some(connection) if !connection.has_broken() => (connection, true),
            _ => (self.connect()?, false),
        };
        let mut result = converse(&mut connection, message);
        if reused
            && let Err((Phase::Envelope, error)) = &result
            && error.status().is_none()
        {
            connection = self.connect()?;
            result = converse(&mut connection, message);
        }
        match result {
            Ok(()) => {
                *slot = Some(connection);
                Ok(())
            }
            // The connection is dropped (closed) without a QUIT that could wait again.
            Err((phase, error)) => Err(describe(&error, phase)),
        }
    }

    /// Connects, secures the connection and logs in.
    fn connect(&self) -> Result<SmtpConnection, SendError> {
        let server = &self.server;
        let wrapper = match &server.encryption {
            Encryption::Wrapper(tls) => Some(tls),
            _ => None,
        };
        let mut connection = SmtpConnection::connect(
            (server.host.as_str(), server.port),
            Some(server.timeout),
            &server.hello,
            wrapper,
            None,
        )
        .map_err(|e| describe(&e, Phase::Envelope))?;
        if let Encryption::StartTls(tls) = &server.encryption {
            connection
                .starttls(tls, &server.hello)
                .map_err(|e| describe(&e, Phase::Envelope))?;
        }
        if let Some(credentials) = &server.credentials {
            connection
                .auth(DEFAULT_MECHANISMS, credentials)
                .map_err(|e| describe(&e, Phase::Envelope))?;
        }
        Ok(connection)
    }

    /// Connects, says hello (and logs in), and disconnects.
    pub fn test_connection(&self) -> Result<(), SendError> {
        let mut connection = self.connect()?;
        connection
            .quit()
            .map(|_| ())
            .map_err(|e| describe(&e, Phase::Envelope))
    }

    pub fn from(&self) -> &Mailbox {
        &self.from
    }
}

/// Plain 7-bit text when it is, quoted-printable otherwise (never base64, so the
/// words stay readable in any mail tool).
fn body(text: &str) -> Body {
    let text = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let seven_bit = text.is_ascii() && text.lines().all(|l| l.len() <= 900);
    let encoding = if seven_bit {
        ContentTransferEncoding::SevenBit
    } else {
        ContentTransferEncoding::QuotedPrintable
    };
    Body::new_with_encoding(text.clone(), encoding).unwrap_or_else(|_| Body::new(text))
}

/// The error in words, with the advice that fits.
fn describe(error: &SmtpError, phase: Phase) -> SendError {
    use std::error::Error as _;
    let mut message = error.to_string();
    let mut timed_out = error.is_timeout();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        // A socket read timeout surfaces as "would block" (EAGAIN) or "timed out".
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            timed_out |= matches!(
                io.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            );
        }
        source = cause.source();
    }
    // A definite answer from the server decides; without one, what was handed over.
    let (failure, advice) = if error.is_permanent() {
        (
            Failure::WaitForUser,
            " (the server refused it; edit the draft or the settings, then approve it again)",
        )
    } else if error.is_transient() {
        (Failure::Retry, " (a temporary refusal; it will be retried)")
    } else if phase == Phase::HandedOver {
        (
            Failure::MaybeSent,
            if timed_out {
                " (the server took the whole email but did not answer in time: it may have been sent — look in your Sent folder, then say whether it went)"
            } else {
                " (the connection broke after the whole email was handed over: it may have been sent — look in your Sent folder, then say whether it went)"
            },
        )
    } else if timed_out {
        (
            Failure::Retry,
            " (the server did not answer in time; it will be retried)",
        )
    } else if error.is_tls() {
        (
            Failure::Retry,
            " (the secure connection failed; check smtp.security and smtp.port)",
        )
    } else {
        (
            Failure::Retry,
            " (could not reach the server; it will be retried)",
        )
    };
    SendError {
        message: format!("{message}{advice}"),
        failure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_errors_name_the_command_line_there_and_the_settings_view_in_the_window() {
        let mut settings = Settings::default();
        let Err(e) = Mailer::new(&settings, None, &MailerOptions::default()) else {
            panic!("no server is an error");
        };
        assert!(
            e.to_string().contains("exitplan settings set smtp.host"),
            "{e}"
        );
        assert!(
            e.in_window().contains("Settings → Sending (SMTP)"),
            "{}",
            e.in_window()
        );
        assert!(!e.in_window().contains("exitplan "), "{}", e.in_window());
        settings.set("smtp.host", "smtp.example.com").unwrap();
        settings
            .set("identity.email", "sam@personal.example")
            .unwrap();
        settings.set("smtp.username", "sam").unwrap();
        let Err(e) = Mailer::new(&settings, None, &MailerOptions::default()) else {
            panic!("no password is an error");
        };
        assert!(e.to_string().contains("exitplan smtp password"), "{e}");
        assert!(e.in_window().contains("Save password"), "{}", e.in_window());
    }
}
