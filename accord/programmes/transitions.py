"""The one table of enrolment status moves: the services refuse any other, and the pages and the
API offer exactly these (a plain table rather than a state-machine package: the services keep
their keyword-only signatures, locking and audit, and the table reads as the practice does)."""

from accord.programmes.models import EnrolmentStatus as S

TRANSITIONS: dict[S, frozenset[S]] = {
    S.REFERRED: frozenset({S.ASSESSED, S.DEFERRED, S.DROPPED_OUT, S.TRANSFERRED}),
    S.ASSESSED: frozenset(
        {S.WAITING, S.ON_PROGRAMME, S.DEFERRED, S.RETURNED_TO_COURT, S.DROPPED_OUT, S.TRANSFERRED}
    ),
    S.WAITING: frozenset({S.ON_PROGRAMME, S.DEFERRED, S.DROPPED_OUT, S.TRANSFERRED}),
    S.DEFERRED: frozenset({S.WAITING, S.ON_PROGRAMME, S.DROPPED_OUT}),
    S.ON_PROGRAMME: frozenset(
        {S.COMPLETED, S.DROPPED_OUT, S.EXCLUDED, S.TRANSFERRED, S.BREACH, S.DEFERRED}
    ),
    # A breach review ends with him back in the group, back before the court, or out.
    S.BREACH: frozenset({S.ON_PROGRAMME, S.RETURNED_TO_COURT, S.EXCLUDED, S.DROPPED_OUT}),
    S.COMPLETED: frozenset(),
    S.DROPPED_OUT: frozenset(),
    S.EXCLUDED: frozenset(),
    S.TRANSFERRED: frozenset(),
    S.RETURNED_TO_COURT: frozenset(),
}

# Only a mandated enrolment has a court to go back to or a breach to review.
MANDATED_ONLY = frozenset({S.BREACH, S.RETURNED_TO_COURT})

# An enrolment in one of these holds its place on the programme: a second one is a duplicate.
ENDED = frozenset(status for status, moves in TRANSITIONS.items() if not moves)

# Moves her side is told about at once (an inbox alert and a risk review on her case).
ALERTING = frozenset({S.DROPPED_OUT, S.EXCLUDED, S.BREACH, S.COMPLETED, S.TRANSFERRED})


def allowed_moves(status: str, *, mandated: bool) -> list[S]:
    """The statuses an enrolment may move to from `status`, in the table's order."""
    moves = TRANSITIONS[S(status)]
    return [s for s in S if s in moves and (mandated or s not in MANDATED_ONLY)]


def may_move(status: str, to: str, *, mandated: bool) -> bool:
    return to in S.values and S(to) in allowed_moves(status, mandated=mandated)
