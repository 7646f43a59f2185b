//! Image snapshots of the views on the demo data, rendered by wgpu (lavapipe on
//! CI). Only with `--features snapshots`; `UPDATE_SNAPSHOTS=1` rewrites the images in
//! tests/snapshots/.
#![cfg(feature = "snapshots")]

mod common;

use common::*;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use exitplan::ui::{ExitplanApp, UiState, View};

fn demo_harness(db: &TempDb, view: View) -> Harness<'static, ExitplanApp> {
    let mut store = open(&db.path);
    exitplan::demo::write_demo(&mut store).expect("demo data");
    let state = UiState {
        view,
        ..UiState::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_ui_state(
            |ui, app: &mut ExitplanApp| app.ui(ui),
            ExitplanApp::new(store, state),
        );
    harness.run();
    harness
}

#[test]
fn today_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Today);
    harness.snapshot("today");
}

#[test]
fn contacts_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Contacts);
    harness.get_by_label("Search contacts").click();
    harness.run();
    harness.get_by_label("Search contacts").type_text("peer");
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Priya Raman")
        .click();
    harness.run();
    harness.snapshot("contacts");
}

#[test]
fn applications_board_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Applications);
    harness.snapshot("applications_board");
}

#[test]
fn application_charts_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Applications);
    harness.get_by_label("Charts").click();
    harness.run();
    harness.snapshot("application_charts");
}

#[test]
fn check_in_trend_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::CheckIns);
    harness
        .get_by_label_contains("Check-in trend chart")
        .scroll_to_me();
    harness.run();
    harness.snapshot("check_in_trend");
}

#[test]
fn outbox_on_the_demo_data() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Outbox);
    harness.snapshot("outbox");
}

/// The Contacts view in the light theme, drawn with the bundled fonts plus the system
/// fonts the window falls back on (what eframe adds with its `system_fonts` feature).
fn contacts_with_system_fonts(
    store: exitplan::store::Store,
    size: egui::Vec2,
) -> Harness<'static, ExitplanApp> {
    // The first frame (Dream job: no names) is drawn before the provider can be added.
    let state = UiState {
        view: View::DreamJob,
        ..UiState::default()
    };
    let mut harness = Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_ui_state(
            |ui, app: &mut ExitplanApp| app.ui(ui),
            ExitplanApp::new(store, state),
        );
    harness.ctx.add_font_provider(std::sync::Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
    harness.get_by_label("Contacts").click();
    harness.run();
    harness
}

/// Names in many scripts, drawn with the bundled fonts plus the system fonts the window
/// falls back on (CI installs fonts-dejavu-core and fonts-droid-fallback): accents,
/// Greek, Cyrillic, Arabic and Hebrew right to left, Chinese and Japanese, emoji.
#[test]
fn contacts_with_names_in_many_scripts() {
    let db = temp_db();
    let mut store = open(&db.path);
    store.apply(exitplan::store::Change::FinishWelcome).unwrap();
    for (name, org) in [
        ("Zoë Núñez-Ångström", "Café Société"),
        ("Γιώργος Παπαδόπουλος", "Αθήνα Media"),
        ("Иван Петров", "Северсталь"),
        ("فاطمة الزهراء", "شركة النور"),
        ("דוד כהן", "חברת אור"),
        ("王小明", "光明科技"),
        ("佐藤 花子", "株式会社ひかり"),
        ("Ana Lima 🌱", "Verde Ltda"),
    ] {
        let mut fields = contact(name);
        fields.organization = org.into();
        store
            .apply(exitplan::store::Change::AddContact(fields))
            .unwrap();
    }
    let mut harness = contacts_with_system_fonts(store, egui::vec2(1000.0, 560.0));
    // Kittest panics on a glyph no font has; reaching here means every name found one.
    harness.get_by_label("王小明");
    harness.get_by_label("דוד כהן");
    harness.snapshot("contacts_many_scripts");
}

