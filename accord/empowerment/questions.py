"""The socio-economic profile as a method (WE GO!): one standard question set, asked the same
way at entry, at exit and at follow-ups, so that change can be seen per woman and counted across
women — and reported to national statistics in one shape. Data, not a free form: a question or
an answer is added here, with its translation, never typed in by a worker."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    text: str | Promise
    answers: tuple[tuple[str, str | Promise], ...]

    def label(self, value: str) -> str:
        return str(dict(self.answers).get(value, "—"))


NOT_STATED = ("not_stated", _("She prefers not to say"))
YES_NO = (("yes", _("Yes")), ("no", _("No")), NOT_STATED)

QUESTIONS: tuple[Question, ...] = (
    Question(
        "employment",
        _("Work"),
        (
            ("employed", _("In paid work (employed)")),
            ("self_employed", _("Self-employed")),
            ("unemployed", _("Unemployed, looking for work")),
            ("inactive", _("Not looking for work (care, illness, other)")),
            ("studying", _("In education or training")),
            NOT_STATED,
        ),
    ),
    Question(
        "income_band",
        _("Her own monthly income"),
        (
            ("none", _("No income of her own")),
            ("low", _("Below the poverty line")),
            ("middle", _("Up to the median income")),
            ("high", _("Above the median income")),
            NOT_STATED,
        ),
    ),
    Question(
        "income_source",
        _("Main source of her income"),
        (
            ("work", _("Work")),
            ("benefits", _("Benefits or allowances")),
            ("maintenance", _("Maintenance from a former partner")),
            ("family", _("Family or friends")),
            ("none", _("None")),
            NOT_STATED,
        ),
    ),
    Question("own_bank_account", _("A bank account in her own name"), YES_NO),
    Question(
        "housing",
        _("Housing"),
        (
            ("own", _("Her own home (owned or rented in her name)")),
            ("shared", _("Shared with the partner who uses violence")),
            ("family", _("With family or friends")),
            ("shelter", _("Shelter or temporary safe housing")),
            ("homeless", _("No stable housing")),
            NOT_STATED,
        ),
    ),
    Question(
        "childcare_needs",
        _("Childcare needs"),
        (
            ("none", _("No children in her care, or no need")),
            ("met", _("Needs childcare, and has it")),
            ("unmet", _("Needs childcare, and has none")),
            NOT_STATED,
        ),
    ),
    Question(
        "education",
        _("Highest education completed"),
        (
            ("primary", _("Primary or less")),
            ("secondary", _("Secondary")),
            ("vocational", _("Vocational")),
            ("tertiary", _("University")),
            NOT_STATED,
        ),
    ),
    Question(
        "debts",
        _("Debts"),
        (
            ("none", _("No debts")),
            ("own", _("Debts of her own")),
            ("coerced", _("Debts made in her name by the partner")),
            NOT_STATED,
        ),
    ),
    Question("economic_violence", _("Economic violence experienced"), YES_NO),
)

BY_KEY = {question.key: question for question in QUESTIONS}
