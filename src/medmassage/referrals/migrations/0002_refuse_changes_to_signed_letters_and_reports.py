"""A signed referral letter and a signed progress report never change, and neither is deleted:
the database refuses it, whatever path the change takes. After signing only the tracking moves
forward, one step at a time (signed -> sent -> answered; a letter may be answered unsent), and
the tracking columns change only with that step. Drafts may be edited or removed; referrals in
(recorded, never signed) are not covered here."""

from django.db import migrations

from medmassage.db_triggers import trigger_operation

REFERRALS = "referrals_referral"
REPORTS = "referrals_progressreport"
LETTER_MESSAGE = "signed referral letters cannot change; draft a new referral instead"
REPORT_MESSAGE = "signed progress reports cannot change; draft a new report instead"

# What was signed: none of it may change once the row has left draft.
REFERRAL_FROZEN = (
    "id",
    "clinic_id",
    "client_id",
    "direction",
    "intent",
    "urgency",
    "provider_id",
    "therapist_id",
    "reason_codes",
    "reason",
    "decision",
    "intake_id",
    "findings",
    "question",
    "done",
    "not_done",
    "client_told",
    "signed_by_id",
    "signed_at",
    "document_name",
    "document_sha256",
    "document_size",
    "precautions",
    "visits_authorised",
    "frequency",
    "valid_from",
    "expires_on",
    "created_by_id",
    "created_at",
)
# Tracking: set by the step that moves the status, never on its own.
REFERRAL_TRACKING = ("expected_answer_by", "sent_at", "sent_via", "answered_at", "answer_id")
REFERRAL_STEPS = (("signed", "sent"), ("signed", "answered"), ("sent", "answered"))

REPORT_FROZEN = (
    "id",
    "clinic_id",
    "client_id",
    "provider_id",
    "recipient",
    "referral_id",
    "period_start",
    "period_end",
    "facts",
    "summary",
    "recommendation",
    "recommendation_note",
    "signed_by_id",
    "signed_at",
    "document_name",
    "document_sha256",
    "document_size",
    "created_by_id",
    "created_at",
)
REPORT_TRACKING = ("expected_answer_by", "sent_at", "sent_via", "answered_at")
REPORT_STEPS = (("signed", "sent"), ("sent", "answered"))


def _refused(
    frozen: tuple[str, ...],
    tracking: tuple[str, ...],
    steps: tuple[tuple[str, str], ...],
    differ: str,
) -> str:
    """The condition, on a row past draft, under which an UPDATE is refused."""

    def changed(columns: tuple[str, ...]) -> str:
        return " OR ".join(f"NEW.{c} {differ} OLD.{c}" for c in columns)

    step = " OR ".join(f"(OLD.status = '{old}' AND NEW.status = '{new}')" for old, new in steps)
    return (
        f"({changed(frozen)}"
        f" OR (NEW.status = OLD.status AND ({changed(tracking)}))"
        f" OR (NEW.status <> OLD.status AND NOT ({step})))"
    )


_SIGNED_LETTER = "OLD.direction = 'out' AND OLD.status <> 'drafted'"
_SIGNED_REPORT = "OLD.status <> 'drafted'"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER referral_letter_frozen_after_signing BEFORE UPDATE ON {REFERRALS}
        WHEN {_SIGNED_LETTER}
             AND {_refused(REFERRAL_FROZEN, REFERRAL_TRACKING, REFERRAL_STEPS, "IS NOT")}
        BEGIN SELECT RAISE(ABORT, '{LETTER_MESSAGE}'); END""",
    f"""CREATE TRIGGER referral_letter_no_delete_after_signing BEFORE DELETE ON {REFERRALS}
        WHEN {_SIGNED_LETTER}
        BEGIN SELECT RAISE(ABORT, 'signed referral letters cannot be deleted'); END""",
    f"""CREATE TRIGGER progress_report_frozen_after_signing BEFORE UPDATE ON {REPORTS}
        WHEN {_SIGNED_REPORT}
             AND {_refused(REPORT_FROZEN, REPORT_TRACKING, REPORT_STEPS, "IS NOT")}
        BEGIN SELECT RAISE(ABORT, '{REPORT_MESSAGE}'); END""",
    f"""CREATE TRIGGER progress_report_no_delete_after_signing BEFORE DELETE ON {REPORTS}
        WHEN {_SIGNED_REPORT}
        BEGIN SELECT RAISE(ABORT, 'signed progress reports cannot be deleted'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS referral_letter_frozen_after_signing",
    "DROP TRIGGER IF EXISTS referral_letter_no_delete_after_signing",
    "DROP TRIGGER IF EXISTS progress_report_frozen_after_signing",
    "DROP TRIGGER IF EXISTS progress_report_no_delete_after_signing",
]


def _postgres_function(name: str, signed: str, refused: str, what: str, message: str) -> str:
    # Constant text only (column names and messages written here), never user input.
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           IF {signed} THEN
             RAISE EXCEPTION 'signed {what} cannot be deleted';
           END IF;
           RETURN OLD;
         END IF;
         IF {signed} AND {refused} THEN
           RAISE EXCEPTION '{message}';
         END IF;
         RETURN NEW;
       END $$"""


POSTGRES_FORWARD = [
    _postgres_function(
        "referral_letter_refuse_change",
        _SIGNED_LETTER,
        _refused(REFERRAL_FROZEN, REFERRAL_TRACKING, REFERRAL_STEPS, "IS DISTINCT FROM"),
        "referral letters",
        LETTER_MESSAGE,
    ),
    _postgres_function(
        "progress_report_refuse_change",
        _SIGNED_REPORT,
        _refused(REPORT_FROZEN, REPORT_TRACKING, REPORT_STEPS, "IS DISTINCT FROM"),
        "progress reports",
        REPORT_MESSAGE,
    ),
    f"""CREATE TRIGGER referral_letter_frozen_after_signing BEFORE UPDATE OR DELETE
        ON {REFERRALS} FOR EACH ROW EXECUTE FUNCTION referral_letter_refuse_change()""",
    f"""CREATE TRIGGER progress_report_frozen_after_signing BEFORE UPDATE OR DELETE
        ON {REPORTS} FOR EACH ROW EXECUTE FUNCTION progress_report_refuse_change()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS referral_letter_frozen_after_signing ON {REFERRALS}",
    f"DROP TRIGGER IF EXISTS progress_report_frozen_after_signing ON {REPORTS}",
    "DROP FUNCTION IF EXISTS referral_letter_refuse_change()",
    "DROP FUNCTION IF EXISTS progress_report_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_referrals_both_ways_and_progress_reports")]
    operations = [trigger_operation(STATEMENTS, purpose="signed letter and report lock")]
