"""The MCP server: the tools of mcpserver/tools.py and two resources, over stdio or streamable HTTP."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from mcpserver import tools
from mcpserver.arguments import MAX_LIMIT, ArgumentError
from mcpserver.models import DisagreementsResult, OverdueResult, QuestionSet, SearchResult, TimelinessResult
from schemas.glossary import glossary_text, method_text
from schemas.statuses import STATUSES
from warehouse.assistant import DISAGREEMENT_KINDS
from warehouse.stats import DIMENSIONS

METHOD_URI = "kamervragen://method"
GLOSSARY_URI = "kamervragen://glossary"
INSTRUCTIONS = (
    "Read-only answers about Dutch parliamentary written questions (Kamervragen): statuses, due dates, delay "
    "notices, answer times and where the two official sources disagree. Every result gives its as-of day, the "
    "data's freshness (last successful ingest) and the official URLs it rests on. A set with needs_review=true "
    "must be checked before its verdict is cited (review_open_reasons says why). Definitions: the resources "
    f"{METHOD_URI} (how we count) and {GLOSSARY_URI} (every column).")
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                            open_world_hint=False)
Status = Literal[STATUSES]  # type: ignore[valid-type]
"""Every status of the status model (schemas/statuses.py), in its order."""
Kind = Literal[DISAGREEMENT_KINDS]  # type: ignore[valid-type]
By = Literal[DIMENSIONS]  # type: ignore[valid-type]
Day = Annotated[date | None, Field(description="YYYY-MM-DD")]
AsOf = Annotated[date | None, Field(description="the day to describe, YYYY-MM-DD (default: today, Europe/Amsterdam)")]
Ministry = Annotated[str | None, Field(description="a ministry's abbreviation, e.g. BZK, FIN, VWS")]
Party = Annotated[str | None, Field(description="a party as written on the sets, e.g. CDA, VVD")]


Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"how many rows, at most {MAX_LIMIT}")]


def _answer(run: Any, *args: Any, **kwargs: Any) -> CallToolResult:
    """The tool's result (structured, plus its short text), or a tool error naming the argument."""
    try:
        result, text = run(*args, **kwargs)
    except (ArgumentError, tools.Refused) as exc:
        raise ToolError(str(exc)) from None
    assert isinstance(result, BaseModel)
    return CallToolResult(content=[TextContent(type="text", text=text)],
                          structured_content=result.model_dump(mode="json"))


def build_server(db: str) -> MCPServer:
    """The server over the warehouse `db` (read through its read snapshot, read-only)."""
    server = MCPServer("kamervragen", instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(annotations=READ_ONLY)
    def search_questions(text: Annotated[str, Field(description="words that must all occur in the title or the "
                                                                "question texts (case ignored)")],
                         since: Day = None, until: Day = None, status: Status | None = None,
                         ministry: Ministry = None, party: Party = None,
                         limit: Limit = 20) -> Annotated[CallToolResult, SearchResult]:
        """Find question sets by words in their title or questions, newest first, with status today."""
        return _answer(tools.search_questions, db, text, since, until, status, ministry, party, limit)

    @server.tool(annotations=READ_ONLY)
    def question_set(vraagnummer: Annotated[str, Field(description="e.g. 2022Z00634")],
                     as_of: AsOf = None) -> Annotated[CallToolResult, QuestionSet]:
        """One question set: dates, due dates, status with its reason, days taken or overdue, who asked
        whom, who answered, the documents with their official URLs, and the review flag first."""
        return _answer(tools.question_set, db, vraagnummer, as_of)

    @server.tool(annotations=READ_ONLY)
    def overdue(as_of: AsOf = None, ministry: Ministry = None, party: Party = None,
                limit: Limit = 50) -> Annotated[CallToolResult, OverdueResult]:
        """The sets overdue on a day, longest overdue first, with days overdue and due dates."""
        return _answer(tools.overdue, db, as_of, ministry, party, limit)

    @server.tool(annotations=READ_ONLY)
    def timeliness(by: Annotated[By, Field(description="the grouping")] = "all", as_of: AsOf = None,
                   since: Day = None, until: Day = None) -> Annotated[CallToolResult, TimelinessResult]:
        """Answer times per group (the rows of `kamervragen stats`): sets, median days, shares answered by
        day 21 and 42, and six outcomes that add up; open sets count as unanswered so far (Kaplan–Meier)."""
        return _answer(tools.timeliness, db, by, as_of, since, until)

    @server.tool(annotations=READ_ONLY)
    def disagreements(kind: Kind | None = None,
                      limit: Limit = 50) -> Annotated[CallToolResult, DisagreementsResult]:
        """Where the official publications and the Tweede Kamer's records disagree now, newest first."""
        return _answer(tools.disagreements, db, kind, limit)

    @server.resource(METHOD_URI, name="method", title="How we count", mime_type="text/markdown")
    def method() -> str:
        """The terms, the status model, answer times with open sets, outcomes and review flags."""
        return method_text()

    @server.resource(GLOSSARY_URI, name="glossary", title="Column glossary", mime_type="text/csv")
    def glossary() -> str:
        """Every column and field a result shows: name, Dutch label, meaning in English and Dutch."""
        return glossary_text()

    return server


def serve(db: str, http_port: int | None = None) -> None:
    """Serve over stdio, or with `http_port` over streamable HTTP on 127.0.0.1 (path /mcp)."""
    server = build_server(db)
    if http_port is None:
        server.run()
    else:
        server.run("streamable-http", host="127.0.0.1", port=http_port)
