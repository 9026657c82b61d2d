"""CSV import and export (format: docs/curriculum-csv.md)."""

from pathlib import Path

import pytest
from django.utils import translation

from leerweg.curriculum.csv_format import COLUMNS, MAX_BYTES, MAX_ROWS, read_table
from leerweg.curriculum.models import CurriculumGoal, LearningDomain, LearningLine
from leerweg.curriculum.services import curriculum_export, curriculum_import
from leerweg.curriculum.tests.factories import CurriculumGoalFactory
from leerweg.schools.models import School
from leerweg.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
DEMO_DATA = Path(__file__).resolve().parents[2] / "demo" / "data"


def csv_bytes(*rows: str, header: str = HEADER, separator: str = ",") -> bytes:
    lines = [header, *rows]
    return ("\r\n".join(line.replace(",", separator) for line in lines) + "\r\n").encode()


ROWS = (
    "ned,Nederlands,lezen,Lezen,ned-1,Leest een tekst,,VO,1,2,qualification,",
    "ned,Nederlands,lezen,Lezen,ned-2,Vat een tekst samen,Met eigen woorden,VO,2,3,"
    "qualification,ned-1",
    "ned,Nederlands,spreken,Spreken,ned-3,Houdt een presentatie,,VO,1,3,socialisation,ned-1|ned-2",
    "bur,Burgerschap,democratie,Democratie,bur-1,Vormt een mening,,VO,3,4,personal_formation,",
)


@pytest.fixture
def school() -> School:
    return SchoolFactory.create(sector="VO")


def test_import_creates_domains_lines_goals_and_prerequisites(school):
    result = curriculum_import(school=school, data=csv_bytes(*ROWS))
    assert result.succeeded
    assert (result.domains_created, result.lines_created, result.goals_created) == (2, 3, 4)
    assert list(LearningDomain.objects.filter(school=school).values_list("code", flat=True)) == [
        "ned",
        "bur",
    ]
    goal = CurriculumGoal.objects.get(code="ned-3")
    assert goal.line.name == "Spreken" and goal.aim == "socialisation"
    assert sorted(goal.prerequisites.values_list("code", flat=True)) == ["ned-1", "ned-2"]
    assert CurriculumGoal.objects.get(code="ned-2").description == "Met eigen woorden"


def test_semicolons_a_bom_and_dutch_aim_words_as_dutch_excel_writes(school):
    rows = [row.replace("qualification", "Kwalificatie") for row in ROWS[:2]]
    rows.append("ned,Nederlands,lezen,Lezen,ned-9,Leest graag,,VO,1,2,persoonsvorming,")
    rows.append("ned,Nederlands,lezen,Lezen,ned-10,Praat mee,,vo,1,2,socialisatie,")
    data = "\ufeff".encode() + csv_bytes(*rows, separator=";")
    result = curriculum_import(school=school, data=data)
    assert result.succeeded, result.problems
    aims = dict(CurriculumGoal.objects.values_list("code", "aim"))
    assert aims == {
        "ned-1": "qualification",
        "ned-2": "qualification",
        "ned-9": "personal_formation",
        "ned-10": "socialisation",
    }


def test_commas_inside_quoted_cells_of_a_semicolon_file(school):
    header = HEADER.replace(",", ";")
    row = 'ned;Nederlands;lezen;Lezen;ned-1;"Leest, begrijpt; en vat samen";;VO;1;2;qualification;'
    result = curriculum_import(school=school, data=f"{header}\n{row}\n".encode())
    assert result.succeeded, result.problems
    assert CurriculumGoal.objects.get().title == "Leest, begrijpt; en vat samen"


def test_problems_name_row_and_column_and_nothing_is_stored(school):
    rows = (
        ROWS[0],
        "ned,Nederlands,lezen,Lezen,ned-2,,,VO,1,2,qualification,",  # no title
        "ned,Nederlands,lezen,Lezen,ned 3,Titel,,HBO,1,x,wijsheid,",  # four problems
        "ned,Nederlands,lezen,Lezen,ned-4,Titel,,VO,4,2,qualification,",  # years reversed
        "ned,Nederlands,lezen,Lezen,ned-1,Dubbel,,VO,1,2,qualification,nergens",
    )
    with translation.override("en"):
        result = curriculum_import(school=school, data=csv_bytes(*rows))
    assert not result.succeeded
    where = [(p.row, p.column) for p in result.problems]
    assert where == [
        (3, "goal"),
        (4, "goal_code"),
        (4, "sector"),
        (4, "year_to"),
        (4, "aim"),
        (5, "year_to"),
        (6, "goal_code"),
        (6, "prerequisites"),
    ]
    messages = {(p.row, p.column): p.message for p in result.problems}
    assert messages[(3, "goal")] == "This cell is empty."
    assert messages[(4, "sector")] == "Use PO, VO or MBO."
    assert "kwalificatie" in messages[(4, "aim")]
    assert "Row 2" in messages[(6, "goal_code")]
    assert "nergens" in messages[(6, "prerequisites")]
    assert not LearningDomain.objects.exists()
    assert not CurriculumGoal.objects.exists()


