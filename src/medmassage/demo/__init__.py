"""The demo clinics: seeded through the same services a clinic uses, from the top of the stack."""
