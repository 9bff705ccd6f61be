from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "medmassage.mfa"
    label = "mfa"
    verbose_name = "Two-factor authentication"

    def ready(self) -> None:
        # django-otp's admin pages list every clinic's devices and show TOTP keys: not ours.
        from django.contrib import admin
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