def test_problems_are_in_dutch_for_dutch_users(school):
    with translation.override("nl"):
        result = curriculum_import(school=school, data=csv_bytes(ROWS[0][:-3]))
    assert result.problems  # the Dutch text depends on the catalogue; the row must be there
    assert result.problems[0].row == 2


def test_one_bad_row_stops_the_whole_import_also_of_good_rows(school):
    bad = ROWS[3].replace("personal_formation", "onbekend")
    result = curriculum_import(school=school, data=csv_bytes(*ROWS[:3], bad))
    assert [(p.row, p.column) for p in result.problems] == [(5, "aim")]
    assert not CurriculumGoal.objects.exists()


def test_a_circle_of_prerequisites_in_the_file_is_refused(school):
    rows = (
        "ned,Nederlands,lezen,Lezen,a,A,,VO,1,2,qualification,c",
        "ned,Nederlands,lezen,Lezen,b,B,,VO,1,2,qualification,a",
        "ned,Nederlands,lezen,Lezen,c,C,,VO,1,2,qualification,b",
    )
    result = curriculum_import(school=school, data=csv_bytes(*rows))
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.row, problem.column) == (2, "prerequisites")
    assert "a → c → b → a" in problem.message


def test_a_circle_through_goals_already_there_is_refused(school):
    curriculum_import(school=school, data=csv_bytes(*ROWS))
    changed = ROWS[0].removesuffix(",") + ",ned-3"
    result = curriculum_import(school=school, data=csv_bytes(changed))
    assert [p.column for p in result.problems] == ["prerequisites"]
    assert not CurriculumGoal.objects.get(code="ned-1").prerequisites.exists()


def test_prerequisites_may_name_goals_already_in_the_curriculum(school):
    curriculum_import(school=school, data=csv_bytes(*ROWS))
    row = "ned,Nederlands,lezen,Lezen,ned-5,Verder,,VO,3,4,qualification,bur-1"
    result = curriculum_import(school=school, data=csv_bytes(row))
    assert result.succeeded and result.goals_created == 1


def test_a_goal_requiring_itself_is_refused(school):
    row = "ned,Nederlands,lezen,Lezen,a,A,,VO,1,2,qualification,a"
    result = curriculum_import(school=school, data=csv_bytes(row))
    assert [(p.row, p.column) for p in result.problems] == [(2, "prerequisites")]


def test_prerequisites_of_another_school_are_unknown_codes(school):
    CurriculumGoalFactory.create(code="elders")
    row = "ned,Nederlands,lezen,Lezen,a,A,,VO,1,2,qualification,elders"
    result = curriculum_import(school=school, data=csv_bytes(row))
    assert [(p.row, p.column) for p in result.problems] == [(2, "prerequisites")]


def test_one_code_with_two_names_is_a_problem(school):
    rows = (ROWS[0], ROWS[1].replace("Nederlands", "Taal"))
    result = curriculum_import(school=school, data=csv_bytes(*rows))
    assert [(p.row, p.column) for p in result.problems] == [(3, "domain")]


def test_import_updates_by_code_and_counts(school):
    curriculum_import(school=school, data=csv_bytes(*ROWS))
    changed = ROWS[1].replace("Vat een tekst samen", "Vat een lange tekst samen")
    moved = ROWS[3].replace("democratie,Democratie", "participatie,Participatie")
    unlinked = ROWS[2].removesuffix("ned-1|ned-2") + "ned-1"
    new = "ned,Nederlands,lezen,Lezen,ned-7,Nieuw doel,,VO,1,1,qualification,"
    result = curriculum_import(
        school=school, data=csv_bytes(ROWS[0], changed, unlinked, moved, new)
    )
    assert result.succeeded, result.problems
    assert (result.goals_created, result.goals_updated, result.goals_unchanged) == (1, 3, 1)
    assert (result.domains_created, result.lines_created) == (0, 1)
    assert CurriculumGoal.objects.get(code="ned-2").title == "Vat een lange tekst samen"
    assert CurriculumGoal.objects.get(code="bur-1").line.code == "participatie"
    assert list(
        CurriculumGoal.objects.get(code="ned-3").prerequisites.values_list("code", flat=True)
    ) == ["ned-1"]
    assert LearningLine.objects.filter(code="democratie").exists()  # import never deletes


