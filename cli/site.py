"""`kamervragen site OUT/`: build the static website (pages, feeds, calendars, search) from the warehouse.

Registered by cli/app.py (`register(app)`). Reads only (the snapshot of `--db` when one exists),
never takes the writer lock and never imports Prefect.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

import config
from cli.options import Db, db_path


def site(
    out: Annotated[Path, typer.Argument(help="Folder to write the site into (created when missing).")],
    db: Db = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Statuses as of this day (YYYY-MM-DD); "
                                              "default today, Europe/Amsterdam.")] = None,
    search: Annotated[bool, typer.Option("--search/--no-search", help="Build the Pagefind search index.")] = True,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", envvar=config.setting("SITE_URL").env, metavar="URL",
        help="The site's public address (https://example.org/kv/): absolute links in feeds and calendars, "
             "canonical links and a sitemap.xml. Default: every link relative.")] = None,
    serve: Annotated[bool, typer.Option("--serve", help="Then serve OUT on 127.0.0.1 for a local look "
                                        "(until Ctrl-C).")] = False,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port for --serve (0: any free "
                                      "port).")] = 8000,
) -> None:
    """Build the static site into OUT (only pages whose content changed are rewritten; published
    atomically: OUT is switched to the new build in one rename)."""

    from cli.render import open_read_or_exit
    from publish.build import build_site, normalize_base_url
    from schemas.clock import today_amsterdam
    from warehouse.site_read import read_site_data

    try:
        day = date.fromisoformat(as_of) if as_of else today_amsterdam()
    except ValueError:
        typer.echo(f"site: --as-of {as_of!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    try:
        normalize_base_url(base_url)
    except ValueError as exc:
        typer.echo(f"site: --base-url: {exc}", err=True)
        raise typer.Exit(2) from None
    if blocker := not_a_folder(out):
        typer.echo(f"site: {blocker} is a file, not a folder; valid: a folder to write the site into (created "
                   "when missing)", err=True)
        raise typer.Exit(2)
    con = open_read_or_exit(db_path(db))
    try:  # the sets' texts are read while their pages are written (a small, steady memory)
        result = build_site(read_site_data(con, day, stream=True), out, search=search, base_url=base_url)
    finally:
        con.close()
    typer.echo(f"site: {result.pages} files in {result.out} ({result.written} written, {result.unchanged} "
               f"unchanged, {result.removed} removed){'; search index rebuilt' if result.search_indexed else ''}")
    if serve:
        serve_site(out, port)


def serve_site(out: Path, port: int) -> None:
    """Serve `out` on 127.0.0.1:`port` until interrupted; the URL is printed first."""
    from publish.serve import site_server, url_of

    try:
        server = site_server(out, port)
    except OSError as exc:
        typer.echo(f"site: cannot serve on 127.0.0.1:{port} ({exc.strerror or exc}); valid: a free port, "
                   "or --port 0 for any", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"site: serving {out} at {url_of(server)} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()



def not_a_folder(out: Path) -> Path | None:
    """`out` itself, or the first of its parents, that exists and is not a folder (None: `out` can be one)."""
    for path in (out, *out.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


def register(app: typer.Typer) -> None:
    app.command(name="site")(site)
