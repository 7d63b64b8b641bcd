"""The audit log as CSV, streamed row by row so that an export of any size runs in constant
memory."""

import csv
from collections.abc import Iterator

from django.db.models import QuerySet

from accord.audit.models import AuditEvent

CHUNK_SIZE = 2000

# Column names are a file format rather than screen text: they stay the same in every language
# so that the DPO's spreadsheets and scripts keep working.
HEADER = [
    "seq",
    "time",
    "actor",
    "acting organisation id",
    "acting team id",
    "action",
    "object type",
    "object id",
    "client address",
    "reason",
]

# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"); user
# names, record ids and reasons are typed by people, so they are defused with a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def audit_csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (names with accents).
    yield "\ufeff" + writer.writerow(HEADER)
    for event in events.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(
            [
                event.seq,
                event.at.isoformat(),
                _text(event.actor_label),
                event.acting_organisation_id,
                event.acting_team_id,
                _text(event.action),
                _text(event.object_type),
                _text(event.object_id),
                event.client_address,
                _text(event.reason),
            ]
        )
