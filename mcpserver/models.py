"""The structured output of the MCP tools (pydantic models: their JSON schema is each tool's
outputSchema). Field names are the warehouse's column names; schemas/glossary.csv defines them."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class Source(BaseModel):
    """A document or record a result rests on."""

    label: str = Field(description="what it is, e.g. 'question 2022Z00634'")
    url: str


class Result(BaseModel):
    """What every result carries: the day it describes, how fresh the data is, and its sources."""

    as_of: date = Field(description="the day the statuses and day counts describe (Europe/Amsterdam)")
    last_successful_ingest: datetime | None = Field(
        description="when the last successful ingest finished: the data is as fresh as this")
    sources: list[Source] = Field(description="the official documents and records the result rests on")


class Person(BaseModel):
    name: str | None
    party: str | None = None


class Minister(BaseModel):
    name: str | None
    function: str | None = None
    ministry: str | None = None


class TimelineDocument(BaseModel):
    on_date: date | None = Field(description="received (answers, notices) or submitted (the question)")
    doc_id: str
    kind: str | None = Field(description="question, answer or notice")
    notice_kind: str | None = Field(description="delay, withdrawn, answered_elsewhere or other (notices only)")
    title: str | None
    url: str


class QuestionSet(Result):
    """One set: the review flag first, then its facts, status with reason, people and timeline."""

    needs_review: bool = Field(description="check before citing: the verdict rests on something uncertain")
    review_open_reasons: list[str] = Field(description="the reasons no settlement covers (why to check)")
    review_reasons: list[str]
    review_settled_by: str | None
    review_settled_reason: str | None
    vraagnummer: str
    chamber: str
    title: str | None
    question_type: str | None
    has_term: bool | None
    status: str
    status_reason: str = Field(description="the status with its reason, in words")
    submitted_on: date | None
    due_on: date | None
    delay_notice_on: date | None
    notice_was_late: bool | None
    extended_due_on: date | None
    effective_due_on: date | None
    answered_on: date | None
    last_answer_on: date | None
    withdrawn_on: date | None
    days_taken: int | None
    working_days_taken: int | None
    days_open: int | None
    days_overdue: int | None
    num_questions: int | None
    submitters: list[Person]
    addressed_to: list[str]
    ministries: list[str]
    answered_by: list[Minister]
    topics: list[str]
    overridden_fields: list[str]
    timeline: list[TimelineDocument]


class ListedSet(BaseModel):
    """What every set in a list starts with: its number, the review flag and the unsettled reasons
    first, then its title and submission date."""

    vraagnummer: str
    needs_review: bool
    review_open_reasons: list[str]
    title: str | None
    submitted_on: date | None


class FoundSet(ListedSet):
    status: str
    delay_notice_on: date | None
    answered_on: date | None
    effective_due_on: date | None
    days_taken: int | None
    days_open: int | None
    days_overdue: int | None
    ministries: list[str]
    parties: list[str]
    question_url: str | None


class SearchResult(Result):
    total: int = Field(description="sets that match, before the limit")
    limit: int
    needing_review: int = Field(description="of the sets returned, those flagged for review")
    sets: list[FoundSet]


class OverdueSet(ListedSet):
    due_on: date | None
    delay_notice_on: date | None
    extended_due_on: date | None
    effective_due_on: date | None
    overdue_kind: str = Field(description="no_notice (past due_on, no delay notice) or after_extension")
    days_open: int | None
    days_overdue: int | None
    ministries: list[str]
    parties: list[str]
    submitters: list[Person]
    question_url: str | None
    delay_notice_url: str | None


class OverdueResult(Result):
    total: int = Field(description="sets overdue on as_of (with the filters), before the limit")
    limit: int
    needing_review: int = Field(description="of the sets returned, those flagged for review")
    sets: list[OverdueSet]


class TimelinessRow(BaseModel):
    """One row of `kamervragen stats --by …` (answer_time_stats)."""

    group: str
    sets: int
    answered: int
    withdrawn: int
    open: int
    median_days: int | None
    share_by_21: float | None
    share_by_42: float | None
    restricted_mean_90: float | None
    answered_on_time: int
    answered_within_extension: int
    answered_late: int
    open_within_term: int
    open_overdue: int
    within_extension_late_notice: int
    needing_review: int


class TimelinessResult(Result):
    by: str
    since: date | None
    until: date | None
    rows: list[TimelinessRow]


class Disagreement(BaseModel):
    vraagnummer: str
    title: str | None
    kind: str
    field: str | None
    ours: str | None = Field(description="what the publications say")
    theirs: str | None = Field(description="what the Tweede Kamer's records say")
    verdict_changing: bool | None
    first_seen: datetime | None
    last_seen: datetime | None
    question_url: str | None
    tk_record_url: str | None


class DisagreementsResult(Result):
    total: int = Field(description="disagreements in force (of the kind asked), before the limit")
    limit: int
    disagreements: list[Disagreement]
