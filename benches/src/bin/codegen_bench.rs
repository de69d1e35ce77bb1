//! The codegen benchmark: `codegen::generate` over the real spec and over synthetic specs 10×
//! and 100× its size, warm. Run by the `bench` benchmark (`cargo xtask bench`), which prints
//! its rows in the one table; each row here is a tab-separated line: benchmark, result,
//! baseline, target, met.

use std::hint::black_box;
use std::time::Duration;

use benches::measure::median_time;
use benches::spec::{scaled, spec_sources};

fn main() {
    let mut rows: Vec<Row> = Vec::new();
    let sources = spec_sources();
    let mut per_operation = Vec::new();
    for (times, budget, target) in [
        (1, Duration::from_secs(2), Some(Duration::from_millis(50))),
        (10, Duration::from_secs(3), None),
        (100, Duration::from_secs(5), Some(Duration::from_secs(2))),
    ] {
        let spec = scaled(&sources, times);
        let mut operations = 0;
        let time = median_time(budget, 3, || {
            let generated = codegen::generate(spec.clone()).expect("the scaled spec is valid");
            operations = generated.operations;
            black_box(generated);
        });
        let per_op = time / operations as u32;
        per_operation.push(per_op);
        let growth = format!(
            "{:.0} µs per operation ({:.2}× the 1× spec's)",
            per_op.as_secs_f64() * 1e6,
            per_op.as_secs_f64() / per_operation[0].as_secs_f64()
        );
        rows.push(Row {
            benchmark: format!("codegen, {times}× spec ({operations} operations), warm"),
            result: format!("{:.1} ms", time.as_secs_f64() * 1e3),
            baseline: growth,
            target: target.map_or("linear".to_owned(), |t| format!("≤ {t:?}")),
            met: match target {
                Some(target) => time <= target,
                None => true,
            },
        });
    }
    // "No worse than linear": the 100× spec costs at most 1.2× per operation what the 1× does.
    if let Some(row) = rows.last_mut() {
        let linear = per_operation[2].as_secs_f64() <= per_operation[0].as_secs_f64() * 1.2;
        row.target.push_str(", linear");
        row.met = row.met && linear;
    }
    for row in rows {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            row.benchmark,
            row.result,
            row.baseline,
            row.target,
            if row.met { "yes" } else { "no" }
        );
    }
}

/// One row of the table.
struct Row {
    benchmark: String,
    result: String,
    baseline: String,
    target: String,
    met: bool,
}
