//! A real SMTP server on 127.0.0.1 for the mail tests (mailin-embedded): plaintext,
//! STARTTLS with a self-signed end-entity certificate, and AUTH PLAIN/LOGIN. It
//! records what it received and can misbehave on demand: refuse with 5xx, stall past
//! the client's timeout, or kill the sending process at the end of DATA.

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin_embedded::response::{self, Response};
use mailin_embedded::{AuthMechanism, Handler, Server, SslConfig};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The raw message (headers and body) as sent over DATA.
    pub data: String,
}

impl Received {
    /// A header's value (first occurrence, unfolded), case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(v) = value.as_mut() {
                if line.starts_with([' ', '\t']) {
                    v.push_str(line.trim_start());
                    continue;
                }
                break;
            }
            if let Some((key, rest)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = Some(rest.trim().to_string());
            }
        }
        value
    }

    /// The body, with quoted-printable soft breaks undone.
    pub fn body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_lowercase();
        if encoding == "quoted-printable" {
            decode_quoted_printable(body)
        } else if encoding == "base64" {
            String::new()
        } else {
            body.replace("\r\n", "\n")
        }
    }
}

fn decode_quoted_printable(text: &str) -> String {
    let text = text.replace("=\r\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(value) = u8::from_str_radix(hex, 16) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).replace("\r\n", "\n")
}

/// How the server should treat the next messages.
#[derive(Debug, Clone, Default)]
pub enum Behaviour {
    #[default]
    Accept,
    /// 550 on RCPT TO.
    RejectRecipient,
    /// 451 (temporary) at the end of DATA.
    TemporaryFailure,
    /// Never answer the end of DATA (until the client gives up).
    Stall,
    /// Accept, after this many milliseconds.
    Delay(u64),
    /// Kill this process id (SIGKILL) at the end of DATA, before answering.
    KillAtDataEnd(u32),
    /// Take the whole message (it counts as received), then say nothing for this many
    /// seconds, longer than the client waits.
    SilentAfterData(u64),
}

#[derive(Clone)]
struct Recorder {
    received: Arc<Mutex<Vec<Received>>>,
    helos: Arc<AtomicUsize>,
    behaviour: Arc<Mutex<Behaviour>>,
    credentials: Option<(String, String)>,
    current: Received,
}

impl Handler for Recorder {
    fn helo(&mut self, _ip: std::net::IpAddr, _domain: &str) -> Response {
        self.helos.fetch_add(1, Ordering::SeqCst);
        response::OK
    }

    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, from: &str) -> Response {
        self.current = Received {
            from: from.to_string(),
            to: Vec::new(),
            data: String::new(),
        };
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if matches!(*self.behaviour.lock().unwrap(), Behaviour::RejectRecipient) {
            return Response::custom(550, "5.1.1 No such user here".to_string());
        }
        self.current.to.push(to.to_string());
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.data.push_str(&String::from_utf8_lossy(buf));
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let behaviour = self.behaviour.lock().unwrap().clone();
        match behaviour {
            Behaviour::TemporaryFailure => {
                Response::custom(451, "4.3.0 Try again later".to_string())
            }
            Behaviour::Stall => {
                std::thread::sleep(Duration::from_secs(6));
                response::OK
            }
            Behaviour::KillAtDataEnd(pid) => {
                // The message arrived; the client dies before hearing "250".
                self.received.lock().unwrap().push(self.current.clone());
                let _ = std::process::Command::new("kill")
                    .args(["-9", &pid.to_string()])
                    .status();
                std::thread::sleep(Duration::from_millis(200));
                response::OK
            }
            Behaviour::SilentAfterData(seconds) => {
                self.received.lock().unwrap().push(self.current.clone());
                std::thread::sleep(Duration::from_secs(seconds));
                response::OK
            }
            Behaviour::Delay(ms) => {
                std::thread::sleep(Duration::from_millis(ms));
                self.received.lock().unwrap().push(self.current.clone());
                response::OK
            }
            Behaviour::Accept | Behaviour::RejectRecipient => {
                self.received.lock().unwrap().push(self.current.clone());
                response::OK
            }
        }
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.check(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.check(user, password)
    }
}

impl Recorder {
    fn check(&self, user: &str, password: &str) -> Response {
        match &self.credentials {
            Some((u, p)) if u == user && p == password => response::AUTH_OK,
            _ => response::INVALID_CREDENTIALS,
        }
    }
}

/// How the test server is secured.
pub enum Security {
    Plain,
    /// STARTTLS with a fresh self-signed certificate; `auth` requires a login.
    StartTls {
        auth: Option<(String, String)>,
    },
}

/// A running server; it lives until the test process ends.
pub struct TestServer {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    helos: Arc<AtomicUsize>,
    behaviour: Arc<Mutex<Behaviour>>,
    /// PEM of the server's certificate (STARTTLS mode), for the client to trust.
    pub certificate_pem: Option<String>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub fn start(security: Security) -> TestServer {
        // mailin's rustls and lettre's pick different crypto providers; choose one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let dir = tempfile::tempdir().expect("temp dir");
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("bound").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let helos = Arc::new(AtomicUsize::new(0));
        let behaviour = Arc::new(Mutex::new(Behaviour::Accept));
        let (credentials, certificate_pem) = match &security {
            Security::Plain => (None, None),
            Security::StartTls { auth } => {
                let certified = rcgen::generate_simple_self_signed(vec![
                    "localhost".to_string(),
                    "127.0.0.1".to_string(),
                ])
                .expect("a self-signed certificate");
                (
                    auth.clone(),
                    Some((certified.cert.pem(), certified.signing_key.serialize_pem())),
                )
            }
        };
        let handler = Recorder {
            received: received.clone(),
            helos: helos.clone(),
            behaviour: behaviour.clone(),
            credentials: credentials.clone(),
            current: Received {
                from: String::new(),
                to: Vec::new(),
                data: String::new(),
            },
        };
        let mut server = Server::new(handler);
        server
            .with_name("test.smtp.localhost")
            .with_tcp_listener(listener);
        if let Some((cert, key)) = &certificate_pem {
            let cert_path = dir.path().join("cert.pem");
            let key_path = dir.path().join("key.pem");
            std::fs::write(&cert_path, cert).unwrap();
            std::fs::write(&key_path, key).unwrap();
            server
                .with_ssl(SslConfig::SelfSigned {
                    cert_path: cert_path.display().to_string(),
                    key_path: key_path.display().to_string(),
                })
                .expect("TLS setup");
        }
        if credentials.is_some() {
            server
                .with_auth(AuthMechanism::Plain)
                .with_auth(AuthMechanism::Login);
        }
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        TestServer {
            port,
            received,
            helos,
            behaviour,
            certificate_pem: certificate_pem.map(|(cert, _)| cert),
            _dir: dir,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// How many SMTP sessions said hello (a STARTTLS session says it twice).
    pub fn helos(&self) -> usize {
        self.helos.load(Ordering::SeqCst)
    }

    pub fn set(&self, behaviour: Behaviour) {
        *self.behaviour.lock().unwrap() = behaviour;
    }

    /// Writes the certificate where `EXITPLAN_SMTP_CA_FILE` can name it.
    pub fn certificate_file(&self, dir: &std::path::Path) -> std::path::PathBuf {
        let path = dir.join("test-ca.pem");
        std::fs::write(&path, self.certificate_pem.as_ref().expect("a TLS server")).unwrap();
        path
    }
}

/// A port nothing listens on.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("bound").port()
}

/// A bare SMTP server on 127.0.0.1 that takes whole messages and then hangs up without
/// a word — the "reset after DATA" a handler-based server cannot do. Each message it
/// read to the final dot counts as received.
pub struct HangUpServer {
    pub port: u16,
    received: Arc<AtomicUsize>,
}

impl HangUpServer {
    pub fn start() -> HangUpServer {
        use std::io::{BufRead, BufReader, Write};
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("bound").port();
        let received = Arc::new(AtomicUsize::new(0));
        let count = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut writer = stream.try_clone().expect("a second handle");
                let mut reader = BufReader::new(stream);
                let _ = writer.write_all(b"220 hangup.localhost ESMTP\r\n");
                let mut in_data = false;
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    if in_data {
                        if line == ".\r\n" {
                            count.fetch_add(1, Ordering::SeqCst);
                            break; // hang up: the socket closes unanswered
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-hangup.localhost\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => b"221 bye\r\n",
                        _ => b"250 OK\r\n",
                    };
                    if writer.write_all(reply).is_err() {
                        break;
                    }
                }
            }
        });
        HangUpServer { port, received }
    }

    /// How many whole messages it took.
    pub fn received(&self) -> usize {
        self.received.load(Ordering::SeqCst)
    }
}
