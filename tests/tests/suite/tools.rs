//! Tests that need tools beyond Rust: the Prism conformance tests (Node.js 20+ and npm) and the
//! PyNaCl interoperability test (Python 3 with `venv`). They run whenever their tools are on
//! `PATH`, and always under CI (`CI` set): there a missing tool is a failure, which the test
//! reports with how to install it. On a machine with only Rust they do not run, and the suite
//! prints one line, once, naming what was not checked and how to check it.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Whether this is a CI run (`CI` set to anything but empty or `false`), where nothing skips.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|value| !value.is_empty() && value != "false")
}

/// Whether the conformance tests should run: Node.js and npm are on `PATH`, or this is CI.
pub fn node() -> bool {
    available().node
}

/// Whether the PyNaCl test should run: `python3` with `venv` is on `PATH`, or this is CI.
pub fn python() -> bool {
    available().python
}

struct Available {
    node: bool,
    python: bool,
}

/// Looks for the tools once per run and, when some are missing outside CI, prints the notice.
fn available() -> &'static Available {
    static AVAILABLE: OnceLock<Available> = OnceLock::new();
    AVAILABLE.get_or_init(|| {
        let ci = in_ci();
        let available = Available {
            node: ci || (runs("node", &["--version"]) && runs("npm", &["--version"])),
            python: ci || runs("python3", &["-c", "import venv, ensurepip"]),
        };
        let mut missing = Vec::new();
        if !available.node {
            missing.push("the Prism conformance tests (need Node.js 20+ and npm)");
        }
        if !available.python {
            missing.push("the PyNaCl interoperability test (needs python3 with venv)");
        }
        if !missing.is_empty() {
            // Straight to stderr: the test harness captures `eprintln!` of passing tests.
            let line = format!(
                "note: not run: {}; install them and run `cargo test --workspace` again (with CI=1 a missing tool fails the run)\n",
                missing.join(" and ")
            );
            let _ = std::io::stderr().write_all(line.as_bytes());
        }
        available
    })
}

/// Whether `program args` runs and succeeds.
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