#[test]
fn the_privacy_screen_over_the_contacts() {
    let db = temp_db();
    let mut harness = demo_harness(&db, View::Contacts);
    harness.get_by_label("Privacy screen").click();
    harness.run();
    assert!(harness.query_by_label("Priya Raman").is_none());
    harness.snapshot("privacy_screen");
}

/// Every view on the demo data at 1024×640 and 1280×800, light and dark, each compared
/// with its image in tests/snapshots/views/; and all of them on one contact sheet,
/// target/view-sheet.png, to look at in one go.
#[test]
fn every_view_at_both_sizes_and_themes_and_one_contact_sheet() {
    let mut rows: Vec<Vec<image::RgbaImage>> = Vec::new();
    let mut failures = Vec::new();
    for (width, height) in [(1024.0, 640.0), (1280.0, 800.0)] {
        for theme in [egui::Theme::Light, egui::Theme::Dark] {
            let db = temp_db();
            let mut store = open(&db.path);
            exitplan::demo::write_demo(&mut store).expect("demo data");
            let mut harness = Harness::builder()
                .with_size(egui::vec2(width, height))
                .with_theme(theme)
                .wgpu()
                .build_ui_state(
                    |ui, app: &mut ExitplanApp| app.ui(ui),
                    ExitplanApp::new(store, UiState::default()),
                );
            harness.run();
            let mut row = Vec::new();
            for (view, key) in View::ALL.iter().zip(exitplan::ui::NUMBER_KEYS) {
                harness.key_press_modifiers(egui::Modifiers::COMMAND, key);
                harness.run();
                let slug: String = view
                    .label()
                    .to_lowercase()
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '_' })
                    .collect();
                let name = format!(
                    "views/{slug}_{width}x{height}_{}",
                    if theme == egui::Theme::Light {
                        "light"
                    } else {
                        "dark"
                    }
                );
                if let Err(e) = harness.try_snapshot(&name) {
                    failures.push(format!("{name}: {e}"));
                }
                let image = harness.render().expect("the view renders");
                row.push(image::imageops::resize(
                    &image,
                    image.width() / 4,
                    image.height() / 4,
                    image::imageops::FilterType::Triangle,
                ));
            }
            rows.push(row);
        }
    }
    let gap = 8;
    let sheet_width = rows
        .iter()
        .map(|r| r.iter().map(|i| i.width() + gap).sum::<u32>())
        .max()
        .unwrap_or(0);
    let sheet_height = rows
        .iter()
        .map(|r| r.iter().map(image::RgbaImage::height).max().unwrap_or(0) + gap)
        .sum::<u32>();
    let mut sheet =
        image::RgbaImage::from_pixel(sheet_width, sheet_height, image::Rgba([128, 128, 128, 255]));
    let mut y = 0;
    for row in &rows {
        let mut x = 0;
        for shot in row {
            image::imageops::overlay(&mut sheet, shot, i64::from(x), i64::from(y));
            x += shot.width() + gap;
        }
        y += row.iter().map(image::RgbaImage::height).max().unwrap_or(0) + gap;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    std::fs::create_dir_all(&target).unwrap();
    let path = target.join("view-sheet.png");
    sheet.save(&path).expect("the contact sheet is written");
    eprintln!("contact sheet of every view: {}", path.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every piece of text the last frame painted, with where it stands.
fn painted_text(harness: &Harness<'_, ExitplanApp>) -> Vec<(String, egui::Pos2)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(String, egui::Pos2)>) {
        match shape {
            egui::Shape::Text(text) => out.push((text.galley.text().to_owned(), text.pos)),
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// A contact written in Arabic and Hebrew, open in the read view at 1024×640: the
/// wrapped timeline sentence reads right to left and top to bottom (its first word at the
/// top right), and a mixed line keeps the Arabic title right of "at".
#[test]
fn a_contact_in_right_to_left_scripts() {
    let db = temp_db();
    let mut store = open(&db.path);
    store.apply(exitplan::store::Change::FinishWelcome).unwrap();
    let mut fields = contact("فاطمة الزهراء");
    fields.organization = "شركة النور".into();
    fields.title = "مديرة المنتجات".into();
    store
        .apply(exitplan::store::Change::AddContact(fields))
        .unwrap();
    let id = contact_named(&store, "فاطمة الزهراء");
    let sentence = "تحدثنا عن خطة المنتج الجديدة وعن فريق التصميم في الشركة، ووعدتني بأن \
                    تعرفني على مديرة التوظيف قبل نهاية الشهر القادم";
    for (date, summary) in [("2026-11-20", sentence), ("2026-11-19", "ש בבבבבבבבבב")] {
        let mut touchpoint = touch(&[id], day(date), exitplan::model::Direction::Mutual);
        touchpoint.summary = summary.into();
        store
            .apply(exitplan::store::Change::LogTouchpoint(touchpoint))
            .unwrap();
    }
    let mut harness = contacts_with_system_fonts(store, egui::vec2(1024.0, 640.0));
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "فاطمة الزهراء")
        .click();
    harness.run();
    // Screen readers get the sentence whole, in reading order.
    harness.get_by_label(sentence);

    let text = painted_text(&harness);
    let at = |word: &str| {
        text.iter()
            .find(|(t, _)| t == word)
            .unwrap_or_else(|| panic!("{word:?} is painted on its own"))
            .1
    };
    let (first, second, last) = (at("تحدثنا"), at("عن"), at("القادم"));
    assert!(first.y < last.y, "the sentence wraps top to bottom");
    assert_eq!(first.y, second.y);
    assert!(
        first.x > second.x,
        "the first word stands right of the second"
    );
    assert!(at("ש").x > at("בבבבבבבבבב").x);
    assert!(at("مديرة").x > at("at").x && at("at").x > at("شركة").x);
    harness.snapshot("contact_right_to_left");
}

/// A one-line cell in a right-to-left script with a Latin word inside (the Touchpoints
/// list): the Arabic before "at" stands right of it and the Arabic after it left of it,
/// as the line reads right to left. egui alone puts the halves the other way round.
#[test]
fn a_right_to_left_line_with_a_latin_word_reads_right_to_left() {
    let db = temp_db();
    let mut store = open(&db.path);
    store.apply(exitplan::store::Change::FinishWelcome).unwrap();
    let id = store
        .apply(exitplan::store::Change::AddContact(contact("Ada")))
        .unwrap()
        .contact_id()
        .unwrap();
    let mut touchpoint = touch(&[id], day("2026-11-20"), exitplan::model::Direction::Mutual);
    touchpoint.summary = "مديرة المنتجات at شركة النور".into();
    store
        .apply(exitplan::store::Change::LogTouchpoint(touchpoint))
        .unwrap();
    let mut harness = contacts_with_system_fonts(store, egui::vec2(1280.0, 800.0));
    harness.get_by_label("Touchpoints").click();
    harness.run();
    fn find(shape: &egui::Shape, out: &mut Vec<std::sync::Arc<egui::Galley>>) {
        match shape {
            egui::Shape::Text(text) if text.galley.text().contains("شركة") => {
                out.push(text.galley.clone());
            }
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| find(s, out)),
            _ => {}
        }
    }
    let mut galleys = Vec::new();
    for clipped in &harness.output().shapes {
        find(&clipped.shape, &mut galleys);
    }
    assert_eq!(galleys.len(), 1, "the summary is one painted line");
    let x = |chr: char| {
        galleys[0]
            .rows
            .iter()
            .flat_map(|row| row.row.glyphs.iter())
            .find(|g| g.chr == chr)
            .unwrap_or_else(|| panic!("{chr} is painted"))
            .pos
            .x
    };
    // "د" is only in مديرة (before "at"), "ش" only in شركة (after it).
    assert!(x('د') > x('a'), "the words before \"at\" stand right of it");
    assert!(x('ش') < x('a'), "the words after \"at\" stand left of it");
}
