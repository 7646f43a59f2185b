//! `exitplan desktop install|remove`: puts the launcher (`exitplan.desktop`) and the icon
//! (SVG and PNG sizes) under the XDG data directory (or `--prefix DIR`), so exitplan
//! shows in the applications menu like any desktop app; `remove` takes them away again.
//! The files are built into the binary, so this works from any checkout or install.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DesktopCommand {
    /// Install the launcher and icons (default: ~/.local/share)
    Install {
        /// Install under this data directory instead (it gets applications/ and icons/)
        #[arg(long, value_name = "DIR")]
        prefix: Option<PathBuf>,
    },
    /// Remove what `desktop install` put there
    Remove {
        #[arg(long, value_name = "DIR")]
        prefix: Option<PathBuf>,
    },
}

/// The launcher as shipped in `assets/`.
pub const DESKTOP_FILE: &str = include_str!("../../assets/exitplan.desktop");
pub const ICON_SVG: &[u8] = include_bytes!("../../assets/icons/exitplan.svg");
/// (size, PNG) for every size in `assets/icons/`.
pub const ICON_PNGS: [(u32, &[u8]); 8] = [
    (16, include_bytes!("../../assets/icons/exitplan-16.png")),
    (24, include_bytes!("../../assets/icons/exitplan-24.png")),
    (32, include_bytes!("../../assets/icons/exitplan-32.png")),
    (48, include_bytes!("../../assets/icons/exitplan-48.png")),
    (64, include_bytes!("../../assets/icons/exitplan-64.png")),
    (128, include_bytes!("../../assets/icons/exitplan-128.png")),
    (256, include_bytes!("../../assets/icons/exitplan-256.png")),
    (512, include_bytes!("../../assets/icons/exitplan-512.png")),
];

fn data_dir(prefix: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match prefix {
        Some(dir) => Ok(dir),
        None => directories::BaseDirs::new()
            .map(|dirs| dirs.data_dir().to_path_buf())
            .ok_or_else(|| anyhow!("no home folder found; pass --prefix DIR")),
    }
}

/// Every file `install` writes, with its contents.
fn files(data: &Path, exe: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let hicolor = data.join("icons").join("hicolor");
    let mut out = vec![
        (
            data.join("applications").join("exitplan.desktop"),
            launcher(exe).into_bytes(),
        ),
        (
            hicolor.join("scalable").join("apps").join("exitplan.svg"),
            ICON_SVG.to_vec(),
        ),
    ];
    for (size, png) in ICON_PNGS {
        out.push((
            hicolor
                .join(format!("{size}x{size}"))
                .join("apps")
                .join("exitplan.png"),
            png.to_vec(),
        ));
    }
    out
}

/// The shipped launcher, starting this binary by its full path.
pub fn launcher(exe: &Path) -> String {
    let exe = exe.display().to_string();
    // The desktop entry spec: quote arguments with reserved characters, escaping " ` $ \.
    let exec = if exe.contains(|c: char| c.is_whitespace() || "\"'\\><~|&;$*?#()`".contains(c)) {
        let escaped: String = exe
            .chars()
            .flat_map(|c| match c {
                '"' | '`' | '$' | '\\' => vec!['\\', '\\', c],
                c => vec![c],
            })
            .collect();
        format!("\"{escaped}\"")
    } else {
        exe
    };
    DESKTOP_FILE.replace("Exec=exitplan", &format!("Exec={exec}"))
}

pub fn desktop_command(command: DesktopCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        DesktopCommand::Install { prefix } => {
            let data = data_dir(prefix)?;
            let exe = std::env::current_exe().context("cannot tell where this exitplan is")?;
            for (path, bytes) in files(&data, &exe) {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
                std::fs::write(&path, bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            writeln!(
                out,
                "Installed the launcher in {} and the icon under {}.",
                data.join("applications").display(),
                data.join("icons").join("hicolor").display()
            )?;
            writeln!(
                out,
                "exitplan now shows in your applications menu (log out and in if it does not yet)."
            )?;
        }
        DesktopCommand::Remove { prefix } => {
            let data = data_dir(prefix)?;
            let mut removed = 0;
            for (path, _) in files(&data, Path::new("exitplan")) {
                match std::fs::remove_file(&path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(e).with_context(|| format!("cannot remove {}", path.display()));
                    }
                }
            }
            if removed == 0 {
                writeln!(out, "Nothing to remove under {}.", data.display())?;
            } else {
                writeln!(
                    out,
                    "Removed {removed} files (the launcher and the icons) under {}.",
                    data.display()
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_launcher_starts_this_binary_quoted_when_needed() {
        let plain = launcher(Path::new("/usr/bin/exitplan"));
        assert!(plain.contains("\nExec=/usr/bin/exitplan\n"));
        let spaced = launcher(Path::new("/home/a b/exitplan"));
        assert!(
            spaced.contains("\nExec=\"/home/a b/exitplan\"\n"),
            "{spaced}"
        );
        assert!(plain.contains("Icon=exitplan"));
    }

    #[test]
    fn every_icon_is_a_png_of_its_size() {
        for (size, png) in ICON_PNGS {
            let icon = eframe::icon_data::from_png_bytes(png).expect("a PNG");
            assert_eq!((icon.width, icon.height), (size, size));
        }
    }
}
