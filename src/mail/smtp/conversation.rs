//! One email over an open connection: MAIL, RCPT, DATA, then the message, dot-stuffed,
//! and its final dot in one write — written apart (as lettre's own `message` does), the
//! final dot waits behind the unacknowledged message for the server's delayed ACK,
//! about 40 ms an email.

use std::cell::Cell;

use lettre::Address;
use lettre::message::Message;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::client::SmtpConnection;
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{Extension, MailBodyParameter, MailParameter};

use super::Phase;

/// One email over an open connection: MAIL, RCPT, DATA, the message, its final dot.
/// A failure says in which phase it came.
pub(super) fn converse(
    connection: &mut SmtpConnection,
    message: &Message,
) -> Result<(), (Phase, SmtpError)> {
    let before = |e| (Phase::Envelope, e);
    let envelope = message.envelope();
    let email = message.formatted();
    let mut options = Vec::new();
    let non_ascii = envelope
        .to()
        .iter()
        .chain(envelope.from())
        .any(|a: &Address| !AsRef::<str>::as_ref(a).is_ascii());
    let info = connection.server_info();
    if non_ascii && info.supports_feature(Extension::SmtpUtfEight) {
        options.push(MailParameter::SmtpUtfEight);
    }
    if !email.is_ascii() && info.supports_feature(Extension::EightBitMime) {
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    connection
        .command(Mail::new(envelope.from().cloned(), options))
        .map_err(before)?;
    for to in envelope.to() {
        connection
            .command(Rcpt::new(to.clone(), Vec::new()))
            .map_err(before)?;
    }
    connection.command(Data).map_err(before)?;
    let Ok(text) = String::from_utf8(email) else {
        // Not text (exitplan's own emails always are): lettre's own framing.
        return message_in_parts(connection, &message.formatted());
    };
    // The message, dot-stuffed, and its final dot in one write: written separately (as
    // lettre's `message` does), the final dot waits behind the unacknowledged message
    // for the server's delayed ACK — about 40 ms an email (Nagle's algorithm; lettre
    // 0.11 does not set TCP_NODELAY).
    connection
        .command(WholeMessage(dot_stuffed(&text)))
        .map(|_| ())
        .map_err(|e| {
            // Only a write fails this way (the final dot was not all written); any other
            // failure may have come after the server had the whole email.
            let unwritten = io_kinds(&e).any(|kind| {
                matches!(
                    kind,
                    std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::WriteZero
                )
            });
            let phase = if unwritten {
                Phase::Writing
            } else {
                Phase::HandedOver
            };
            (phase, e)
        })
}

/// The message handed over as lettre frames it: as one part and then an empty one —
/// asking for the empty one means every byte of the message was written, and only the
/// final dot (and the answer) remain.
fn message_in_parts(
    connection: &mut SmtpConnection,
    email: &[u8],
) -> Result<(), (Phase, SmtpError)> {
    let whole = Cell::new(false);
    let parts = std::iter::once(email).chain(std::iter::once_with(|| {
        whole.set(true);
        &[][..]
    }));
    connection.message_iter(parts).map(|_| ()).map_err(|e| {
        let phase = if whole.get() {
            Phase::HandedOver
        } else {
            Phase::Writing
        };
        (phase, e)
    })
}

/// A message already dot-stuffed, with its final dot: written by lettre's `command` as
/// it stands.
struct WholeMessage(String);

impl std::fmt::Display for WholeMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// SMTP transparency (RFC 5321 §4.5.2): a line that begins with a dot gets a second
/// one; then the final "CRLF . CRLF". The same framing as lettre's own.
fn dot_stuffed(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 64 + 5);
    let mut line_start = true;
    let mut after_cr = false;
    for c in text.chars() {
        if c == '.' && line_start {
            out.push('.');
        }
        out.push(c);
        line_start = after_cr && c == '\n';
        after_cr = c == '\r';
    }
    out.push_str("\r\n.\r\n");
    out
}

/// The kinds of the I/O errors under `error`.
fn io_kinds(error: &SmtpError) -> impl Iterator<Item = std::io::ErrorKind> {
    use std::error::Error as _;
    let mut kinds = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            kinds.push(io.kind());
        }
        source = cause.source();
    }
    kinds.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_begins_with_a_dot_gets_a_second_and_the_final_dot_follows() {
        assert_eq!(
            dot_stuffed("Hi\r\n.hidden\r\n..two\r\nend"),
            "Hi\r\n..hidden\r\n...two\r\nend\r\n.\r\n"
        );
        assert_eq!(dot_stuffed(".first"), "..first\r\n.\r\n");
        // Only CRLF ends a line, as in lettre's own framing.
        assert_eq!(dot_stuffed("a\n.b\r.c"), "a\n.b\r.c\r\n.\r\n");
        assert_eq!(dot_stuffed("Zoë — ok.\r\n"), "Zoë — ok.\r\n\r\n.\r\n");
    }
}
