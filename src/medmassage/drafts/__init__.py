"""Drafts of forms, autosaved while a member types, so that nothing typed is ever lost."""
