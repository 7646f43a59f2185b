//! The `exitplan` binary: parse the command line, then open the window (no command) or
//! run the command. The command line never depends on the window.

fn main() -> std::process::ExitCode {
    match exitplan::cli::parse() {
        Err(code) => code,
        Ok(exitplan::cli::Invocation {
            path,
            command: None,
        }) => exitplan::ui::run(&path),
        Ok(exitplan::cli::Invocation {
            path,
            command: Some(command),
        }) => exitplan::cli::execute(command, &path),
    }
}