def test_export_then_import_changes_nothing(school):
    curriculum_import(school=school, data=csv_bytes(*ROWS))
    exported = curriculum_export(school=school)
    result = curriculum_import(school=school, data=exported.encode())
    assert result.succeeded, result.problems
    assert (result.goals_created, result.goals_updated, result.goals_unchanged) == (0, 0, 4)
    assert curriculum_export(school=school) == exported


def test_export_round_trips_into_another_school_also_with_semicolons(school):
    curriculum_import(school=school, data=csv_bytes(*ROWS))
    exported = curriculum_export(school=school, delimiter=";")
    assert exported.startswith("\ufeff" + HEADER.replace(",", ";"))
    other = SchoolFactory.create(sector="VO")
    result = curriculum_import(school=other, data=exported.encode())
    assert result.succeeded and result.goals_created == 4
    assert curriculum_export(school=other) == curriculum_export(school=school)


def test_the_demo_curricula_round_trip(school):
    for sector in ("po", "vo", "mbo"):
        target = SchoolFactory.create(sector=sector.upper())
        first = curriculum_import(
            school=target, data=(DEMO_DATA / f"curriculum-{sector}.csv").read_bytes()
        )
        assert first.succeeded, first.problems
        again = curriculum_import(school=target, data=curriculum_export(school=target).encode())
        assert again.goals_unchanged == first.goals_created and not again.goals_updated


def test_cells_that_look_like_formulas_are_escaped_and_come_back(school):
    row = 'ned,Nederlands,lezen,Lezen,ned-1,"=HYPERLINK(""x"")",-min of meer,VO,1,2,qualification,'
    curriculum_import(school=school, data=csv_bytes(row))
    exported = curriculum_export(school=school)
    assert "'=HYPERLINK" in exported and "'-min of meer" in exported
    result = curriculum_import(school=school, data=exported.encode())
    assert result.goals_unchanged == 1
    assert CurriculumGoal.objects.get().title == '=HYPERLINK("x")'


def test_a_file_over_2_mb_is_refused_before_reading(school):
    data = csv_bytes(ROWS[0]) + b" " * MAX_BYTES
    with translation.override("en"):
        result = curriculum_import(school=school, data=data)
    assert [(p.row, p.message) for p in result.problems] == [
        (0, "The file is larger than 2 MB. Split it into smaller files.")
    ]


def test_more_than_5000_rows_are_refused(school):
    rows = [
        f"ned,Nederlands,lezen,Lezen,ned-{n},Doel {n},,VO,1,2,qualification,"
        for n in range(MAX_ROWS + 1)
    ]
    result = curriculum_import(school=school, data=csv_bytes(*rows))
    assert len(result.problems) == 1 and "5000" in result.problems[0].message
    assert not CurriculumGoal.objects.exists()


def test_5000_rows_import_in_one_go(school):
    rows = [
        f"ned,Nederlands,lezen-{n % 50},Lezen {n % 50},ned-{n},Doel {n},,VO,1,2,qualification,"
        + (f"ned-{n - 50}" if n >= 50 else "")
        for n in range(MAX_ROWS)
    ]
    result = curriculum_import(school=school, data=csv_bytes(*rows))
    assert result.succeeded and result.goals_created == MAX_ROWS


def test_not_utf8_is_explained(school):
    data = csv_bytes(ROWS[0].replace("Leest", "Lëest")).decode().encode("cp1252")
    with translation.override("en"):
        result = curriculum_import(school=school, data=data)
    assert "UTF-8" in result.problems[0].message


def test_missing_and_unknown_columns_are_named(school):
    header = HEADER.replace("aim", "doel").replace(",prerequisites", "")
    with translation.override("en"):
        result = curriculum_import(school=school, data=csv_bytes(header=header))
    message = result.problems[0].message
    assert "lacks the column aim" in message and "doel" in message


def test_empty_rows_are_skipped_but_keep_their_number(school):
    data = csv_bytes(ROWS[0], ",,,,,,,,,,,", ROWS[1].replace("VO", "XX"))
    result = curriculum_import(school=school, data=data)
    assert [(p.row, p.column) for p in result.problems] == [(4, "sector")]


def test_optional_columns_may_be_left_out():
    header = HEADER.replace(",description", "").replace(",prerequisites", "")
    table = read_table(csv_bytes("ned,N,l,L,g,G,VO,1,1,qualification", header=header))
    assert table.rows[0].cells["description"] == ""
    assert table.rows[0].cells["prerequisites"] == ""


def test_the_example_in_the_docs_imports(school):
    doc = (DEMO_DATA.parents[2] / "docs" / "curriculum-csv.md").read_text(encoding="utf-8")
    example = doc.split("Example / voorbeeld", 1)[1].split("```", 2)[1].strip()
    result = curriculum_import(school=school, data=example.encode())
    assert result.succeeded, result.problems
    assert result.goals_created == 3
    assert CurriculumGoal.objects.get(code="vo-bur-dem-3").aim == "personal_formation"
