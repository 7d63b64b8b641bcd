"""The shared glossary as SKOS (https://www.w3.org/TR/skos-reference/): consistency checks, and
import and export through rdflib.

A concept's URI is the glossary's base (settings.ACCORD_GLOSSARY_BASE) followed by its key;
external thesauri (e.g. EIGE's) are linked with skos:exactMatch and skos:closeMatch. A file is
checked whole before anything is saved: a concept with two preferred labels in one language, a
broader chain that loops back on itself, or a broader concept missing from the file refuses the
file, each problem named.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef

from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.knowledge.models import Concept, ConceptDefinition, ConceptLabel, LabelKind

LABEL_PREDICATES = {
    LabelKind.PREFERRED: SKOS.prefLabel,
    LabelKind.ALTERNATIVE: SKOS.altLabel,
    LabelKind.OUTDATED: SKOS.hiddenLabel,
}


class GlossaryError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def base() -> Namespace:
    return Namespace(settings.ACCORD_GLOSSARY_BASE)


def cycles(broader: dict[str, set[str]]) -> list[list[str]]:
    """Every loop in the broader relation, each as the keys along it (depth-first search)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(key: str, path: list[str]) -> None:
        state[key] = 1
        for parent in sorted(broader.get(key, ())):
            if state.get(parent) == 1:
                found.append(path[path.index(parent) :] + [parent])
            elif parent not in state:
                visit(parent, [*path, parent])
        state[key] = 2

    for key in sorted(broader):
        if key not in state:
            visit(key, [key])
    return found


def consistency_problems() -> list[str]:
    """What is wrong with the glossary as stored: loops in the hierarchy, and concepts with no
    preferred label in a language they have other labels in. (Two preferred labels in one
    language cannot be stored: a database constraint refuses them.)"""
    broader: dict[str, set[str]] = defaultdict(set)
    for key, parent in Concept.broader.through.objects.values_list(
        "from_concept__key", "to_concept__key"
    ):
        broader[key].add(parent)
    problems = [
        _("The broader concepts loop: %(path)s") % {"path": " → ".join(loop)}
        for loop in cycles(broader)
    ]
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, language, kind in ConceptLabel.objects.values_list("concept__key", "language", "kind"):
        kinds[(key, language)].add(kind)
    for (key, language), present in sorted(kinds.items()):
        if LabelKind.PREFERRED not in present:
            problems.append(
                _("%(key)s has labels in %(language)s but no preferred label")
                % {"key": key, "language": language}
            )
    return problems


def would_loop(concept: Concept, parent: Concept) -> bool:
    """Whether making `parent` broader than `concept` would close a loop."""
    broader: dict[str, set[str]] = defaultdict(set)
    for key, above in Concept.broader.through.objects.values_list(
        "from_concept__key", "to_concept__key"
    ):
        broader[key].add(above)
    broader[concept.key].add(parent.key)
    return bool(cycles(broader))


# --- export -------------------------------------------------------------------------------------


def export_graph() -> Graph:
    ns = base()
    graph = Graph()
    graph.bind("skos", SKOS)
    scheme = URIRef(str(ns))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    concepts = Concept.objects.prefetch_related("labels", "definitions", "broader", "related")
    for concept in concepts:
        uri = ns[concept.key]
        graph.add((uri, RDF.type, SKOS.Concept))
        graph.add((uri, SKOS.inScheme, scheme))
        for label in concept.labels.all():
            graph.add((uri, LABEL_PREDICATES[label.kind], Literal(label.text, lang=label.language)))
        for definition in concept.definitions.all():
            graph.add((uri, SKOS.definition, Literal(definition.text, lang=definition.language)))
        for parent in concept.broader.all():
            graph.add((uri, SKOS.broader, ns[parent.key]))
            graph.add((ns[parent.key], SKOS.narrower, uri))
        for other in concept.related.all():
            graph.add((uri, SKOS.related, ns[other.key]))
        for link in concept.exact_matches:
            graph.add((uri, SKOS.exactMatch, URIRef(link)))
        for link in concept.close_matches:
            graph.add((uri, SKOS.closeMatch, URIRef(link)))
    return graph


def export_turtle() -> str:
    return export_graph().serialize(format="turtle")


# --- import -------------------------------------------------------------------------------------


