"""`kamervragen mcp`: a read-only MCP server over the warehouse's read snapshot (docs/mcp.md).

Tools (each read-only, typed, with structured output and a short text): `search_questions`,
`question_set`, `overdue`, `timeliness`, `disagreements`; resources: the method text and the column
glossary (schemas/method.md, schemas/glossary.csv). Every statement it runs is in warehouse/.
"""
