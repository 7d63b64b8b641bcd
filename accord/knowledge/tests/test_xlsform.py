"""XLSForm: a survey's definition goes out and comes back the same, and pyxform builds an
ODK XForm from what Accord writes."""

import io

import pytest
from django.core.management import CommandError, call_command
from pyxform import create_survey_element_from_dict
from pyxform.xls2json import parse_file_to_json

from accord.knowledge.models import Survey
from accord.knowledge.tests.helpers import build_network, load_sample
from accord.knowledge.xlsform import read_xlsform, read_xlsform_bytes, xlsform_csv

pytestmark = pytest.mark.django_db


def test_a_survey_round_trips_through_xlsform(world, tmp_path) -> None:
    survey = load_sample(build_network(world))
    path = tmp_path / "form.csv"
    path.write_text(xlsform_csv(survey))
    xform = create_survey_element_from_dict(parse_file_to_json(str(path))).to_xml()
    assert "good-practice-2017" in xform
    back = read_xlsform(path)
    assert back.key == survey.key and back.title == survey.title
    stored = {q.key: (q.kind, [c.code for c in q.categories.all()]) for q in survey.questions.all()}
    for question in back.questions:
        kind, codes = stored[question.key]
        assert question.kind == kind
        if kind in {"single", "multiple"}:
            assert [c.code for c in question.categories] == codes
    assert [q.key for q in back.questions] == [q.key for q in survey.questions.order_by("position")]


def test_survey_import_defines_a_survey_from_an_xlsform(world, tmp_path) -> None:
    build_network(world)
    path = tmp_path / "form.csv"
    path.write_text(
        "survey,,,\n,type,name,label\n,select_one yn,offers,Offers?\n,date,when,When?\n"
        "choices,,,\n,list_name,name,label\n,yn,yes,Yes\n,yn,no,No\n"
        "settings,,,\n,form_title,form_id,\n,Offers,offers-2026,\n"
    )
    with pytest.raises(CommandError, match="“when”: the kind “date”"):
        call_command("survey_import", str(path), stdout=io.StringIO())
    path.write_text(path.read_text().replace(",date,when,When?\n", ""))
    call_command("survey_import", str(path), stdout=io.StringIO())
    survey = Survey.objects.get(key="offers-2026")
    assert [c.code for c in survey.questions.get().categories.all()] == ["yes", "no"]


def test_a_broken_xlsform_is_refused() -> None:
    from accord.knowledge.surveyfile import SurveyFileError

    with pytest.raises(SurveyFileError, match="XLSForm"):
        read_xlsform_bytes(b"survey,,\n,type,name\n,select_one missing,q\n", ".csv")
