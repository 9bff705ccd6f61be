"""The knowledge base: coverage of FACTS.md, a source on every rule, loud failures on bad files."""

from __future__ import annotations

import importlib
import shutil
import warnings
from pathlib import Path

import pytest

from medmassage.clinical.knowledge import KNOWLEDGE_DIR, KnowledgeError, knowledge, load_knowledge
from medmassage.clinical.vocabulary import REGIONS, TECHNIQUES

KB = knowledge()

# One rule per row of FACTS.md section 3 (some rows need more than one rule).
FACTS_SECTION_3 = {
    "suspected deep vein thrombosis": ["dvt.suspected"],
    "fever, acute systemic infection": ["fever", "infection.acute_systemic"],
    "under the influence": ["intoxication"],
    "blood pressure very high": ["blood_pressure.very_high"],
    "anticoagulants, antiplatelets in combination, bleeding disorders, low platelets": [
        "bleeding_risk.anticoagulant",
        "bleeding_risk.antiplatelet_combination",
        "bleeding_risk.bleeding_disorder",
        "bleeding_risk.low_platelets",
    ],
    "long-term oral corticosteroids": ["corticosteroids.long_term"],
    "osteoporosis (severe), bone metastases": ["osteoporosis.severe", "cancer.bone_metastases"],
    "cancer": [
        "cancer.active_treatment",
        "cancer.history",
        "cancer.tumour_site",
        "cancer.radiation_field",
    ],
    "lymphoedema, lymph nodes removed": ["lymphoedema.limb"],
    "manual lymphatic drainage specifically": [
        "mld.infection",
        "mld.dvt",
        "mld.heart_failure",
        "mld.kidney_failure",
    ],
    "pregnancy": ["pregnancy", "pregnancy.legs", "pregnancy.positioning"],
    "recent surgery": ["surgery.recent"],
    "recent fracture, acute sprain or strain": ["fracture.recent", "injury.acute"],
    "open wounds, burns, local infection, contagious skin": ["skin.local_lesion"],
    "varicose veins": ["varicose_veins", "varicose_veins.severe"],
    "peripheral neuropathy": ["neuropathy.peripheral"],
    "rheumatoid arthritis of the neck": ["rheumatoid_arthritis.neck"],
    "fibromyalgia": ["fibromyalgia"],
    "minor client": ["consent.guardian"],
}
FACTS_SECTION_4 = {
    "red_flag.cauda_equina": "refer_emergency",
    "red_flag.back_age_new_pain": "refer_urgent",
    "red_flag.back_cancer_history": "refer_urgent",
    "red_flag.back_systemic": "refer_urgent",
    "red_flag.back_fever": "refer_urgent",
    "red_flag.back_infection_risk": "refer_urgent",
    "red_flag.back_osteoporotic_trauma": "refer_urgent",
    "red_flag.cervical_arterial_dysfunction": "refer_emergency",
    "red_flag.cervical_myelopathy": "refer_urgent",
    "red_flag.headache_emergency": "refer_emergency",
    "red_flag.headache_fever": "refer_emergency",
    "red_flag.headache_new_after_65": "refer_urgent",
    "red_flag.giant_cell_arteritis": "refer_urgent",
    "red_flag.headache_warning_signs": "refer_urgent",
    "red_flag.headache_cancer_history": "refer_urgent",
    "red_flag.headache_pregnancy": "refer_urgent",
    "red_flag.suicide_risk": "refer_emergency",
    "red_flag.neck_trauma": "refer_urgent",
    "red_flag.back_trauma": "refer_urgent",
    "red_flag.acute_coronary_syndrome": "refer_emergency",
    "red_flag.stroke": "refer_emergency",
    "red_flag.meningitis": "refer_emergency",
    "red_flag.pulmonary_embolism": "refer_emergency",
}
FACTS_CONDITIONS = {
    "low_back_pain": {"M54.50", "M54.59"},
    "neck_pain": {"M54.2"},
    "sciatica": {"M54.30", "M54.31", "M54.32"},
    "fibromyalgia": {"M79.7"},
    "tmj_disorder": {"M26.601", "M26.609"},
    "tension_type_headache": {"G44.209", "G44.219", "G44.229"},
    "shoulder_pain": set(),
    "lymphoedema": set(),
    "anxiety_stress": set(),
}
FACTS_EVIDENCE_SOURCES = {
    "furlan2015",
    "ahrq2020",
    "gross2024",
    "vandendolder2014",
    "li2014",
    "huang2013",
    "moyer2004",
    "demelo2020",
}


def test_loads_once() -> None:
    assert knowledge() is KB


def test_every_contract_technique_is_described_with_a_cpt_code() -> None:
    assert set(TECHNIQUES) <= set(KB.techniques)
    assert KB.techniques["swedish"].cpt == "97124"
    for technique in ("myofascial_release", "lymphatic_drainage", "joint_mobilization"):
        assert KB.techniques[technique].cpt == "97140"
    for technique in ("lymphatic_drainage", "joint_mobilization"):
        assert not KB.techniques[technique].cpt_policy
    # Myofascial release is billed with 97140 by common practice, not by the AMA descriptor.
    assert KB.techniques["myofascial_release"].cpt_policy
    for technique in KB.techniques.values():
        assert technique.sources
        if technique.cpt_policy:
            assert "policy" in technique.sources


def test_default_credentials_follow_the_scope_table() -> None:
    needing = {key for key, technique in KB.techniques.items() if technique.credential}
    assert needing == {"lymphatic_drainage", "craniosacral", "joint_mobilization", "intraoral_jaw"}


