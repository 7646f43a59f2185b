//! The schedule helper: a systemd user service and timer (hourly, `Persistent=true` so
//! runs missed while the computer slept catch up) or a crontab line, both running
//! `exitplan remind --send --digest` on the user's database.

use std::path::{Path, PathBuf};

/// File names of the units, in `~/.config/systemd/user/`.
pub const SERVICE_NAME: &str = "exitplan-remind.service";
pub const TIMER_NAME: &str = "exitplan-remind.timer";

/// A path quoted for a systemd `ExecStart=` line.
fn systemd_quote(path: &Path) -> String {
    let text = path.display().to_string();
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('%', "%%")
    )
}

/// A path quoted for a POSIX shell (cron runs lines through `sh`).
fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "'\\''"))
}

/// The service and timer unit texts.
pub fn systemd_units(exe: &Path, db: &Path) -> (String, String) {
    let service = format!(
        "[Unit]\n\
         Description=exitplan: draft due reminders, send approved emails, send the digest\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         ExecStart={} --db {} remind --send --digest\n\
         Nice=10\n",
        systemd_quote(exe),
        systemd_quote(db)
    );
    let timer = "[Unit]\n\
         Description=Run exitplan remind every hour\n\
         \n\
         [Timer]\n\
         OnCalendar=*-*-* *:07:00\n\
         RandomizedDelaySec=120\n\
         Persistent=true\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n"
        .to_string();
    (service, timer)
}

/// One crontab line that runs the same command every hour at minute 7.
pub fn cron_line(exe: &Path, db: &Path) -> String {
    format!(
        "7 * * * * {} --db {} remind --send --digest >/dev/null",
        shell_quote(exe),
        shell_quote(db)
    )
}

/// `~/.config/systemd/user` (following `XDG_CONFIG_HOME`).
pub fn unit_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.config_dir().join("systemd").join("user"))
}

/// Writes both units; returns their paths.
pub fn install_units(dir: &Path, exe: &Path, db: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let (service, timer) = systemd_units(exe, db);
    let service_path = dir.join(SERVICE_NAME);
    let timer_path = dir.join(TIMER_NAME);
    crate::interop::write_file_atomically(&service_path, service.as_bytes())?;
    crate::interop::write_file_atomically(&timer_path, timer.as_bytes())?;
    Ok(vec![service_path, timer_path])
}

/// Removes both units; returns the paths that were there.
pub fn remove_units(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for name in [TIMER_NAME, SERVICE_NAME] {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_quote_paths_and_catch_up_missed_runs() {
        let (service, timer) = systemd_units(
            Path::new("/opt/exit plan/exitplan"),
            Path::new("/home/sam/100% mine.redb"),
        );
        assert!(service.contains(
            "ExecStart=\"/opt/exit plan/exitplan\" --db \"/home/sam/100%% mine.redb\" remind --send --digest"
        ));
        assert!(timer.contains("Persistent=true"));
        let line = cron_line(
            Path::new("/usr/bin/exitplan"),
            Path::new("/home/o'neil/x.redb"),
        );
        assert_eq!(
            line,
            "7 * * * * '/usr/bin/exitplan' --db '/home/o'\\''neil/x.redb' remind --send --digest >/dev/null"
        );
    }
}
