from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "medmassage.referrals"
    label = "referrals"
    verbose_name = "Referrals and reports"

    def ready(self) -> None:
        from medmassage.careteam.documents import holds_documents
        from medmassage.referrals.models import (
            Direction,
            Recommendation,
            ReferralStatus,
            ReportStatus,
            SentVia,
        )
        from medmassage.referrals.sealing import register_sealed_kinds
        from medmassage.words.vocabulary import register

        register("referral_direction", Direction.choices)
        register("referral_status", [*ReferralStatus.choices, ("overdue", "Overdue")])
        register("report_status", [*ReportStatus.choices, ("overdue", "Overdue")])
        register("recommendation", Recommendation.choices)
        register("sent_via", SentVia.choices)
        holds_documents("referrals.Referral", "referrals.ProgressReport")
        register_sealed_kinds()