@dataclass
class FileConcept:
    key: str
    labels: list[tuple[str, str, str]] = field(default_factory=list)  # (language, kind, text)
    definitions: dict[str, str] = field(default_factory=dict)
    broader: set[str] = field(default_factory=set)
    related: set[str] = field(default_factory=set)
    exact: list[str] = field(default_factory=list)
    close: list[str] = field(default_factory=list)


def _key_of(uri: URIRef) -> str:
    text = str(uri)
    return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def read_skos(text: str, file_format: str = "turtle") -> list[FileConcept]:
    try:
        graph = Graph().parse(data=text, format=file_format)
    except Exception as error:  # rdflib raises parser-specific errors of many kinds
        raise GlossaryError([_("Not a valid SKOS file: %(error)s") % {"error": error}]) from error
    problems: list[str] = []
    concepts: dict[str, FileConcept] = {}
    for uri in sorted(graph.subjects(RDF.type, SKOS.Concept)):
        key = _key_of(uri)
        concept = concepts.setdefault(key, FileConcept(key=key))
        for kind, predicate in LABEL_PREDICATES.items():
            for literal in graph.objects(uri, predicate):
                concept.labels.append((literal.language or "en", kind, str(literal)))
        for literal in graph.objects(uri, SKOS.definition):
            concept.definitions[literal.language or "en"] = str(literal)
        concept.broader = {_key_of(parent) for parent in graph.objects(uri, SKOS.broader)}
        concept.broader |= {_key_of(s) for s in graph.subjects(SKOS.narrower, uri)}
        concept.related = {_key_of(other) for other in graph.objects(uri, SKOS.related)}
        concept.exact = sorted(str(link) for link in graph.objects(uri, SKOS.exactMatch))
        concept.close = sorted(str(link) for link in graph.objects(uri, SKOS.closeMatch))
    for key, concept in sorted(concepts.items()):
        preferred: dict[str, int] = defaultdict(int)
        for language, kind, _text in concept.labels:
            if kind == LabelKind.PREFERRED:
                preferred[language] += 1
        for language, count in sorted(preferred.items()):
            if count > 1:
                problems.append(
                    _("%(key)s has %(count)s preferred labels in %(language)s")
                    % {"key": key, "count": count, "language": language}
                )
        for other in sorted(concept.broader | concept.related):
            if other not in concepts:
                problems.append(
                    _("%(key)s links to %(other)s, which is not in the file")
                    % {"key": key, "other": other}
                )
    for loop in cycles({key: c.broader for key, c in concepts.items()}):
        problems.append(_("The broader concepts loop: %(path)s") % {"path": " → ".join(loop)})
    if problems:
        raise GlossaryError(problems)
    return list(concepts.values())


@transaction.atomic
def glossary_import(*, actor: Actor, concepts: list[FileConcept]) -> int:
    """Create or update every concept of the file: its labels, definitions and links are
    replaced by the file's. Returns the number of concepts."""
    stored = {concept.key: concept for concept in Concept.objects.all()}
    for item in concepts:
        concept = stored.get(item.key) or Concept(key=item.key)
        concept.exact_matches, concept.close_matches = item.exact, item.close
        concept.full_clean(validate_unique=False)
        concept.save()
        stored[item.key] = concept
        concept.labels.all().delete()
        ConceptLabel.objects.bulk_create(
            ConceptLabel(concept=concept, language=language, kind=kind, text=text)
            for language, kind, text in item.labels
        )
        concept.definitions.all().delete()
        ConceptDefinition.objects.bulk_create(
            ConceptDefinition(concept=concept, language=language, text=text)
            for language, text in item.definitions.items()
        )
    # skos:related is symmetric: a link stated on either side holds for both.
    related: dict[str, set[str]] = defaultdict(set)
    for item in concepts:
        for other in item.related:
            related[item.key].add(other)
            related[other].add(item.key)
    for item in concepts:
        concept = stored[item.key]
        concept.broader.set([stored[key] for key in item.broader])
        concept.related.set([stored[key] for key in related[item.key]])
    audit_event_record(
        actor=actor,
        action="knowledge.glossary_imported",
        object_type="knowledge.concept",
        reason=f"{len(concepts)} concepts",
    )
    return len(concepts)
