"""The enrolment QR code, drawn here as an SVG data URL (the CSP allows data: images)."""

from __future__ import annotations

import segno


def qr_data_url(text: str) -> str:
    """A QR code of the text, as an inline SVG data URL; nothing is fetched from anywhere."""
    return str(segno.make(text, error="m").svg_data_uri(scale=5, border=2))
