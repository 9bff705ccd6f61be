"""Discharge: closing a course of treatment with its summary. Above plans, outcomes and visits,
whose records it reads and whose plan it closes."""
