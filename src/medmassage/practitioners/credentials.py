"""The vocabulary of credentials and scope items, and the project's default credential rules."""

from __future__ import annotations

from datetime import timedelta

from medmassage.clinical.vocabulary import TECHNIQUES

# Credentials a certification can grant: training beyond the massage licence.
CREDENTIALS: dict[str, str] = {
    "lymphatic_drainage": "Manual lymphatic drainage / lymphoedema training",
    "craniosacral": "Craniosacral therapy training",
    "joint_mobilization": "Joint mobilization training (gentle, non-thrust grades only)",
    "intraoral_jaw": "Intraoral jaw work training",
}

# What a clinic can put a credential on: the contract techniques, plus intraoral jaw work,
# which is not a technique of its own but a way of working on the jaw that needs training.
INTRAORAL_JAW = "intraoral_jaw"
SCOPE_ITEMS: dict[str, str] = {
    **{technique: technique.replace("_", " ").capitalize() for technique in TECHNIQUES},
    INTRAORAL_JAW: "Intraoral jaw work",
}

# Scope of practice differs by jurisdiction and no single regulator's rule applies everywhere:
# the defaults below are this project's policy, which each clinic changes for its jurisdiction,
# naming its own source.
DEFAULT_RULE_SOURCE = (
    "Project policy: needs training beyond the massage licence by default (lymphatic drainage, "
    "craniosacral, gentle non-thrust joint mobilization, intraoral jaw work); a clinic changes "
    "it for its jurisdiction, naming the regulator's standard"
)
# Scope item -> credential it needs by default.
DEFAULT_RULES: dict[str, str] = {
    "lymphatic_drainage": "lymphatic_drainage",
    "craniosacral": "craniosacral",
    "joint_mobilization": "joint_mobilization",
    INTRAORAL_JAW: "intraoral_jaw",
}

# Anything that expires this many days from today, or sooner, is flagged (the 60 days).
WARNING_WINDOW = timedelta(days=60)


def credential_label(credential: str) -> str:
    """A credential's name for people, or the id itself when unknown."""
    return CREDENTIALS.get(credential, credential)


def scope_item_label(item: str) -> str:
    """A technique's or scope item's name for people."""
    return SCOPE_ITEMS.get(item, item)
