"""Reads exitplan's exports back with independent parsers (CI only).

usage: python3 .ci/readback.py DIR   (DIR holds contacts.vcf, plan.ics, contacts.csv)
Checks that vobject and icalendar parse every card and event, and that the counts
match what exitplan printed into DIR/expected.txt ("cards events rows").
"""
import csv
import sys
from pathlib import Path

import icalendar
import vobject

folder = Path(sys.argv[1])
cards, events, rows = (int(n) for n in (folder / "expected.txt").read_text().split())

parsed_cards = list(vobject.readComponents((folder / "contacts.vcf").read_text(encoding="utf-8")))
assert len(parsed_cards) == cards, (len(parsed_cards), cards)
for card in parsed_cards:
    assert card.fn.value.strip(), card
    assert card.version.value == "4.0"

calendar = icalendar.Calendar.from_ical((folder / "plan.ics").read_bytes())
parsed_events = [c for c in calendar.walk() if c.name == "VEVENT"]
assert len(parsed_events) == events, (len(parsed_events), events)
uids = {str(e["UID"]) for e in parsed_events}
assert len(uids) == events, "every event has its own UID"
for event in parsed_events:
    assert str(event["SUMMARY"]).strip()
    assert event["DTSTART"].dt <= event["DTEND"].dt

with open(folder / "contacts.csv", newline="", encoding="utf-8") as handle:
    table = list(csv.reader(handle))
assert table[0][0] == "Name"
assert len(table) - 1 == rows, (len(table) - 1, rows)
for row in table[1:]:
    assert not row[0].startswith(("=", "+", "-", "@")), row

print(f"read back {cards} vCards (vobject), {events} events (icalendar), {rows} CSV rows")
