from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "medmassage.referrals"
    label = "referrals"
    verbose_name = "Referrals and reports"
