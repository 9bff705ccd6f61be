"""Multi-factor authentication: TOTP with single-use recovery codes (django-otp), required by
role and by clinic setting, enforced for every page by middleware and for the API's session."""
