"""The `screen`, `plan`, `schema` and `bench` sub-commands: output shape and exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from medmassage.cli import main

VIGNETTES = Path(__file__).parent / "vignettes"
FINDING_KEYS = {"code", "kind", "scope", "regions", "action", "rationale", "sources"}
PLAN_KEYS = {
    "decision",
    "findings",
    "goals",
    "techniques",
    "excluded",
    "max_pressure",
    "measures",
    "home_care",
    "sessions_per_week",
    "weeks",
    "reassess_after_sessions",
    "referral",
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_screen_prints_decision_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "screen", str(VIGNETTES / "p3_apixaban_shoulder.json"))
    assert code == 0
    document = json.loads(out)
    assert document["decision"] == "modify"
    for finding in document["findings"]:
        assert finding.keys() >= FINDING_KEYS
        assert finding["kind"] in {"red_flag", "contraindication", "precaution", "scope", "consent"}
        assert finding["scope"] in {"systemic", "local"}
        assert finding["sources"]


def test_plan_prints_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "plan", str(VIGNETTES / "p7_with_clearance.json"))
    assert code == 0
    document = json.loads(out)
    assert document.keys() >= PLAN_KEYS
    for technique in document["techniques"]:
        assert {
            "technique",
            "regions",
            "max_pressure",
            "minutes",
            "rationale",
            "evidence",
        } <= technique.keys()
        assert all({"region", "side"} == set(ref) for ref in technique["regions"])
    for entry in document["excluded"]:
        assert {"technique", "regions", "reason", "finding"} <= entry.keys()
        assert entry["reason"] in {"contraindication", "precaution", "credential", "scope"}


def test_plan_with_practitioner_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "plan",
        str(VIGNETTES / "p5_lymphoedema.json"),
        "--practitioner",
        str(VIGNETTES / "p5_practitioner_lymphatic.json"),
    )
    assert code == 0
    assert "lymphatic_drainage" in {t["technique"] for t in json.loads(out)["techniques"]}


def test_dash_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO((VIGNETTES / "p4_fever.json").read_text()))
    code, out, _ = _run(capsys, "screen", "-")
    assert code == 0
    assert json.loads(out)["decision"] == "postpone"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"format": "medmassage.intake", "version": 1, "age": 40,'
            ' "complaints": [{"region": "nek"}]}',
            "complaints[0].region",
        ),
        (
            '{"format": "medmassage.intake", "version": 1, "age": 40,'
            ' "vitals": {"temperature_c": "hot"}}',
            "vitals.temperature_c",
        ),
        ('{"format": "medmassage.intake", "version": 2, "age": 40}', "version"),
        ("{not json", "not valid JSON"),
        ("[]", "expected object"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out, err = _run(capsys, "plan", "-")
    assert code == 2
    assert out == ""
    assert message in err


def test_unreadable_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "screen", str(tmp_path / "missing.json"))
    assert code == 2
    assert "missing.json" in err


def test_bad_practitioner_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    practitioner = tmp_path / "who.json"
    practitioner.write_text(
        '{"format": "medmassage.practitioner", "version": 1, "credentials": ["reiki"]}'
    )
    code, _, err = _run(
        capsys, "plan", str(VIGNETTES / "p1_neck_desk.json"), "--practitioner", str(practitioner)
    )
    assert code == 2
    assert "credentials[0]" in err


@pytest.mark.parametrize("document", ["intake", "practitioner"])
def test_schema_prints_a_draft_2020_12_schema(
    capsys: pytest.CaptureFixture[str], document: str
) -> None:
    code, out, _ = _run(capsys, "schema", document)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format"]["const"] == f"medmassage.{document}"


def test_bench_reports_rates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "bench", "--count", "200")
    assert code == 0
    report = json.loads(out)
    assert report["intakes"] == 200
    assert report["plan_per_s"] > 0
    assert report["knowledge_load_ms"] > 0
    assert sum(report["decisions"].values()) == 200
