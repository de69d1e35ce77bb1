//! Project automation. `cargo xtask codegen` regenerates the client from `spec/`;
//! `cargo xtask codegen --check` fails, changing nothing, when the generated files are stale;
//! `cargo xtask audit` compares `spec/` with GitHub's official OpenAPI description;
//! `cargo xtask draft OPERATION…` drafts spec YAML for operations `spec/` lacks;
//! `cargo xtask api-diff [BASE]` prints the public API change since `BASE`.

use std::process::ExitCode;

use xtask::{api_diff, audit, codegen, draft};

const USAGE: &str = "usage: cargo xtask <command>

  codegen                 regenerate generated/ (and the examples test, the area lists of Cargo.toml,
                          lib.rs and README.md) from spec/; print the public API change
  codegen --check         change nothing; fail, name each stale file and print the API change if
                          spec/ and generated/ differ
  spec-check FILE.yaml..  check some spec files on their own (with spec/shared.yaml for what they share);
                          writes nothing
  bench [SECTION..]       run the benchmarks (codegen, decode, network, mock, stream, download;
                          all by default; `network --quick`: fewer pages, a smaller download;
                          `fanout`: only the fan-out job of `network`)
                          in release mode and print one table (`cargo bench -p benches`);
                          scripts/build-cost.sh times the build of the generated crate
  audit                   compare spec/ with GitHub's official OpenAPI description (runs `npm ci`
                          in tests/ first if needed); fails on differences not in
                          xtask/audit-allowlist.yaml
  api-diff [BASE]         the public API change of the generated files from BASE (default: the merge
                          base with main) to the work tree, as codegen prints it
  draft OPERATION.. [--out FILE]
                          a spec YAML draft of operations of the official description that spec/
                          lacks (names as in the description: get-actions-cache-usage, repos/get),
                          printed or written to FILE (never inside spec/; its folder is created),
                          for a person to edit into spec/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(&codegen::workspace_root(), codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(&codegen::workspace_root(), codegen::Mode::Check),
        ["audit"] => audit::run(&codegen::workspace_root()),
        ["bench", sections @ ..] => bench(sections),
        ["draft", args @ ..] => draft::run(&codegen::workspace_root(), args),
        ["api-diff", args @ ..] => api_diff::run(&codegen::workspace_root(), args),
        ["spec-check", files @ ..] if !files.is_empty() => codegen::spec_check(files),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask bench`: the benchmarks are a cargo bench target; this runs it.
fn bench(sections: &[&str]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .current_dir(codegen::workspace_root())
        .args(["bench", "-p", "benches", "--bench", "bench", "--"])
        .args(sections)
        .status()
        .map_err(|error| format!("cannot run cargo bench: {error}"))?;
    if status.success() {
        Ok("bench: done (BENCHMARKS.md explains the figures)".to_owned())
    } else {
        Err(format!("bench: cargo bench failed ({status})"))
    }
}
