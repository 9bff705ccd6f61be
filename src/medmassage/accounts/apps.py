from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "medmassage.accounts"
    label = "accounts"
    verbose_name = "Accounts and clinics"

    def ready(self) -> None:
        # MedMassage's own system checks (medmassage.E00x/W00x) register on import.
        from medmassage import checks  # noqa: F401
        from medmassage.accounts import login_failures  # noqa: F401 - signal receivers


class ClinicAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "medmassage.accounts.admin_site.ClinicAdminSite"
