"""`kamervragen config`: every `KAMERVRAGEN_*` setting, the value in effect and where it comes from.

Registered by `cli.app` (`register(app)`); reads only `config` (no DuckDB, no Prefect). Secrets
(notification URLs) are shown as `***`.
"""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the `config` command to the `kamervragen` app."""

    @app.command("config")
    def show_config(
        fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
        changed: Annotated[bool, typer.Option("--changed", help="Only settings set in the environment.")] = False,
    ) -> None:
        """Every KAMERVRAGEN_* setting: value in effect, default or environment, meaning (exit 2 if one is invalid)."""
        import config
        from cli.render import render_rows

        rows = [(s.env, value, origin, s.help) for s, value, origin in config.in_effect()
                if not changed or origin != "default"]
        render_rows(["variable", "value", "from", "meaning"], rows, fmt)
        bad = [row for row in rows if row[2].startswith("INVALID")]
        for name, _, origin, _ in bad:
            typer.echo(f"config: {name}: {origin.removeprefix('INVALID: ')}", err=True)
        if bad:
            raise typer.Exit(2)
