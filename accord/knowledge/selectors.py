"""Reads of the knowledge exchange, each starting from the access rules (`access.py`)."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from accord.access.policy import AnyUser, get_visible_or_404, visible_to
from accord.knowledge.access import may_code
from accord.knowledge.ical import occurrences
from accord.knowledge.models import (
    Answer,
    AnswerCode,
    Campaign,
    CampaignActivity,
    Category,
    CoderSlot,
    Concept,
    ConceptLabel,
    EntryStatus,
    Event,
    LabelKind,
    Pillar,
    PracticeEntry,
    PracticeTranslation,
    Question,
    QuestionKind,
    Registration,
    Response,
    Survey,
)


def surveys_for(user: AnyUser) -> QuerySet[Survey]:
    return visible_to(user, Survey).select_related("hub").order_by("-created_at", "key")


def survey_or_404(user: AnyUser, key: str) -> Survey:
    return get_visible_or_404(user, Survey, key=key)


def survey_to_code_or_404(user: AnyUser, key: str) -> Survey:
    """The survey, for its hub's analysts and editors; 404 for anyone else."""
    survey = survey_or_404(user, key)
    if not may_code(user, survey):
        raise Http404
    return survey


def questions_of(survey: Survey) -> list[Question]:
    return list(
        survey.questions.prefetch_related(
            Prefetch("categories", queryset=Category.objects.order_by("position", "pk"))
        ).order_by("position", "pk")
    )


def own_response(survey: Survey, organisation_id: int) -> Response | None:
    return (
        Response.objects.filter(survey=survey, organisation_id=organisation_id)
        .prefetch_related("answers__codes__category")
        .first()
    )


def open_answers(user: AnyUser, question: Question) -> list[Answer]:
    """The open answers to one question, for coding, with both coders' codes."""
    return list(
        visible_to(user, Answer)
        .filter(question=question)
        .exclude(text="")
        .select_related("response__organisation")
        .prefetch_related(Prefetch("codes", queryset=AnswerCode.objects.select_related("category")))
        .order_by("response__organisation__name")
    )


# --- the report ---------------------------------------------------------------------------------


@dataclass
class CategoryCount:
    code: str
    label: str
    is_other: bool
    count: int
    by_country: dict[str, int]
    # the counts by country in the order of the report's countries, for its table
    cells: list[int] = field(default_factory=list)


@dataclass
class QuestionReport:
    question: Question
    respondents: int
    answered: int
    by_country_answered: dict[str, int]
    categories: list[CategoryCount]
    uncoded: int = 0
    numbers: list[Decimal] = field(default_factory=list)
    agreement: float | None = None
    double_coded: int = 0

    @property
    def skipped(self) -> int:
        return self.respondents - self.answered

    @property
    def median(self) -> Decimal | None:
        return statistics.median(self.numbers) if self.numbers else None


@dataclass
class SurveyReport:
    survey: Survey
    respondents: int
    by_country: dict[str, int]
    questions: list[QuestionReport]

    @property
    def countries(self) -> list[str]:
        return sorted(self.by_country)

    def as_json(self) -> dict[str, object]:
        """The figures `manage.py survey_report --format json` prints."""
        return {
            "respondents": self.respondents,
            "questions": {
                report.question.key: {
                    "answered": report.answered,
                    "categories": {category.code: category.count for category in report.categories},
                }
                for report in self.questions
            },
        }


def _alpha(
    first: dict[int, set[int]], second: dict[int, set[int]], codes: list[int]
) -> float | None:
    """Krippendorff's alpha (nominal) over every answer both coders coded, each code of the
    codebook a yes/no decision per answer; None when it cannot be computed (no answer coded
    twice, or a single value throughout)."""
    import krippendorff

    both = sorted(set(first) & set(second))
    if not both or not codes:
        return None
    rows = [
        [int(code in coding[answer]) for answer in both for code in codes]
        for coding in (first, second)
    ]
    if len({value for row in rows for value in row}) < 2:
        return 1.0
    return float(krippendorff.alpha(reliability_data=rows, level_of_measurement="nominal"))


