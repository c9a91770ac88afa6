"""The published site (`kamervragen site OUT/`): static HTML pages, Atom feeds, iCalendar files and a
client-side search index, built from what `warehouse.site_read` reads. Site text is Dutch.

May import `warehouse`, `schemas` and `config` only; never DuckDB statements of its own.
"""
