"""The `kamervragen` command line.

Read-only commands (`parse`, `status`, `show`, `sql`) never import Prefect; only the
commands that run flows (`ingest`, `backfill`, `alert`, `serve`, `demo`) pay its start-up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from schemas.document import Document, ParseError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Track how the Dutch government answers parliamentary written questions.",
)

SruUrl = Annotated[
    str | None,
    typer.Option("--sru-url", envvar="KAMERVRAGEN_SRU_URL", help="SRU endpoint."),
]


def _emit(doc: Document) -> None:
    sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Files of any manifestation.")],
) -> None:
    """Parse files (SRU response/record, metadata, XML, HTML, PDF, text) into JSON Lines."""
    from scrapers.parse_any import parse_bytes
    from scrapers.parse_metadata import NotKamervragen

    failed = False
    for path in paths:
        try:
            for result in parse_bytes(path.read_bytes(), name=path.name, source=str(path)):
                if isinstance(result, NotKamervragen):
                    typer.echo(f"{path}: skipped {result}", err=True)
                elif isinstance(result, ParseError):
                    typer.echo(f"{path}: {result}", err=True)
                    failed = True
                else:
                    _emit(result)
        except ParseError as exc:
            typer.echo(f"{path}: {exc}", err=True)
            failed = True
        except OSError as exc:
            typer.echo(f"{path}: cannot read: {exc}", err=True)
            failed = True
    raise typer.Exit(1 if failed else 0)


@app.command()
def fetch(
    doc_id: Annotated[str, typer.Argument(help="Document id, e.g. ah-tk-20202021-3235.")],
    sru_url: SruUrl = None,
    metadata_only: Annotated[
        bool, typer.Option("--metadata-only", help="Do not fetch the document text.")
    ] = False,
) -> None:
    """Look a document up through SRU (and fetch its text) and print its JSON."""
    from scrapers.http_client import FetchError
    from scrapers.lookup import lookup_document

    try:
        doc = lookup_document(doc_id, sru_url=sru_url, with_text=not metadata_only)
    except (FetchError, ParseError, LookupError) as exc:
        typer.echo(f"fetch {doc_id}: {exc}", err=True)
        raise typer.Exit(1) from None
    _emit(doc)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
