"""The network's knowledge exchange: member surveys and their coding, the good-practice
compendium and campaigns (docs/decisions/0040-knowledge-exchange-app.md).

Nothing here is about a person. A survey's respondent is a member *organisation*; an open answer
describes its practice; a compendium entry and a campaign activity are published material. A
contact on a compendium entry is the organisation's public contact point, never a client.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Organisation, country_code_validator


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    NUMBER = "number", _("Number")
    OPEN = "open", _("Open text")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
KEY_MAX = 60


class Survey(models.Model):
    """A survey the hub sends to its members. `version` goes up whenever its questions or
    codebooks change, so a report says which version it counted."""

    hub = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("hub")
    )
    key = models.SlugField(_("key"), max_length=KEY_MAX, unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    deadline = models.DateField(_("answer by"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    tags = models.ManyToManyField(
        "Concept", blank=True, related_name="surveys", verbose_name=_("tags")
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SurveyStatus.values), name="survey_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    key = models.SlugField(_("key"), max_length=KEY_MAX)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_unique_key"),
            models.CheckConstraint(
                condition=models.Q(kind__in=QuestionKind.values), name="question_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class Category(models.Model):
    """One entry of a question's codebook: a choice of a closed question, or a category open
    answers are coded into. `is_other` marks the "other" code."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="categories", verbose_name=_("question")
    )
    code = models.SlugField(_("code"), max_length=KEY_MAX)
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_other = models.BooleanField(_("the 'other' code"), default=False)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="category_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label or self.code


class Response(models.Model):
    """One member organisation's answers to one survey; `country` is its country when it
    answered, so a later move does not rewrite a published report."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="survey_responses",
        verbose_name=_("organisation"),
    )
    country = models.CharField(_("country"), max_length=2, validators=[country_code_validator])
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["survey", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="response_one_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.organisation}"


class Answer(models.Model):
    """An answered question (a skipped one has no row): its text or number; its choices or
    codes are `AnswerCode` rows."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    text = models.TextField(_("answer"), blank=True)
    number = models.DecimalField(
        _("number"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.response} · {self.question}"


class CoderSlot(models.IntegerChoices):
    """The reported coding (first coder, or the member's own choice on a closed question), and
    an independent second coding used only for the agreement figure."""

    FIRST = 1, _("First coder")
    SECOND = 2, _("Second coder")


class AnswerCode(models.Model):
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="codes", verbose_name=_("answer")
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="answer_codes", verbose_name=_("code")
    )
    slot = models.PositiveSmallIntegerField(
        _("coding"), choices=CoderSlot.choices, default=CoderSlot.FIRST
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coder"),
    )

    class Meta:
        verbose_name = _("code of an answer")
        verbose_name_plural = _("codes of answers")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "category", "slot"], name="answer_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(slot__in=CoderSlot.values), name="answer_code_slot_valid"
            ),
        ]
        indexes = [models.Index(fields=["category", "slot"], name="answer_code_category")]

    def __str__(self) -> str:
        return f"{self.answer} · {self.category.code}"


# --- the good-practice compendium ---------------------------------------------------------------


class Pillar(models.TextChoices):
    """The Istanbul Convention's four Ps."""

    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    POLICIES = "policies", _("Integrated policies")


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SELECTED = "selected", _("Selected")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Not selected")


class PracticeEntry(models.Model):
    """A good practice or model a member describes for the compendium (collect), the hub scores
    against its criteria and selects, then publishes. Published entries are public."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="practice_entries",
        verbose_name=_("organisation"),
    )
    country = models.CharField(_("country"), max_length=2, validators=[country_code_validator])
    language = models.CharField(_("language"), max_length=8, default="en")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    # The four Ps as four columns: filtering on them works alike on PostgreSQL and SQLite.
    prevention = models.BooleanField(_("prevention"), default=False)
    protection = models.BooleanField(_("protection"), default=False)
    prosecution = models.BooleanField(_("prosecution"), default=False)
    policies = models.BooleanField(_("integrated policies"), default=False)
    target_group = models.CharField(_("target group"), max_length=200)
    partnership_model = models.TextField(_("partnership model"), blank=True)
    what_it_takes = models.TextField(_("what it takes"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    contact = models.CharField(
        _("contact point"),
        max_length=200,
        blank=True,
        help_text=_("The organisation's public contact point (a team address, not a person)."),
    )
    documents = models.JSONField(_("documents (links)"), default=list, blank=True)
    tags = models.ManyToManyField(
        "Concept", blank=True, related_name="practice_entries", verbose_name=_("tags")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("good-practice entry")
        verbose_name_plural = _("good-practice entries")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=EntryStatus.values), name="practice_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "country"], name="practice_status_country")]

    def __str__(self) -> str:
        return self.title

    @property
    def pillars(self) -> list[Pillar]:
        return [pillar for pillar in Pillar if getattr(self, pillar.value)]


class PracticeTranslation(models.Model):
    entry = models.ForeignKey(
        PracticeEntry,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("entry"),
    )
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))

    class Meta:
        verbose_name = _("translation of an entry")
        verbose_name_plural = _("translations of entries")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "language"], name="practice_translation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} ({self.language})"


class Criterion(models.TextChoices):
    """What the hub assesses an entry against, each scored 0–3."""

    SAFETY = "safety", _("Puts the safety of women and children first")
    EVIDENCE = "evidence", _("Evidence of effect")
    PARTNERSHIP = "partnership", _("Works in partnership with women's services")
    TRANSFERABLE = "transferable", _("Can be taken up elsewhere")


SCORE_MAX = 3


class Assessment(models.Model):
    """One hub assessor's scores of one entry."""

    entry = models.ForeignKey(
        PracticeEntry,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("entry"),
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessor"),
    )
    scores = models.JSONField(_("scores"), default=dict)
    assessed_at = models.DateTimeField(_("assessed at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment of an entry")
        verbose_name_plural = _("assessments of entries")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "assessor"], name="practice_assessment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.assessor}"

    @property
    def total(self) -> int:
        return sum(int(value) for value in self.scores.values())


