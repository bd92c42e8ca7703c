"""Fact extraction: a Context (cleaned text, language, date, locality mentions, sentences) in, facts out.

Each module has one pure entry point taking a `Context`:

- `people.extract_people(ctx) -> list[Person]`
- `organizations.extract_organizations(ctx) -> list[Organization]`
- `events.extract_events(ctx) -> list[Event]`      (dates via `dates.py`)
- `figures.extract_figures(ctx) -> list[Figure]`
- `sectors.extract_sectors(ctx) -> list[str]`
- `ties.extract_ties(ctx) -> list[Tie]`

Patterns, title words, units and keywords are data files under `extract/data/`, one per
language and topic, so that adding a language is mostly adding data.
"""
