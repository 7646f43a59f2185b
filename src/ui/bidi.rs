//! Right-to-left text, which egui 0.37 lays out in reading order only: one-line text
//! with its direction runs put in screen order ([`visual_line`]), and wrapped
//! paragraphs broken into lines in reading order with each line's words placed by
//! Unicode's bidirectional algorithm ([`paragraph`], `unicode-bidi`).

use eframe::egui::{self, Ui};

/// One line of text with its direction runs in the order they stand on screen. egui
/// shapes each right-to-left run itself, but places the runs of a line in reading
/// order, so a right-to-left line with a Latin word in it ("مديرة المنتجات at شركة
/// النور") comes out with its halves swapped. Left-to-right lines (and lines with no
/// right-to-left letter) are returned as they are.
pub fn visual_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_rtl) || !starts_right_to_left(text) || text.contains('\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    let info = unicode_bidi::BidiInfo::new(text, Some(unicode_bidi::Level::rtl()));
    let Some(paragraph) = info.paragraphs.first() else {
        return std::borrow::Cow::Borrowed(text);
    };
    let (_, runs) = info.visual_runs(paragraph, paragraph.range.clone());
    if runs.len() < 2 {
        return std::borrow::Cow::Borrowed(text);
    }
    // Each run without the spaces at its ends (egui draws them at the wrong end of a
    // right-to-left run), and one space between two runs where either had one.
    let mut line = String::with_capacity(text.len());
    let (mut space_pending, mut previous_edge) = (false, false);
    for run in runs {
        let piece = &text[run];
        let word = piece.trim();
        if word.is_empty() {
            space_pending = true;
            continue;
        }
        let edge = piece.len() != word.len();
        if !line.is_empty() && (space_pending || previous_edge || edge) {
            line.push(' ');
        }
        line.push_str(word);
        (space_pending, previous_edge) = (false, edge);
    }
    std::borrow::Cow::Owned(line)
}

/// Whether `c` is a letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko and their presentation forms).
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether the first letter that has a direction is right-to-left (the paragraph's
/// direction, as `dir="auto"` decides it).
fn starts_right_to_left(text: &str) -> bool {
    text.chars().find(|c| c.is_alphabetic()).is_some_and(is_rtl)
}

/// Breaks `text` into lines no wider than `width` (as `measure` says), at spaces and in
/// reading order; a word wider than the line gets a line of its own.
pub fn break_lines(text: &str, width: f32, mut measure: impl FnMut(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if line.is_empty() {
                line.push_str(word);
                continue;
            }
            let candidate = format!("{line} {word}");
            if measure(&candidate) <= width {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        lines.push(line);
    }
    lines
}

/// One word or one space of a line, as it stands on screen.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Word(&'a str),
    Space,
}

/// `line`'s words and spaces from left to right as they stand on screen: the line is cut
/// into directional runs (Unicode's bidirectional algorithm, UAX #9) placed in visual
/// order, and the words of a right-to-left run go right to left. Each word keeps its
/// letters in reading order (the shaper draws a word in its own direction).
pub fn visual_pieces(line: &str, right_to_left: bool) -> Vec<Piece<'_>> {
    use unicode_bidi::{BidiInfo, Level};
    let level = if right_to_left {
        Level::rtl()
    } else {
        Level::ltr()
    };
    let info = BidiInfo::new(line, Some(level));
    let Some(paragraph) = info.paragraphs.first() else {
        return Vec::new();
    };
    let (levels, runs) = info.visual_runs(paragraph, paragraph.range.clone());
    let mut pieces = Vec::new();
    for run in runs {
        let rtl = levels[run.start].is_rtl();
        let mut run_pieces: Vec<Piece<'_>> = line[run]
            .split_inclusive(char::is_whitespace)
            .flat_map(|token| {
                let word = token.trim_end_matches(char::is_whitespace);
                let word = (!word.is_empty()).then_some(Piece::Word(word));
                let space =
                    (word.is_none() || word != Some(Piece::Word(token))).then_some(Piece::Space);
                word.into_iter().chain(space)
            })
            .collect();
        if rtl {
            run_pieces.reverse();
        }
        pieces.extend(run_pieces);
    }
    pieces
}

