"""Triggers of local rules: each finds the body areas a history item or complaint concerns."""

from __future__ import annotations

from collections.abc import Iterable

from medmassage.clinical.body import Area, Half, area_of, both_sides, restrict_sides
from medmassage.clinical.intake_history import DatedSite
from medmassage.clinical.knowledge_model import TriggerParams
from medmassage.clinical.screening_context import Context, Hit, area_hit, is_new
from medmassage.clinical.vocabulary import Side

# Diabetic neuropathy with no regions given starts distally (policy, see the rule).
_DIABETIC_NEUROPATHY_REGIONS = ("foot", "lower_leg")
_NECK = both_sides(["neck"])


def _chosen(ctx: Context, sites: Iterable[DatedSite], within_days: int) -> list[DatedSite]:
    visit = ctx.intake.visit_date
    return [
        site for site in sites if site.healed is False or (visit - site.date).days <= within_days
    ]


def _post_surgical_complaints(ctx: Context) -> Area:
    """Complaints of recovery after surgery with no dated operation on file at their region:
    the operation counts as recent and unhealed (the stricter reading of an unknown date)."""
    dated = {site.ref.region for site in ctx.intake.history.surgeries}
    halves: set[Half] = set()
    for complaint in ctx.intake.complaints:
        condition = ctx.kb.conditions.get(complaint.condition or "")
        if condition is None or not condition.post_surgical:
            continue
        if complaint.ref is not None:
            if complaint.region not in dated:
                halves |= complaint.ref.area()
        elif not dated.intersection(condition.regions):
            halves |= both_sides(condition.regions)
    return frozenset(halves)


def recent_surgery(ctx: Context, p: TriggerParams) -> Hit | None:
    """Surgeries within `within_days` or with an unhealed incision, and post-surgical
    complaints without a dated operation; `healed` when every dated site says healed."""
    chosen = _chosen(ctx, ctx.intake.history.surgeries, p.within_days)
    undated = _post_surgical_complaints(ctx)
    if not chosen and not undated:
        return None
    since = None if undated or not chosen else max(site.date for site in chosen)
    healed = not undated and all(site.healed is True for site in chosen)
    return Hit(area_of(site.ref for site in chosen) | undated, since, healed)


def recent_fracture(ctx: Context, p: TriggerParams) -> Hit | None:
    """Fractures within `within_days` unless marked healed (or marked unhealed)."""
    visit = ctx.intake.visit_date
    chosen = [
        site
        for site in ctx.intake.history.fractures
        if site.healed is False
        or ((visit - site.date).days <= p.within_days and site.healed is not True)
    ]
    if not chosen:
        return None
    return Hit(area_of(site.ref for site in chosen), max(site.date for site in chosen))


def acute_injury(ctx: Context, p: TriggerParams) -> Hit | None:
    """Sprains and strains within `within_hours` (whole days, dates having no time), from the
    history or from a sprain or strain complaint that began that recently."""
    days = p.within_hours // 24
    visit = ctx.intake.visit_date
    refs = [
        site.ref for site in ctx.intake.history.acute_injuries if (visit - site.date).days <= days
    ]
    for complaint in ctx.intake.complaints:
        condition = ctx.kb.conditions.get(complaint.condition or "")
        injury = condition is not None and condition.injury and complaint.ref is not None
        if injury and complaint.ref and is_new(ctx, complaint, days, unknown=False):
            refs.append(complaint.ref)
    return area_hit(area_of(refs))


def bone_metastases(ctx: Context, p: TriggerParams) -> Hit | None:
    """Known bone metastases, with their regions."""
    refs = [ref for cancer in ctx.intake.history.cancer for ref in cancer.bone_metastases]
    return area_hit(area_of(refs))


def tumour_sites(ctx: Context, p: TriggerParams) -> Hit | None:
    """Known tumour sites."""
    return area_hit(
        area_of(ref for cancer in ctx.intake.history.cancer for ref in cancer.tumour_sites)
    )


def radiation_fields(ctx: Context, p: TriggerParams) -> Hit | None:
    """Radiation fields within `within_days` of treatment (or of unknown date)."""
    visit = ctx.intake.visit_date
    refs = [
        field.ref
        for cancer in ctx.intake.history.cancer
        for field in cancer.radiation_fields
        if field.ended is None or (visit - field.ended).days <= p.within_days
    ]
    return area_hit(area_of(refs))


def lymph_limb(ctx: Context, p: TriggerParams) -> Hit | None:
    """The limbs with lymphoedema or drained by removed lymph nodes."""
    history = ctx.intake.history
    area: set[Half] = set()
    for limb in (*history.lymphoedema, *history.lymph_node_removal):
        area |= restrict_sides(both_sides(ctx.kb.limbs[limb.limb]), limb.side)
    return area_hit(frozenset(area))


def neuropathy(ctx: Context, p: TriggerParams) -> Hit | None:
    """Regions with peripheral neuropathy (diabetic, or diabetes with neuropathy not stated:
    feet and lower legs unless regions are given)."""
    history = ctx.intake.history
    area = area_of(history.peripheral_neuropathy)
    if not area and history.has_diabetic_neuropathy:
        area = both_sides(_DIABETIC_NEUROPATHY_REGIONS)
    return area_hit(area)


def ra_neck(ctx: Context, p: TriggerParams) -> Hit | None:
    """Rheumatoid arthritis involving the neck, or with neck involvement not stated (from the
    history, or a rheumatoid arthritis complaint unless the history rules the neck out)."""
    history = ctx.intake.history
    if history.has_ra_neck:
        return Hit(_NECK)
    if history.ra_neck is False and history.rheumatoid_arthritis:
        return None
    complaint = any(c.condition == "rheumatoid_arthritis" for c in ctx.intake.complaints)
    return Hit(_NECK) if complaint else None


def _with_distal(ctx: Context, regions: Iterable[tuple[str, Side]], distal: bool) -> Area:
    area: set[Half] = set()
    for region, side in regions:
        names = (region, *(ctx.kb.distal.get(region, ()) if distal else ()))
        area |= restrict_sides(both_sides(names), side)
    return frozenset(area)


def skin(ctx: Context, p: TriggerParams) -> Hit | None:
    """Skin lesions of the given kinds, with their regions (and what lies distal, if asked)."""
    lesions = [
        (lesion.ref.region, lesion.ref.side)
        for lesion in ctx.intake.history.skin
        if lesion.detail in p.kinds
    ]
    return area_hit(_with_distal(ctx, lesions, p.distal))


def varicose_veins(ctx: Context, p: TriggerParams) -> Hit | None:
    """Varicose veins of the severities, extended to what lies distal if asked."""
    veins = [
        (vein.ref.region, vein.ref.side)
        for vein in ctx.intake.history.varicose_veins
        if vein.detail in p.severities
    ]
    return area_hit(_with_distal(ctx, veins, p.distal))
