"""Reading the clinic's wording of its messages, with the defaults where it has none."""

from __future__ import annotations

from dataclasses import dataclass

from medmassage.accounts.models import Clinic
from medmassage.messaging.models import CONSENT_KINDS, TO_CLINIC, Kind, Wording
from medmassage.messaging.wording import DEFAULTS


@dataclass(frozen=True)
class KindWording:
    """One kind of message as the clinic sends it: to whom, and in whose words."""

    kind: Kind
    subject: str
    body: str
    own: bool  # the clinic's own wording, not the default

    @property
    def to_clinic(self) -> bool:
        return self.kind in TO_CLINIC

    @property
    def client_may_decline(self) -> bool:
        return self.kind in CONSENT_KINDS


def _as_shown(kind: Kind, own: Wording | None) -> KindWording:
    if own is not None:
        return KindWording(kind, own.subject, own.body, own=True)
    subject, body = DEFAULTS[kind]
    return KindWording(kind, subject, body, own=False)


def list_wordings(clinic: Clinic) -> list[KindWording]:
    """Every kind of message, in the order of Kind, with the wording the clinic sends."""
    own = {w.kind: w for w in Wording.objects.for_clinic(clinic)}
    return [_as_shown(kind, own.get(kind)) for kind in Kind]


def get_wording(clinic: Clinic, kind: Kind) -> KindWording:
    """The wording the clinic sends for one kind of message."""
    return _as_shown(kind, Wording.objects.for_clinic(clinic).filter(kind=kind).first())
