"""Exports of the hub's tables for statistical offices: CSV, and SDMX-ML through the sdmx1
package. Only members' published figures and their confidentiality flags leave; a hidden
cell's value was never sent to the hub."""

import csv
import io

from django.db.models import QuerySet

from accord.network.models import IndicatorDefinition, Submission

DATAFLOW = "ACCORD_NETWORK_{slug}_V{version}"


def _rows(definition: IndicatorDefinition, submissions: QuerySet[Submission]):
    for submission in submissions:
        for cell in submission.cells:
            yield submission, cell


def csv_export(definition: IndicatorDefinition, submissions: QuerySet[Submission]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["member", "country", "period", *definition.dimensions, "value", "confidentiality"]
    )
    for submission, cell in _rows(definition, submissions):
        value = "" if cell["value"] is None else cell["value"]
        writer.writerow(
            [
                submission.member.slug,
                submission.member.country,
                submission.period,
                *cell["key"],
                value,
                cell["flag"],
            ]
        )
    return out.getvalue()


def sdmx_export(
    definition: IndicatorDefinition, submissions: QuerySet[Submission], *, sender: str
) -> bytes:
    """An SDMX-ML 2.1 structure-specific data message (written by the sdmx1 package): one
    observation per member, period and cell, with OBS_VALUE and CONF_STATUS (F free, C a
    small count, D hidden so that a small count cannot be worked out; a hidden observation has
    no value). Quarters are written 2026-Q3 and years 2026, as SDMX does."""
    import sdmx
    from sdmx.message import DataMessage, Header
    from sdmx.model import common
    from sdmx.model import v21 as model

    structure = model.DataStructureDefinition(
        id=DATAFLOW.format(
            slug=definition.slug.upper().replace("-", "_"), version=definition.version
        )
    )
    names = [
        "REF_AREA",
        "REPORTING_ORG",
        "TIME_PERIOD",
        *(n.upper() for n in definition.dimensions),
    ]
    for name in names:
        structure.dimensions.getdefault(name)
    measure = structure.measures.getdefault("OBS_VALUE")
    status = structure.attributes.getdefault("CONF_STATUS")
    dataset = model.StructureSpecificDataSet(structured_by=structure)
    for submission, cell in _rows(definition, submissions):
        values = [
            submission.member.country,
            submission.member.slug,
            submission.period,
            *cell["key"],
        ]
        dataset.obs.append(
            model.Observation(
                dimension=structure.make_key(common.Key, dict(zip(names, values, strict=True))),
                value=cell["value"],
                value_for=measure,
                attached_attribute={
                    "CONF_STATUS": common.AttributeValue(
                        value=cell["flag"] or "F", value_for=status
                    )
                },
            )
        )
    message = DataMessage(header=Header(sender=common.Agency(id=sender)), data=[dataset])
    return sdmx.to_xml(message, pretty_print=True)
