"""`kamervragen mcp`: the read-only MCP server over the warehouse (mcpserver/, docs/mcp.md).

Registered by cli/app.py (`register(app)`); the MCP SDK is imported only when the command runs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli.options import Db, db_path


def mcp(
    db: Db = None,
    http: Annotated[int | None, typer.Option(
        "--http", metavar="PORT", min=1, max=65535,
        help="Serve streamable HTTP on 127.0.0.1:PORT (path /mcp) instead of stdio.")] = None,
) -> None:
    """Serve the warehouse to AI assistants over MCP (stdio by default), read-only: search, one set,
    overdue sets, answer times, source disagreements; the method and the column glossary."""
    from cli.render import open_read_or_exit

    path = db_path(db)
    open_read_or_exit(path, filled=True).close()  # a missing or empty warehouse: one line, exit 2
    from mcpserver.server import serve

    if http is not None:
        typer.echo(f"kamervragen mcp: serving {path} on http://127.0.0.1:{http}/mcp", err=True)
    serve(path, http)


def register(app: typer.Typer) -> None:
    """Add `mcp` to the `kamervragen` command."""
    app.command("mcp")(mcp)
