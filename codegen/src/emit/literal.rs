//! String literal tokens.

use proc_macro2::Literal;

/// A string literal holding `text`: raw (`r#"…"#`, with enough `#`s that `text` cannot end
/// it) unless `text` has a carriage return, which a raw string may not hold on its own.
///
/// Raw is also the cheap form: proc-macro2 escapes a plain string character by character, and
/// syn and prettyplease each decode it again the same way, where a raw literal is copied as it
/// is. For the docs of a large spec that difference is a tenth of a run. Where a literal's
/// value is all that is printed (doc attributes), the output is the same either way.
pub(crate) fn string(text: &str) -> Literal {
    if text.contains('\r') {
        return Literal::string(text);
    }
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .expect("a raw string literal is a valid token")
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn raw_with_enough_hashes() {
        assert_eq!(string("a").to_string(), "r#\"a\"#");
        assert_eq!(string("say \"#hi\"").to_string(), "r##\"say \"#hi\"\"##");
    }

    #[test]
    fn carriage_returns_are_escaped() {
        assert_eq!(string("a\rb").to_string(), "\"a\\rb\"");
    }
}
