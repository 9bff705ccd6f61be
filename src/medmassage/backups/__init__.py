"""Encrypted backups and verified restores (`medmassage backup FILE`, `medmassage restore FILE`).

`dumpdata`/`loaddata` are not the way: their rows bypass clinic scoping and the databases'
append-only and locked-record triggers refuse what loaddata would write. A backup is the
database itself (SQLite's online backup API, or pg_dump), sealed in one encrypted file.
"""
