"""FHIR R4 in and out: the read and search API, Bulk Data export, and Bundle import.

It sits near the top floor because it reads every app; nothing below imports it. Resources are
built as plain dicts (the hot path of the bulk export); tests validate every one of them with
fhir.resources (R4B models, which read R4 JSON for the resources used here).
"""
