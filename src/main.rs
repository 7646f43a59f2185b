//! The `exitplan` binary: parse the command line, then open the window or run a command.

fn main() -> std::process::ExitCode {
    exitplan::cli::main()
}
