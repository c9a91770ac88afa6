"""The local stand-in for the source: a replay server and SYNTHETIC corpora.

- `replay.server`: an SRU + document-file HTTP server on loopback, with scriptable faults;
- `replay.synthetic_records`, `replay.synthetic_docs`: SYNTHETIC SRU records and document XML in
  the shapes of the real samples (made-up ids, labelled in every file they write);
- `replay.demo_corpus`: the offline demo (the REAL samples in `replay/demo_data/` plus SYNTHETIC
  sets).

Used by the tests, `bench/` and `kamervragen demo` (imported lazily there, nowhere else in the
product). May import `schemas` and `scrapers` (for the SRU vocabulary); nothing imports it back.
"""
