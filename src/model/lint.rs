//! The discretion lint: phrases in a subject or body that would give the job search
//! away. Each pattern matches without case, on word boundaries, and carries a plain
//! explanation. A flagged draft is approved only with an explicit per-draft override.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

/// One phrase found, where, and why it matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintWarning {
    /// "subject" or "body".
    pub field: &'static str,
    /// The text as written in the draft.
    pub found: String,
    pub explanation: String,
}

impl std::fmt::Display for LintWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: \"{}\" — {}",
            self.field, self.found, self.explanation
        )
    }
}

/// (pattern, explanation). Patterns are regex fragments wrapped in word boundaries;
/// `\s+` between words lets line breaks and double spaces match too.
const PATTERNS: &[(&str, &str)] = &[
    (
        r"looking\s+for\s+(?:a\s+)?(?:new\s+)?(?:role|job|position|opportunit(?:y|ies)|challenge)",
        "says outright that you are looking for a new job",
    ),
    (
        r"job[\s-]+hunt(?:ing)?|job[\s-]+search(?:ing)?",
        "names the job search",
    ),
    (
        r"(?:my|updated|attached)\s+(?:resume|résumé|cv|curriculum\s+vitae)",
        "mentions your CV — people read that as \"I am applying\"",
    ),
    (r"open\s+to\s+work", "the LinkedIn signal for job seekers"),
    (
        r"open\s+to\s+(?:new\s+)?(?:opportunities|offers|roles|a\s+move|a\s+change)",
        "signals that you want to move",
    ),
    (
        r"thinking\s+(?:of|about)\s+(?:leaving|quitting|moving\s+on)",
        "says you are thinking of leaving",
    ),
    (
        r"new\s+(?:opportunities|opportunity|challenges?)",
        "a stock phrase for changing jobs",
    ),
    (
        r"(?:next|new)\s+(?:career\s+)?(?:step|move|chapter)",
        "hints at a career move",
    ),
    (
        r"(?:quit|quitting|resign|resigning|resignation|hand(?:ing)?\s+in\s+my\s+notice)",
        "talks about leaving your job",
    ),
    (
        r"(?:leave|leaving|left)\s+my\s+(?:job|role|company|employer|position)",
        "talks about leaving your job",
    ),
    (
        r"(?:apply|applying|applied|application)\s+(?:for|to)\b",
        "mentions applying somewhere",
    ),
    (
        r"(?:job|role|position)\s+(?:openings?|vacanc(?:y|ies)|opening|posting)",
        "asks about vacancies",
    ),
    (
        r"(?:are|is)\s+(?:you|your\s+team|they)\s+hiring|hiring\s+(?:at\s+the\s+moment|right\s+now)",
        "asks whether they are hiring",
    ),
    (
        r"(?:any|know\s+of\s+any)\s+(?:openings|roles|positions|jobs)",
        "asks about openings",
    ),
    (
        r"(?:reference|referral|refer\s+me|put\s+in\s+a\s+good\s+word)",
        "asks for a referral or reference",
    ),
    (
        r"(?:job\s+)?interview(?:s|ing|ed)?\s+(?:with|at|for)",
        "mentions interviews",
    ),
    (
        r"headhunter|recruiters?\s+(?:called|reached)",
        "mentions recruiters",
    ),
    (
        r"(?:between|in\s+between)\s+jobs|(?:unemployed|laid\s+off|redundan(?:t|cy))",
        "talks about losing or changing a job",
    ),
    (
        r"career\s+change|change\s+(?:careers|jobs)|switch(?:ing)?\s+(?:careers|jobs)",
        "talks about changing jobs",
    ),
    (
        r"exit\s+plan|plan\s+b|way\s+out",
        "names the exit plan itself",
    ),
    (
        r"(?:burn(?:ed|t)?\s*out|burnout)",
        "tells them how bad things are — keep it for people who know",
    ),
    (
        r"(?:hate|can'?t\s+stand|sick\s+of|fed\s+up\s+with|tired\s+of)\s+(?:my\s+)?(?:job|work|boss|manager|company|role)",
        "complains about your job",
    ),
    (
        r"(?:my\s+)?(?:toxic|awful|terrible)\s+(?:job|boss|manager|workplace|company|team)",
        "complains about your workplace",
    ),
    (
        r"(?:not|un)\s*(?:appreciated|valued|supported)\s+(?:at\s+work|here|anymore)",
        "says you are not valued where you are",
    ),
    (
        r"(?:salary|compensation|pay)\s+(?:expectations?|range|requirements?)",
        "talks about salary for a new job",
    ),
    (
        r"notice\s+period|start\s+date|available\s+(?:to\s+start|from|immediately)",
        "hints at availability for a new job",
    ),
    (
        r"(?:cover\s+letter|portfolio\s+review|linkedin\s+profile\s+update)",
        "application paperwork",
    ),
    (
        r"(?:keep\s+(?:me|an\s+eye\s+out)\s+in\s+mind|keep\s+me\s+posted\s+(?:on|about)\s+(?:roles|openings))",
        "asks them to keep you in mind for roles",
    ),
    (
        r"(?:if\s+you\s+hear\s+of\s+anything|let\s+me\s+know\s+if\s+you\s+hear\s+of)",
        "asks them to pass on openings",
    ),
    (
        r"(?:ready\s+for\s+a\s+change|time\s+for\s+a\s+change|need\s+a\s+change)",
        "says you want a change",
    ),
    (
        r"(?:dream\s+job|ideal\s+(?:role|job)|perfect\s+fit\s+for\s+me)",
        "talks about your next job",
    ),
    (
        r"(?:counter[\s-]?offer|job\s+offer|offer\s+letter)",
        "mentions job offers",
    ),
    (r"(?:hire|hiring)\s+me", "asks them to hire you"),
];

