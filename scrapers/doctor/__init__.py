"""`kamervragen doctor`: check, at first contact, that the live SRU service is what we assumed.

Everything the pipeline knows about the source (`../shared/docs/source.md`) was learnt from
recorded samples. The doctor asks the service a handful of questions (at most `max_requests`
HTTP requests, paced like every other run) and compares each answer with that knowledge, one
module per check:

1. `explain`: the explain record lists the indexes the configured queries use;
2. `series`: one small query per series (questions; answers + notices) over a recent window
   returns records with the fields the parsers need, and they parse;
3. `backfill_index`: the backfill date index selects records, on their `dcterms:date`;
4. `reference`: the reference document of the samples (`ah-tk-20202021-3235`) is found by
   `dt.identifier` and still states what the sample states;
5. `page_size`: the largest accepted page size (`maximumRecords` 1000, 500, 100) and whether
   `nextRecordPosition` stays consistent when the server caps a page;
6. `documents`: one document per manifestation (xml, html, pdf, metadata, metadataowms), taken
   from the records' `itemUrl`s, downloads and parses, its dates agreeing with its record;
7. `notices`: a few notices (Mededelingen): each text says which kind it is (delay, withdrawn,
   answered elsewhere) and agrees with its title; an unclassified one is a set flagged for review;
8. `politeness`: the number of requests and their pacing.

Shared pieces: `report` (the `Check` row, the verdicts, the `DoctorReport`), `context` (the
`DoctorRun` the checks share: settings, the budgeted HTTP and SRU clients, what earlier checks
found) and `runner` (`run_doctor`: every check in order, then the report). The table is rendered
by `cli.doctor`.

Each check is a row with a verdict: `OK`, `DIFFERS` (a harmless difference: a capped page
size, extra fields, a check that could not run) or `FAIL` (a difference that would load wrong
or no data). `DoctorReport.exit_code` is 1 when any row FAILs, else 0.

This package may import only `schemas`, `scrapers` and `config`: no DuckDB, no Prefect. It only
uses the HTTP/SRU clients and the pure parsers.
"""

from scrapers.doctor.explain import parse_explain, query_indexes
from scrapers.doctor.page_size import _paging_problem
from scrapers.doctor.report import DoctorReport
from scrapers.doctor.runner import run_doctor

__all__ = ["DoctorReport", "_paging_problem", "parse_explain", "query_indexes", "run_doctor"]
