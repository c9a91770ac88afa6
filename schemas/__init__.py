"""Record types (`Document`, `DocumentText`, `Reject`), identifiers, and the DuckDB DDL/migrations.

Every other package uses these; they may import only `config`. `ddl/NNN_*.sql` are released
migrations and never change once shipped (a new number changes what an old one did).
"""
