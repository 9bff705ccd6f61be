"""A form's fields as a member last typed them, kept on the server until the form is saved."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.http import QueryDict
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class FormDraft(ClinicOwned):
    """One member's unsaved input on one form (`form` names it, e.g. ``visit-note:7``)."""

    author = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=80)
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The posted fields in order, as [name, value] pairs (names repeat for multiple choices).
    fields = models.JSONField(default=list)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("clinic", "author", "form"), name="form_draft_one_per_author"
            ),
        ]

    def __str__(self) -> str:
        return f"Draft of {self.form} by member {self.author_id}"

    def as_post(self) -> QueryDict:
        """The fields as the form would have posted them."""
        post = QueryDict(mutable=True)
        for name, value in self.fields:
            post.appendlist(name, value)
        return post
