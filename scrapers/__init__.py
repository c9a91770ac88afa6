"""HTTP and SRU clients, and pure parsers from bytes to `schemas.document.Document`."""