# --- campaigns ----------------------------------------------------------------------------------


class ActivityKind(models.TextChoices):
    EVENT = "event", _("Public event")
    MEDIA = "media", _("Media work")
    TRAINING = "training", _("Training")
    ONLINE = "online", _("Online campaign")
    OTHER = "other", _("Other")


class Campaign(models.Model):
    hub = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("hub")
    )
    slug = models.SlugField(_("short name"), max_length=KEY_MAX, unique=True)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CampaignActivity(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="activities", verbose_name=_("campaign")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="campaign_activities",
        verbose_name=_("organisation"),
    )
    country = models.CharField(_("country"), max_length=2, validators=[country_code_validator])
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    reach = models.PositiveIntegerField(_("people reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign activity")
        verbose_name_plural = _("campaign activities")
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ActivityKind.values), name="activity_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "held_on"], name="activity_campaign_day")]

    def __str__(self) -> str:
        return self.title


# --- the shared glossary ------------------------------------------------------------------------


class Concept(models.Model):
    """A concept of the network's shared glossary (SKOS: skos:Concept). Its labels and
    definitions are per language; `broader` builds the hierarchy (no cycles: `glossary.py`
    checks), `related` links concepts across it, `mappings` point to the same concept in
    external thesauri (e.g. EIGE's), as SKOS exactMatch / closeMatch."""

    key = models.SlugField(_("key"), max_length=KEY_MAX, unique=True)
    broader = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader concepts"),
    )
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related concepts"))
    exact_matches = models.JSONField(_("same concept elsewhere (links)"), default=list, blank=True)
    close_matches = models.JSONField(_("close concept elsewhere (links)"), default=list, blank=True)

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class LabelKind(models.TextChoices):
    PREFERRED = "pref", _("Preferred")
    ALTERNATIVE = "alt", _("Alternative")
    OUTDATED = "hidden", _("Outdated")


class ConceptLabel(models.Model):
    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="labels", verbose_name=_("concept")
    )
    language = models.CharField(_("language"), max_length=8)
    kind = models.CharField(_("kind"), max_length=6, choices=LabelKind.choices)
    text = models.CharField(_("label"), max_length=200)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["concept", "language", "kind", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language"],
                condition=models.Q(kind="pref"),
                name="concept_one_preferred_label_per_language",
            ),
            models.UniqueConstraint(
                fields=["concept", "language", "text"], name="concept_label_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=LabelKind.values), name="concept_label_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"


class ConceptDefinition(models.Model):
    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="definitions", verbose_name=_("concept")
    )
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("definition"))

    class Meta:
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language"], name="concept_definition_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.concept} ({self.language})"


# --- events and trainings -----------------------------------------------------------------------


class EventKind(models.TextChoices):
    ANNUAL_WORKSHOP = "annual_workshop", _("Annual workshop")
    WEBINAR = "webinar", _("Webinar")
    STUDY_VISIT = "study_visit", _("Study visit")
    TRAINING_OF_TRAINERS = "training_of_trainers", _("Training of trainers")


class Event(models.Model):
    """A hub's event or training. `recurrence` is an iCalendar RRULE (e.g. FREQ=MONTHLY;COUNT=6)
    for a series such as monthly webinars; each occurrence lasts as long as the first."""

    hub = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="events", verbose_name=_("hub")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("A public venue, or “online”.")
    )
    recurrence = models.CharField(_("repeats (RRULE)"), max_length=200, blank=True)
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    tags = models.ManyToManyField(
        Concept, blank=True, related_name="events", verbose_name=_("tags")
    )
    uid = models.UUIDField(_("calendar id"), unique=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A member organisation's places at an event: a count, never a list of names, so that the
    app holds no person data. `attended` is filled in after the event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("organisation"),
    )
    participants = models.PositiveIntegerField(_("participants"))
    attended = models.PositiveIntegerField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="registration_one_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(participants__gte=1), name="registration_participants_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.organisation}"


class Material(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    link = models.URLField(_("link"))

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return self.title