/// Words that, next to the employer's name, read as complaint.
const NEGATIVE_WORDS: &str = r"toxic|awful|terrible|bad|worse|worst|miserable|hate|hating|frustrat\w*|leav\w*|quit\w*|sinking|chaos|chaotic|mess|disaster|underpaid|undervalued|unfair|broken|dysfunctional|stuck|trapped";

static COMPILED: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|(pattern, why)| (bounded(pattern), *why))
        .collect()
});

fn bounded(pattern: &str) -> Regex {
    RegexBuilder::new(&format!(r"\b(?:{pattern})\b"))
        .case_insensitive(true)
        .build()
        .expect("lint patterns are valid regular expressions")
}

/// How many fixed patterns the lint knows (the employer check comes on top).
pub fn pattern_count() -> usize {
    PATTERNS.len()
}

/// Every warning for a subject and body; `employer` enables the "employer name next
/// to negative words" check.
pub fn lint(subject: &str, body: &str, employer: &str) -> Vec<LintWarning> {
    let mut warnings = Vec::new();
    let employer_check = employer_pattern(employer);
    for (field, text) in [("subject", subject), ("body", body)] {
        for (regex, why) in COMPILED.iter() {
            for found in regex.find_iter(text) {
                warnings.push(LintWarning {
                    field,
                    found: found.as_str().to_string(),
                    explanation: (*why).to_string(),
                });
            }
        }
        if let Some(regex) = &employer_check {
            for found in regex.find_iter(text) {
                warnings.push(LintWarning {
                    field,
                    found: found.as_str().to_string(),
                    explanation: "your employer's name next to a negative word".to_string(),
                });
            }
        }
    }
    warnings
}

/// "Northwind … toxic" or "toxic … Northwind", within three words.
fn employer_pattern(employer: &str) -> Option<Regex> {
    let employer = employer.trim();
    if employer.is_empty() {
        return None;
    }
    let name = employer
        .split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+");
    let gap = r"(?:\W+\w+){0,3}?\W+";
    let pattern =
        format!(r"(?:{name}){gap}(?:{NEGATIVE_WORDS})|(?:{NEGATIVE_WORDS}){gap}(?:{name})");
    Some(bounded(&pattern))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str) -> Vec<String> {
        lint("", text, "Northwind Outfitters")
            .into_iter()
            .map(|w| w.found)
            .collect()
    }

    #[test]
    fn there_are_at_least_thirty_patterns_and_all_compile() {
        assert!(pattern_count() >= 30, "{}", pattern_count());
        assert_eq!(COMPILED.len(), pattern_count());
    }

    #[test]
    fn phrases_that_give_the_search_away_are_caught() {
        for text in [
            "I'm looking for a new role",
            "Honestly I am JOB HUNTING again",
            "I attached my resume",
            "Here is my CV",
            "I'm open to work",
            "I'm thinking of leaving",
            "always keen on new opportunities",
            "open to new opportunities",
            "I'm ready for a change",
            "are you hiring?",
            "could you refer me",
            "I had an interview with Acme",
            "Northwind Outfitters is toxic",
            "it is so toxic at northwind   outfitters these days",
            "my next career step",
            "I'm burnt out",
        ] {
            assert!(!hits(text).is_empty(), "not caught: {text}");
        }
    }

    #[test]
    fn ordinary_words_are_not_flagged() {
        for text in [
            "I shared a recent win: our campaign reached 40% more people.",
            "Looking forward to seeing you at the conference.",
            "We launched a new product page and the team loved it.",
            "The cvs pharmacy campaign went well", // "cv" only as a whole word
            "Northwind Outfitters had a great quarter",
            "I applied the new brand guidelines across every channel",
            "Congratulations on the new office!",
            "I resumed the newsletter last month",
        ] {
            assert!(hits(text).is_empty(), "flagged: {text}: {:?}", hits(text));
        }
    }

    #[test]
    fn warnings_name_the_field_and_explain() {
        let warnings = lint("My CV", "Hello", "");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].field, "subject");
        assert!(warnings[0].explanation.contains("CV"));
    }
}
