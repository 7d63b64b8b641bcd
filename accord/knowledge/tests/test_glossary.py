"""The shared glossary: SKOS round trip, consistency checks, public reading."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rdflib import Graph
from rdflib.compare import isomorphic

from accord.audit.context import Actor
from accord.knowledge.glossary import (
    GlossaryError,
    consistency_problems,
    export_turtle,
    glossary_import,
    read_skos,
    would_loop,
)
from accord.knowledge.models import Concept, ConceptLabel

pytestmark = pytest.mark.django_db

PREFIX = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix g: <https://accord.invalid/glossary/> .
"""

GLOSSARY = (
    PREFIX
    + """
g:violence a skos:Concept ;
    skos:prefLabel "gender-based violence"@en, "violencia de género"@es ;
    skos:altLabel "GBV"@en ;
    skos:definition "Violence directed at a person because of their gender."@en ;
    skos:exactMatch <https://eige.europa.eu/thesaurus/terms/1174> .
g:domestic-violence a skos:Concept ;
    skos:prefLabel "domestic violence"@en, "violenza domestica"@it ;
    skos:hiddenLabel "family violence"@en ;
    skos:broader g:violence ;
    skos:related g:perpetrator-programme .
g:perpetrator-programme a skos:Concept ;
    skos:prefLabel "perpetrator programme"@en ;
    skos:altLabel "batterer intervention programme"@en .
"""
)


def load(text: str) -> int:
    return glossary_import(actor=Actor.system(), concepts=read_skos(text))


def test_it_round_trips_skos() -> None:
    assert load(GLOSSARY) == 3
    exported = export_turtle()
    Concept.objects.all().delete()
    load(exported)
    again = export_turtle()
    assert isomorphic(Graph().parse(data=exported), Graph().parse(data=again))
    domestic = Concept.objects.get(key="domestic-violence")
    assert [c.key for c in domestic.broader.all()] == ["violence"]
    assert [c.key for c in domestic.related.all()] == ["perpetrator-programme"]
    assert ConceptLabel.objects.get(concept=domestic, kind="hidden").text == "family violence"
    assert Concept.objects.get(key="violence").exact_matches == [
        "https://eige.europa.eu/thesaurus/terms/1174"
    ]


def test_it_refuses_two_preferred_labels_in_one_language() -> None:
    text = PREFIX + 'g:a a skos:Concept ; skos:prefLabel "one"@en, "two"@en .'
    with pytest.raises(GlossaryError, match="2 preferred labels in en"):
        read_skos(text)


def test_it_refuses_a_loop_of_broader_concepts() -> None:
    text = (
        PREFIX
        + """
g:a a skos:Concept ; skos:prefLabel "a"@en ; skos:broader g:b .
g:b a skos:Concept ; skos:prefLabel "b"@en ; skos:broader g:c .
g:c a skos:Concept ; skos:prefLabel "c"@en ; skos:broader g:a .
"""
    )
    with pytest.raises(GlossaryError, match="loop: a → b → c → a"):
        read_skos(text)
    assert not Concept.objects.exists()


def test_the_check_finds_a_loop_made_in_the_admin() -> None:
    load(GLOSSARY)
    violence = Concept.objects.get(key="violence")
    domestic = Concept.objects.get(key="domestic-violence")
    assert would_loop(violence, domestic)
    assert consistency_problems() == []
    violence.broader.add(domestic)  # as the admin could
    assert consistency_problems()
    with pytest.raises(CommandError, match="loop"):
        call_command("glossary_check", stdout=io.StringIO())


def test_a_label_without_a_preferred_one_in_its_language_is_reported() -> None:
    load(GLOSSARY)
    concept = Concept.objects.get(key="perpetrator-programme")
    ConceptLabel.objects.create(concept=concept, language="sv", kind="alt", text="förövarprogram")
    assert consistency_problems() == [
        "perpetrator-programme has labels in sv but no preferred label"
    ]


def test_the_glossary_is_public_and_in_the_reader_s_language() -> None:
    load(GLOSSARY)
    page = Client().get(reverse("knowledge:glossary"), HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 200
    assert "violencia de género" in page.content.decode()
    found = Client().get(reverse("knowledge:glossary"), {"q": "batterer"})
    assert "perpetrator programme" in found.content.decode()
    assert "GBV" not in found.content.decode()
    skos = Client().get(reverse("knowledge:glossary_skos"))
    assert skos["Content-Type"].startswith("text/turtle")
    assert len(read_skos(skos.content.decode())) == 3


def test_the_commands_import_and_export(tmp_path) -> None:
    path = tmp_path / "glossary.ttl"
    path.write_text(GLOSSARY)
    call_command("glossary_import", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("glossary_export", stdout=out)
    assert "skos:prefLabel" in out.getvalue()
