"""The intake's medical history: conditions, surgeries, injuries, cancer, skin, veins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from medmassage.clinical.body import RegionRef
from medmassage.clinical.schema_check import SchemaError, join
from medmassage.clinical.vocabulary import Side


@dataclass(frozen=True)
class DatedSite:
    """A surgery, fracture or acute injury: where, when, and whether healed."""

    ref: RegionRef
    date: dt.date
    healed: bool | None = None
    kind: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class RadiationField:
    ref: RegionRef
    ended: dt.date | None = None


@dataclass(frozen=True)
class Cancer:
    status: str
    site: str | None = None
    treatment_ended: dt.date | None = None
    tumour_sites: tuple[RegionRef, ...] = ()
    radiation_fields: tuple[RadiationField, ...] = ()
    bone_metastases: tuple[RegionRef, ...] = ()
    stated: bool = True  # False: reported in free text, status not yet recorded


@dataclass(frozen=True)
class Limb:
    limb: str
    side: Side


@dataclass(frozen=True)
class LocalFinding:
    """A region with a kind or severity: varicose veins, skin lesions."""

    ref: RegionRef
    detail: str


@dataclass(frozen=True)
class History:
    """Everything the screening reads from the history section; absent means not reported."""

    cancer: tuple[Cancer, ...] = ()
    surgeries: tuple[DatedSite, ...] = ()
    fractures: tuple[DatedSite, ...] = ()
    acute_injuries: tuple[DatedSite, ...] = ()
    lymph_node_removal: tuple[Limb, ...] = ()
    lymphoedema: tuple[Limb, ...] = ()
    osteoporosis: str | None = None
    diabetes: bool = False
    diabetic_neuropathy: bool | None = False  # None: diabetes given without the detail
    peripheral_neuropathy: tuple[RegionRef, ...] = ()
    heart_failure: str | None = None
    kidney_disease: str | None = None
    rheumatoid_arthritis: bool = False
    ra_neck: bool | None = False  # None: rheumatoid arthritis given without the detail
    bleeding_disorder: bool = False
    low_platelets: bool = False
    dvt_history: bool = False
    fibromyalgia: bool = False
    acute_infection: bool = False
    immunosuppressed: bool = False
    iv_drug_use: bool = False
    varicose_veins: tuple[LocalFinding, ...] = ()
    skin: tuple[LocalFinding, ...] = ()
    other: tuple[str, ...] = ()

    def flag(self, name: str) -> bool:
        """A yes/no history item by name (cancer: any cancer history)."""
        if name == "cancer":
            return bool(self.cancer)
        value = getattr(self, name)
        assert isinstance(value, bool), name
        return value

    @property
    def has_ra_neck(self) -> bool:
        """Rheumatoid arthritis involving the neck, or with neck involvement not stated."""
        return self.rheumatoid_arthritis and self.ra_neck is not False

    @property
    def has_diabetic_neuropathy(self) -> bool:
        """Diabetic neuropathy, or diabetes with neuropathy not stated."""
        return self.diabetes and self.diabetic_neuropathy is not False


def parse_ref(data: dict[str, Any]) -> RegionRef:
    """A `{region, side}` object (side defaults to both)."""
    return RegionRef(data["region"], Side(data.get("side", "both")))


def _dated(items: list[dict[str, Any]], path: str, visit: dt.date) -> tuple[DatedSite, ...]:
    sites = []
    for index, item in enumerate(items):
        date = dt.date.fromisoformat(item["date"])
        if date > visit:
            raise SchemaError(join(join(path, index), "date"), "is after the visit date")
        sites.append(
            DatedSite(
                parse_ref(item), date, item.get("healed"), item.get("kind"), item.get("description")
            )
        )
    return tuple(sites)


def _cancer(data: dict[str, Any]) -> Cancer:
    ended = data.get("treatment_ended")
    return Cancer(
        status=data["status"],
        site=data.get("site"),
        treatment_ended=None if ended is None else dt.date.fromisoformat(ended),
        tumour_sites=tuple(parse_ref(item) for item in data.get("tumour_sites", ())),
        radiation_fields=tuple(
            RadiationField(
                parse_ref(item),
                None if "ended" not in item else dt.date.fromisoformat(item["ended"]),
            )
            for item in data.get("radiation_fields", ())
        ),
        bone_metastases=tuple(parse_ref(item) for item in data.get("bone_metastases", ())),
    )


def _detail(value: bool | dict[str, Any] | None, key: str) -> str | None:
    """`true` means present with the detail unknown; an object gives the detail."""
    if value is None or value is False:
        return None
    if value is True:
        return "unknown"
    return str(value.get(key, "unknown"))


def _sub_flag(value: bool | dict[str, Any] | None, key: str) -> bool | None:
    """A condition's yes/no detail: None when the condition is present but the detail is not
    given (the stricter reading applies, see unknown_details.toml)."""
    if not value:
        return False
    if isinstance(value, dict) and key in value:
        return bool(value[key])
    return None


def _locals(items: list[dict[str, Any]], key: str) -> tuple[LocalFinding, ...]:
    return tuple(LocalFinding(parse_ref(item), item.get(key, "unknown")) for item in items)


def parse_history(data: dict[str, Any], visit: dt.date) -> History:
    """Build the History from the schema-valid `history` object."""
    diabetes, ra = data.get("diabetes"), data.get("rheumatoid_arthritis")
    return History(
        cancer=tuple(_cancer(item) for item in data.get("cancer", ())),
        surgeries=_dated(data.get("surgeries", []), "history.surgeries", visit),
        fractures=_dated(data.get("fractures", []), "history.fractures", visit),
        acute_injuries=_dated(data.get("acute_injuries", []), "history.acute_injuries", visit),
        lymph_node_removal=tuple(
            Limb(item["limb"], Side(item["side"])) for item in data.get("lymph_node_removal", ())
        ),
        lymphoedema=tuple(
            Limb(item["limb"], Side(item["side"])) for item in data.get("lymphoedema", ())
        ),
        osteoporosis=_detail(data.get("osteoporosis"), "severity"),
        diabetes=bool(diabetes),
        diabetic_neuropathy=_sub_flag(diabetes, "neuropathy"),
        peripheral_neuropathy=tuple(
            parse_ref(item) for item in data.get("peripheral_neuropathy", ())
        ),
        heart_failure=_detail(data.get("heart_failure"), "status"),
        kidney_disease=_detail(data.get("kidney_disease"), "severity"),
        rheumatoid_arthritis=bool(ra),
        ra_neck=_sub_flag(ra, "neck_involvement"),
        bleeding_disorder=data.get("bleeding_disorder", False),
        low_platelets=data.get("low_platelets", False),
        dvt_history=data.get("dvt_history", False),
        fibromyalgia=data.get("fibromyalgia", False),
        acute_infection=data.get("acute_infection", False),
        immunosuppressed=data.get("immunosuppressed", False),
        iv_drug_use=data.get("iv_drug_use", False),
        varicose_veins=_locals(data.get("varicose_veins", []), "severity"),
        skin=_locals(data.get("skin", []), "kind"),
        other=tuple(data.get("other", ())),
    )
