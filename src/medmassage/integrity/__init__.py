"""Integrity keys: the HMAC keys that make the audit chain and sealed records unforgeable.

Kept outside the database (an environment variable or a 0600 file), never SECRET_KEY: someone
who can write to the database but not read the key cannot recompute a hash that verifies.
"""
