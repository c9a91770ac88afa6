"""The source side: HTTP and SRU clients, pure parsers (bytes → `schemas.document.Document`), doctor.

`sru_client.paginate` is the only SRU paging loop; `batch_parse` turns records into documents and
rejects (also in worker processes). May import only `schemas` and `config`: no DuckDB, no Prefect.
"""