/// Wrapped read-only text. Text in a right-to-left script is broken into lines here, in
/// reading order, each line is drawn in visual order ([`visual_pieces`]), and a
/// right-to-left paragraph is aligned right. egui shapes a right-to-left run as a whole
/// and then wraps it where it lies on screen, which puts the end of the sentence on the
/// first line, and it places mixed runs in reading order.
pub fn paragraph(ui: &mut Ui, text: &str) -> egui::Response {
    if !text.chars().any(is_rtl) {
        return ui.add(egui::Label::new(text).wrap());
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let width = ui.available_width().max(40.0);
    let right = starts_right_to_left(text);
    // Each line as pieces: a galley for a word, None for a space.
    let (space, lines): (f32, Vec<Vec<Option<std::sync::Arc<egui::Galley>>>>) =
        ui.fonts_mut(|fonts| {
            let mut measure = |line: &str| {
                fonts
                    .layout_no_wrap(line.to_string(), font.clone(), color)
                    .size()
                    .x
            };
            let space = measure(" ");
            let lines = break_lines(text, width, &mut measure)
                .iter()
                .map(|line| {
                    visual_pieces(line, right)
                        .into_iter()
                        .map(|piece| match piece {
                            Piece::Word(word) => {
                                Some(fonts.layout_no_wrap(word.to_string(), font.clone(), color))
                            }
                            Piece::Space => None,
                        })
                        .collect()
                })
                .collect();
            (space, lines)
        });
    let advance =
        |piece: &Option<std::sync::Arc<egui::Galley>>| piece.as_ref().map_or(space, |g| g.size().x);
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    let height = row_height * lines.len() as f32;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    for (row, pieces) in lines.into_iter().enumerate() {
        let line_width: f32 = pieces.iter().map(advance).sum();
        let mut x = if right {
            rect.right() - line_width
        } else {
            rect.left()
        };
        let y = rect.top() + row_height * row as f32;
        for piece in pieces {
            let step = advance(&piece);
            if let Some(galley) = piece {
                ui.painter().galley(egui::pos2(x, y), galley, color);
            }
            x += step;
        }
    }
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Label, ui.is_enabled(), text)
    });
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One unit per char, so widths are easy to reason about.
    fn chars(text: &str) -> f32 {
        text.chars().count() as f32
    }

    #[test]
    fn lines_break_in_reading_order_at_spaces() {
        let text = "واحد اثنان ثلاثة أربعة";
        let lines = break_lines(text, 11.0, chars);
        assert_eq!(lines, ["واحد اثنان", "ثلاثة أربعة"]);
        assert_eq!(break_lines("one two", 100.0, chars), ["one two"]);
        // A word wider than the line stands alone; blank lines are kept.
        assert_eq!(
            break_lines("a verylongword b\n\nc", 5.0, chars),
            ["a", "verylongword", "b", "", "c"]
        );
    }

    #[test]
    fn mixed_lines_stand_in_visual_order() {
        use Piece::{Space, Word};
        // An Arabic title "at" an Arabic company, in a right-to-left paragraph: from the
        // left, the company's last word, its first, "at", the title's last word, its first.
        assert_eq!(
            visual_pieces("مديرة المنتجات at شركة النور", true),
            [
                Word("النور"),
                Space,
                Word("شركة"),
                Space,
                Word("at"),
                Space,
                Word("المنتجات"),
                Space,
                Word("مديرة"),
            ]
        );
        // English with one Arabic name stays in reading order around it.
        assert_eq!(
            visual_pieces("Coffee with فاطمة الزهراء today", false),
            [
                Word("Coffee"),
                Space,
                Word("with"),
                Space,
                Word("الزهراء"),
                Space,
                Word("فاطمة"),
                Space,
                Word("today"),
            ]
        );
    }

    #[test]
    fn the_first_letter_decides_the_direction() {
        assert!(starts_right_to_left("12 שלום world"));
        assert!(starts_right_to_left("فاطمة met Bob"));
        assert!(!starts_right_to_left("Bob met فاطمة"));
        assert!(!starts_right_to_left("2026"));
    }
}
