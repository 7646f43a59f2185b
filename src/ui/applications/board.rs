//! The board: a column per stage, a card per application, moved with its arrows.

use super::*;

impl ApplicationsView {
    pub(super) fn card_ui(&self, ui: &mut Ui, ctx: &mut ViewCtx<'_>, id: ApplicationId) {
        let today = ctx.today();
        let plan = ctx.model().plan();
        let Some(a) = plan.application(id).cloned() else {
            return;
        };
        let fit = plan.fit(id).cloned().unwrap_or_default();
        let baseline = plan.baseline_fit().score;
        let company = crate::ui::privacy::mask(ui.ctx(), &a.fields.company).into_owned();
        let selected = self.selected == Some(id);
        let frame = egui::Frame::group(ui.style())
            .corner_radius(6.0)
            .inner_margin(egui::Margin::same(6))
            .fill(if selected {
                ui.visuals().selection.bg_fill.gamma_multiply(0.35)
            } else {
                ui.visuals().extreme_bg_color
            });
        frame.show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.set_height(CARD_HEIGHT - 20.0);
            let role = crate::ui::privacy::mask(ui.ctx(), &a.fields.role).into_owned();
            let open = ui
                .add(
                    egui::Button::new(RichText::new(&company).strong())
                        .frame(false)
                        .truncate(),
                )
                .on_hover_text(format!("{company} — {role}\nClick to open"));
            if open.clicked() {
                ctx.requests.push(crate::ui::Request::OpenApplication(id));
            }
            ui.add(egui::Label::new(&a.fields.role).truncate());
            fit_lines_ui(ui, &fit, baseline);
            move_buttons_ui(ui, ctx, &a, &company, today);
        });
    }

    pub(super) fn board_ui(&mut self, ui: &mut Ui, ctx: &mut ViewCtx<'_>) {
        baseline_ui(ui, ctx.model());
        let columns = self.cache.columns.clone();
        let n = columns.len().max(1) as f32;
        let gap = ui.spacing().item_spacing.x;
        // The columns share the width; below the narrowest readable card the board
        // scrolls sideways (an open application takes room).
        let row = CARD_HEIGHT + ui.spacing().item_spacing.y;
        // One scroll area both ways, drawing only the cards in sight: a nested scroll
        // area per column would keep a card out of reach sideways.
        egui::ScrollArea::both()
            .id_salt("board_scroll")
            .auto_shrink(false)
            .show_viewport(ui, |ui, viewport| {
                let origin = ui.max_rect().min.y;
                let width = ((ui.available_width() - gap * (n - 1.0)) / n - 0.5).max(104.0);
                ui.horizontal_top(|ui| {
                    for (i, column) in columns.iter().enumerate() {
                        let title = Stage::PIPELINE.get(i).map_or("Closed", |s| s.label());
                        ui.vertical(|ui| {
                            ui.set_width(width);
                            ui.set_max_width(width);
                            ui.add(
                                egui::Label::new(
                                    RichText::new(format!("{title}  {}", column.len())).strong(),
                                )
                                .truncate(),
                            );
                            let start = ui.cursor().min.y - origin;
                            let first =
                                (((viewport.min.y - start) / row).floor().max(0.0)) as usize;
                            let first = first.min(column.len());
                            let last =
                                ((((viewport.max.y - start) / row).ceil().max(0.0)) as usize + 1)
                                    .min(column.len());
                            ui.add_space(first as f32 * row);
                            for id in &column[first..last.max(first)] {
                                ui.allocate_ui(egui::vec2(width, CARD_HEIGHT), |ui| {
                                    ui.set_min_height(CARD_HEIGHT);
                                    self.card_ui(ui, ctx, *id);
                                });
                            }
                            let rest = column.len() - last.max(first);
                            if rest > 0 {
                                ui.add_space(rest as f32 * row);
                            }
                        });
                    }
                });
            });
    }
}

/// The card's fit in short lines, one fact each, so none is cut on the narrowest card:
/// the score (against the baseline), what sinks it, what is not rated yet.
fn fit_lines_ui(ui: &mut Ui, fit: &Fit, baseline: Option<u8>) {
    let score = match fit.score {
        None => "fit —".to_string(),
        Some(s) => match crate::model::difference_from_baseline(baseline, Some(s)) {
            Some(d) => format!("fit {s} ({d:+})"),
            None => format!("fit {s}"),
        },
    };
    explained_cell(
        ui,
        RichText::new(score).color(fit_color(ui, fit)),
        fit.summary(),
    );
    let flag = if !fit.deal_breakers.is_empty() {
        Some("deal-breaker")
    } else if !fit.unmet_must_haves.is_empty() {
        Some("must-have not met")
    } else {
        None
    };
    match flag {
        Some(flag) => {
            explained_cell(
                ui,
                RichText::new(flag).color(fit_color(ui, fit)),
                fit.summary(),
            );
        }
        None => {
            ui.add_space(ui.text_style_height(&egui::TextStyle::Body));
        }
    }
    // A score with criteria not rated yet says so: "fit 100" alone overstates it.
    if fit.unknown > 0 && fit.score.is_some() {
        explained_cell(
            ui,
            RichText::new(format!("{} unknown", fit.unknown)).color(ui.visuals().weak_text_color()),
            "Criteria this application is not rated on yet (unknown): rate them to make the fit count.",
        );
    }
}

/// Days in the stage, and the arrows back to the previous stage and on to the next.
fn move_buttons_ui(
    ui: &mut Ui,
    ctx: &mut ViewCtx<'_>,
    a: &Application,
    company: &str,
    today: NaiveDate,
) {
    let id = a.id;
    let stage = a.stage;
    ui.horizontal(|ui| {
        // Compact, so the row fits the narrowest card.
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.spacing_mut().button_padding = egui::vec2(5.0, 0.0);
        hint(ui, format!("{} d", a.days_in_stage(today)));
        if let Some(previous) = stage.previous() {
            let back = ui
                .small_button("◀")
                .on_hover_text(format!("Back to {}", previous.label()));
            name_for_assistive_tech(
                &back,
                &format!("Move {company} back to {}", previous.label()),
            );
            if crate::ui::widgets::guarded_click(ui, &back) {
                move_application(ctx, id, previous, today);
            }
        }
        if let Some(next) = stage.next() {
            let on = ui
                .small_button("▶")
                .on_hover_text(format!("On to {}", next.label()));
            name_for_assistive_tech(&on, &format!("Move {company} on to {}", next.label()));
            if crate::ui::widgets::guarded_click(ui, &on) {
                move_application(ctx, id, next, today);
            }
        }
    });
}
