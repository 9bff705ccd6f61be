"""Chain heads copied outside the database: a truncated or rolled-back chain no longer matches.

Each committed event may append its chain's head to `AUDIT_CHECKPOINT_DIR/chain-heads.jsonl`
(mode 0600, at most once per chain every `AUDIT_CHECKPOINT_SECONDS` per process), each line
with an HMAC under the integrity key, so that the file can be neither edited nor extended by
someone without the key. `medmassage audit verify` checks the newest line of every chain
against the database, and `medmassage audit checkpoint` writes one for every chain now (cron).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from medmassage.integrity.keys import keyring

FILE_NAME = "chain-heads.jsonl"
_last_written: dict[int, float] = {}


@dataclass(frozen=True)
class Checkpoint:
    chain: int
    sequence: int
    hash: str
    at: str
    valid: bool  # its MAC verifies under a key of the ring


def checkpoint_file() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILE_NAME


def note_head(chain: int, *, sequence: int, hash: str) -> None:
    """After a commit: copy the chain's head out, unless this process did so a moment ago."""
    now = time.monotonic()
    interval = settings.AUDIT_CHECKPOINT_SECONDS
    if interval and now - _last_written.get(chain, -interval - 1.0) < interval:
        return
    _last_written[chain] = now
    try:
        write_checkpoint(chain, sequence=sequence, hash=hash)
    except OSError:
        # The event is committed; a missed checkpoint only weakens the next verification.
        _last_written.pop(chain, None)


def _mac_document(chain: int, sequence: int, hash: str, at: str, key_id: str) -> bytes:
    document = {"chain": chain, "sequence": sequence, "hash": hash, "at": at, "key_id": key_id}
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def write_checkpoint(chain: int, *, sequence: int, hash: str) -> None:
    """Append one MAC'd head to the checkpoint file (created 0600, its folder 0700)."""
    path = checkpoint_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = keyring().current
    at = timezone.now().isoformat(timespec="seconds")
    mac = key.mac(_mac_document(chain, sequence, hash, at, key.key_id))
    line = {"chain": chain, "sequence": sequence, "hash": hash, "at": at}
    line |= {"key_id": key.key_id, "mac": mac}
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (json.dumps(line, sort_keys=True) + "\n").encode())
    finally:
        os.close(descriptor)


def latest_checkpoints(path: Path | None = None) -> dict[int, Checkpoint]:
    """The newest checkpoint of each chain in the file (lines whose MAC fails included)."""
    path = path or checkpoint_file()
    if not path.exists():
        return {}
    found: dict[int, Checkpoint] = {}
    ring = keyring()
    for raw in path.read_text().splitlines():
        try:
            line = json.loads(raw)
            chain, sequence, hash_, at = line["chain"], line["sequence"], line["hash"], line["at"]
            key = ring.get(str(line["key_id"]))
            document = _mac_document(chain, sequence, hash_, at, str(line["key_id"]))
            valid = key is not None and key.mac(document) == line["mac"]
        except (ValueError, KeyError, TypeError):
            continue
        previous = found.get(int(chain))
        if previous is None or int(sequence) >= previous.sequence:
            found[int(chain)] = Checkpoint(int(chain), int(sequence), str(hash_), str(at), valid)
    return found


def set_aside(reason: str) -> Path | None:
    """Move the checkpoint file away (after a restore, the old heads describe another past)."""
    path = checkpoint_file()
    if not path.exists():
        return None
    target = path.with_name(f"chain-heads.{reason}-{timezone.now():%Y%m%dT%H%M%S}.jsonl")
    os.replace(path, target)
    _last_written.clear()
    return target