def survey_report(survey: Survey) -> SurveyReport:
    """For every question: how many respondents answered it (the base, M), how many did not,
    and for each category how many of those M chose or were coded into it (N), overall and by
    country. Counts organisations, not people. A constant number of queries, whatever the
    number of respondents."""
    questions = questions_of(survey)
    by_country = {
        row["country"]: row["n"]
        for row in survey.responses.values("country").annotate(n=Count("pk")).order_by("country")
    }
    respondents = sum(by_country.values())
    answered: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Answer.objects.filter(response__survey=survey)
        .values("question_id", "response__country")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        answered[row["question_id"]][row["response__country"]] = row["n"]
    coded_answers = {
        row["answer__question_id"]: row["n"]
        for row in AnswerCode.objects.filter(answer__response__survey=survey, slot=CoderSlot.FIRST)
        .values("answer__question_id")
        .annotate(n=Count("answer_id", distinct=True))
        .order_by()
    }
    codes: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        AnswerCode.objects.filter(answer__response__survey=survey, slot=CoderSlot.FIRST)
        .values("category_id", "answer__response__country")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        codes[row["category_id"]][row["answer__response__country"]] = row["n"]
    numbers: dict[int, list[Decimal]] = defaultdict(list)
    for question_id, number in Answer.objects.filter(
        response__survey=survey, question__kind=QuestionKind.NUMBER, number__isnull=False
    ).values_list("question_id", "number"):
        numbers[question_id].append(number)
    codings: dict[int, dict[int, dict[int, set[int]]]] = defaultdict(
        lambda: {CoderSlot.FIRST: defaultdict(set), CoderSlot.SECOND: defaultdict(set)}
    )
    for question_id, answer_id, category_id, slot in AnswerCode.objects.filter(
        answer__response__survey=survey, answer__question__kind=QuestionKind.OPEN
    ).values_list("answer__question_id", "answer_id", "category_id", "slot"):
        codings[question_id][slot][answer_id].add(category_id)

    reports = []
    for question in questions:
        per_country = answered.get(question.pk, {})
        total = sum(per_country.values())
        categories = [
            CategoryCount(
                code=category.code,
                label=category.label,
                is_other=category.is_other,
                count=sum(codes.get(category.pk, {}).values()),
                by_country=codes.get(category.pk, {}),
            )
            for category in question.categories.all()
        ]
        report = QuestionReport(
            question=question,
            respondents=respondents,
            answered=total,
            by_country_answered=per_country,
            categories=categories,
            numbers=sorted(numbers.get(question.pk, [])),
        )
        if question.kind == QuestionKind.OPEN:
            report.uncoded = total - coded_answers.get(question.pk, 0)
            coding = codings.get(question.pk)
            if coding is not None:
                first, second = coding[CoderSlot.FIRST], coding[CoderSlot.SECOND]
                report.double_coded = len(set(first) & set(second))
                report.agreement = _alpha(
                    first, second, [category.pk for category in question.categories.all()]
                )
        reports.append(report)
    countries = sorted(by_country)
    for report in reports:
        for category in report.categories:
            category.cells = [category.by_country.get(country, 0) for country in countries]
    return SurveyReport(
        survey=survey, respondents=respondents, by_country=by_country, questions=reports
    )


# --- the compendium -----------------------------------------------------------------------------

SEARCHED_FIELDS = (
    "title",
    "summary",
    "target_group",
    "partnership_model",
    "what_it_takes",
    "evidence",
)


def _text_search(entries: QuerySet[PracticeEntry], query: str) -> QuerySet[PracticeEntry]:
    """Entries matching the words of `query` in any of their texts or their translations.

    PostgreSQL: its full-text search (websearch syntax, the "simple" configuration, so that one
    search works across the five languages). Elsewhere (SQLite in development and tests):
    every word must appear in one of the texts, case-insensitively."""
    translations = PracticeTranslation.objects.filter(entry=OuterRef("pk"))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        wanted = SearchQuery(query, config="simple", search_type="websearch")
        own = SearchVector(*SEARCHED_FIELDS, config="simple")
        translated = translations.annotate(
            document=SearchVector("title", "summary", config="simple")
        ).filter(document=wanted)
        return entries.annotate(document=own).filter(Q(document=wanted) | Q(Exists(translated)))
    for word in query.split():
        in_entry = Q()
        for name in SEARCHED_FIELDS:
            in_entry |= Q(**{f"{name}__icontains": word})
        in_translation = translations.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        entries = entries.filter(in_entry | Q(Exists(in_translation)))
    return entries


def compendium_search(
    user: AnyUser,
    *,
    query: str = "",
    pillar: str = "",
    country: str = "",
    tag: str = "",
    published_only: bool = True,
) -> QuerySet[PracticeEntry]:
    """Published entries (or every entry the reader reaches), filtered by words, pillar,
    country and glossary tag; a constant number of queries for the page."""
    entries = visible_to(user, PracticeEntry)
    if published_only:
        entries = entries.filter(status=EntryStatus.PUBLISHED)
    if pillar in Pillar.values:
        entries = entries.filter(**{pillar: True})
    if country:
        entries = entries.filter(country=country.upper())
    if tag:
        entries = entries.filter(tags__key=tag)
    if query.strip():
        entries = _text_search(entries, query.strip())
    return (
        entries.select_related("organisation")
        .prefetch_related("translations", "tags__labels")
        .order_by("title", "pk")
    )


