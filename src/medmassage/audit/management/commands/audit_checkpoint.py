"""`medmassage audit checkpoint`: copy every chain's head outside the database now (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from medmassage.audit.checkpoints import checkpoint_file, write_checkpoint
from medmassage.audit.models import AuditChainHead


class Command(BaseCommand):
    help = "Append the head of every audit chain to the checkpoint file (MAC'd, mode 0600)."

    def handle(self, *args: Any, **options: Any) -> None:
        heads = list(AuditChainHead.objects.all())
        for head in heads:
            write_checkpoint(head.chain, sequence=head.sequence, hash=head.hash)
        self.stdout.write(f"{len(heads)} chain heads written to {checkpoint_file()}.")