@pytest.mark.parametrize("row", sorted(FACTS_SECTION_3))
def test_every_contraindication_row_has_rules(row: str) -> None:
    codes = {rule.code for rule in KB.rules}
    assert set(FACTS_SECTION_3[row]) <= codes


def test_red_flags_cover_section_4_with_the_stated_urgency_and_are_never_overridable() -> None:
    rules = {rule.code: rule for rule in KB.rules}
    for code, urgency in FACTS_SECTION_4.items():
        assert rules[code].restriction.decision.value == urgency
    for rule in KB.rules:
        if rule.kind == "red_flag":
            assert not rule.overridable
            assert rule.refer_to


def test_every_rule_evidence_row_and_medication_class_names_a_source() -> None:
    for rule in KB.rules:
        assert rule.sources, rule.code
        assert rule.rationale, rule.code
        if rule.policy:
            assert "policy" in rule.sources, rule.code
    for row in KB.evidence:
        assert row.sources
    for medication_class in KB.medication_classes.values():
        assert medication_class.sources


def test_facts_conditions_and_codes_are_covered() -> None:
    for condition, codes in FACTS_CONDITIONS.items():
        assert codes <= set(KB.conditions[condition].icd10), condition
    assert "M54.5" not in KB.icd_index or KB.icd_index["M54.5"] == "low_back_pain"
    assert all("M72.6" not in condition.icd10 for condition in KB.conditions.values())


def test_every_icd_code_is_a_billable_icd10cm_code() -> None:
    with warnings.catch_warnings():
        # simple-icd-10-cm 1.5 loads its table with a deprecated importlib.resources call.
        warnings.simplefilter("ignore", DeprecationWarning)
        icd = importlib.import_module("simple_icd_10_cm")
    for condition in KB.conditions.values():
        for code in condition.icd10:
            assert icd.is_valid_item(code), code
            assert icd.is_leaf(code), code


def test_every_facts_review_is_an_evidence_row() -> None:
    cited = {source for row in KB.evidence for source in row.sources}
    assert cited >= FACTS_EVIDENCE_SOURCES


def test_evidence_rows_name_a_technique_or_massage_in_general() -> None:
    for row in KB.evidence:
        assert row.technique == "massage" or row.technique in KB.techniques


def test_medication_classes_know_common_names() -> None:
    for name in (
        "warfarin",
        "apixaban",
        "eliquis",
        "rivaroxaban",
        "xarelto",
        "dabigatran",
        "pradaxa",
        "edoxaban",
        "heparin",
        "enoxaparin",
    ):
        assert "anticoagulant" in KB.drug_index[name]
    for name in ("aspirin", "clopidogrel"):
        assert "antiplatelet" in KB.drug_index[name]
    for name in ("prednisone", "prednisolone", "dexamethasone"):
        assert "oral_corticosteroid" in KB.drug_index[name]


def test_home_care_covers_every_region_with_a_dose() -> None:
    covered = {region for exercise in KB.exercises.values() for region in exercise.regions}
    assert covered == set(REGIONS)
    for exercise in KB.exercises.values():
        assert exercise.dose
        assert exercise.instructions


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "contraindications.toml",
            'sources = ["nccih_massage"]\n',
            'sources = ["nowhere"]\n',
            "contraindications.toml: rules[bleeding_risk.anticoagulant].sources",
        ),
        (
            "contraindications.toml",
            'trigger = "substance_use"',
            'trigger = "moon_phase"',
            "rules[intoxication].trigger",
        ),
        (
            "contraindications.toml",
            'max_pressure = "medium"',
            'max_pressure = "gentle"',
            "rules[bleeding_risk.anticoagulant].max_pressure",
        ),
        (
            "red_flags.toml",
            'questions = ["suicidal_thoughts", "self_harm"]',
            'questions = ["suicidal"]',
            "red_flags.toml: rules[red_flag.suicide_risk].params",
        ),
        (
            "red_flags.toml",
            'decision = "refer_emergency"\nrefer_to = "crisis services"',
            'decision = "modify"\nrefer_to = "crisis services"',
            "rules[red_flag.suicide_risk].decision",
        ),
        (
            "conditions.toml",
            'icd10 = ["M54.2"]',
            'icd10 = ["neck"]',
            "conditions.toml: conditions.neck_pain.icd10",
        ),
        (
            "evidence.toml",
            'certainty = "moderate"',
            'certainty = "strong"',
            "evidence.toml: evidence[5].certainty",
        ),
        (
            "techniques.toml",
            "[techniques.reflexology]",
            "[techniques.reflexion]",
            "techniques.toml: techniques.reflexology: missing",
        ),
        (
            "home_care.toml",
            'blocked_by = "deep_tissue"',
            'blocked_by = "rolling"',
            "home_care.toml: exercises.foam_roll_outer_thigh.blocked_by",
        ),
        ("sources.toml", "[policy]", "[policy", "sources.toml"),
    ],
)
def test_a_broken_file_fails_naming_file_and_entry(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    directory = _copy(tmp_path)
    path = directory / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    assert expected in str(caught.value)


def test_a_policy_rule_must_cite_policy(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "contraindications.toml"
    path.write_text(
        path.read_text().replace(
            'policy = true\nsources = ["policy"]', 'policy = true\nsources = ["werner1998"]', 1
        )
    )
    with pytest.raises(KnowledgeError, match="must cite 'policy'"):
        load_knowledge(directory)


def test_a_missing_file_fails_naming_it(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "evidence.toml").unlink()
    with pytest.raises(KnowledgeError, match=r"^evidence\.toml"):
        load_knowledge(directory)
