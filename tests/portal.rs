//! The colour scheme read from a real freedesktop portal (Debian's xdg-desktop-portal
//! with its GTK backend) on a private session bus, as the window does on X11 where the
//! window system reports no theme. Skips with one line when those programs are absent.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use eframe::egui;
use exitplan::model::ThemeChoice;
use exitplan::ui::theme::{portal_scheme, resolve};

const PROGRAMS: &[&str] = &[
    "Xvfb",
    "dbus-daemon",
    "/usr/libexec/xdg-desktop-portal",
    "/usr/libexec/xdg-desktop-portal-gtk",
    "/usr/share/glib-2.0/schemas/org.gnome.desktop.interface.gschema.xml",
];

/// Child processes killed when the test ends, however it ends.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts a display and a session bus whose activated services (the portal and its GTK
/// backend) read `color-scheme` from a GSettings key file in `home`; answers the bus
/// address.
fn desktop(home: &Path, scheme: &str, children: &mut Children) -> String {
    let settings = home.join("config/glib-2.0/settings");
    std::fs::create_dir_all(&settings).expect("settings folder");
    std::fs::write(
        settings.join("keyfile"),
        format!("[org/gnome/desktop/interface]\ncolor-scheme='{scheme}'\n"),
    )
    .expect("key file");

    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "640x480x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let display = first_line(&mut xvfb);
    children.0.push(xvfb);

    let mut bus = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .env("DISPLAY", format!(":{display}"))
        .env("XDG_CURRENT_DESKTOP", "GNOME")
        .env("GSETTINGS_BACKEND", "keyfile")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_RUNTIME_DIR", home)
        .env("HOME", home)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon starts");
    let address = first_line(&mut bus);
    children.0.push(bus);
    address
}

fn first_line(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the program prints its address");
    assert!(!line.trim().is_empty(), "the program printed no address");
    line.trim().to_owned()
}

fn scheme_from_portal(scheme: &str) -> Option<egui::Theme> {
    let home = tempfile::tempdir().expect("temp dir");
    let mut children = Children(Vec::new());
    let address = desktop(home.path(), scheme, &mut children);
    let connection = zbus::blocking::connection::Builder::address(address.as_str())
        .expect("a bus address")
        .build()
        .expect("connects to the session bus");
    portal_scheme(&connection)
}

#[test]
fn the_portal_says_dark_and_system_draws_dark() {
    if !common::servers_present("the_portal_says_dark_and_system_draws_dark", PROGRAMS) {
        return;
    }
    let portal = scheme_from_portal("prefer-dark");
    assert_eq!(portal, Some(egui::Theme::Dark));
    assert_eq!(
        resolve(ThemeChoice::System, None, portal),
        egui::Theme::Dark
    );
    // The user's own choice still wins over the desktop.
    assert_eq!(
        resolve(ThemeChoice::Light, None, portal),
        egui::Theme::Light
    );
}

#[test]
fn a_portal_with_no_preference_leaves_light() {
    if !common::servers_present("a_portal_with_no_preference_leaves_light", PROGRAMS) {
        return;
    }
    let portal = scheme_from_portal("default");
    assert_eq!(portal, None);
    assert_eq!(
        resolve(ThemeChoice::System, None, portal),
        egui::Theme::Light
    );
}