def practice_entry_or_404(user: AnyUser, pk: int) -> PracticeEntry:
    entry = get_visible_or_404(user, PracticeEntry, pk=pk)
    return (
        PracticeEntry.objects.select_related("organisation")
        .prefetch_related("translations", "tags__labels")
        .get(pk=entry.pk)
    )


def in_language(entry: PracticeEntry, language: str) -> tuple[str, str, str]:
    """(title, summary, language) of an entry in the reader's language when translated."""
    for translation in entry.translations.all():
        if translation.language == language:
            return translation.title, translation.summary, language
    return entry.title, entry.summary, entry.language


def entries_to_review(user: AnyUser) -> QuerySet[PracticeEntry]:
    """Entries the hub has to decide on, with their assessors' total scores."""
    return (
        visible_to(user, PracticeEntry)
        .exclude(status__in=[EntryStatus.PUBLISHED, EntryStatus.DECLINED])
        .select_related("organisation")
        .prefetch_related("assessments")
        .order_by("submitted_at", "pk")
    )


# --- campaigns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignFigures:
    activities: int
    organisations: int
    countries: int
    reach: int


def campaign_figures(campaign: Campaign) -> CampaignFigures:
    """ "Activities organised by N member organisations from M countries" (one query)."""
    figures = campaign.activities.aggregate(
        activities=Count("pk"),
        organisations=Count("organisation", distinct=True),
        countries=Count("country", distinct=True),
        reach=Sum("reach"),
    )
    return CampaignFigures(
        activities=figures["activities"],
        organisations=figures["organisations"],
        countries=figures["countries"],
        reach=figures["reach"] or 0,
    )


def campaign_or_404(user: AnyUser, slug: str) -> Campaign:
    return get_visible_or_404(user, Campaign, slug=slug)


def campaign_activities(campaign: Campaign) -> list[CampaignActivity]:
    return list(campaign.activities.select_related("organisation").order_by("held_on", "pk"))


# --- the glossary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryRow:
    concept: Concept
    preferred: str
    language: str
    alternatives: list[str]
    outdated: list[str]
    definition: str
    broader: list[str]
    narrower: list[str]
    related: list[str]


def _preferred(concept: Concept, language: str) -> tuple[str, str]:
    labels = {
        label.language: label.text
        for label in concept.labels.all()
        if label.kind == LabelKind.PREFERRED
    }
    for wanted in (language, "en"):
        if wanted in labels:
            return labels[wanted], wanted
    return next(iter(labels.items()))[::-1] if labels else (concept.key, "")


def glossary(user: AnyUser, language: str, query: str = "") -> list[GlossaryRow]:
    """Every concept in the reader's language (English, then any, where it has no label in
    hers), found by any of its labels; a constant number of queries."""
    concepts = visible_to(user, Concept)
    if query.strip():
        concepts = concepts.filter(
            Exists(ConceptLabel.objects.filter(concept=OuterRef("pk"), text__icontains=query))
        )
    concepts = concepts.prefetch_related(
        "labels", "definitions", "broader__labels", "narrower__labels", "related__labels"
    )
    rows = []
    for concept in concepts:
        preferred, shown_in = _preferred(concept, language)
        definitions = {d.language: d.text for d in concept.definitions.all()}
        rows.append(
            GlossaryRow(
                concept=concept,
                preferred=preferred,
                language=shown_in,
                alternatives=[
                    label.text
                    for label in concept.labels.all()
                    if label.kind == LabelKind.ALTERNATIVE and label.language == shown_in
                ],
                outdated=[
                    label.text
                    for label in concept.labels.all()
                    if label.kind == LabelKind.OUTDATED and label.language == shown_in
                ],
                definition=definitions.get(shown_in) or definitions.get("en", ""),
                broader=[_preferred(c, language)[0] for c in concept.broader.all()],
                narrower=[_preferred(c, language)[0] for c in concept.narrower.all()],
                related=[_preferred(c, language)[0] for c in concept.related.all()],
            )
        )
    return sorted(rows, key=lambda row: row.preferred.casefold())


# --- events -------------------------------------------------------------------------------------


def upcoming_events(user: AnyUser, since: datetime.datetime) -> list[Event]:
    """Events whose series has not ended by `since`, soonest first (a series counts from its
    first occurrence)."""
    events = visible_to(user, Event).select_related("hub").prefetch_related("materials")
    return [
        event for event in events.order_by("starts_at", "pk") if occurrences(event)[-1] >= since
    ]


def event_or_404(user: AnyUser, pk: int) -> Event:
    event = get_visible_or_404(user, Event, pk=pk)
    return (
        Event.objects.select_related("hub").prefetch_related("materials", "tags").get(pk=event.pk)
    )


def event_registrations(user: AnyUser, event: Event) -> list[Registration]:
    return list(
        visible_to(user, Registration)
        .filter(event=event)
        .select_related("organisation")
        .order_by("organisation__name")
    )
