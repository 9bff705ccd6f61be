"""The consent text a clinic starts with, until its owner publishes its own."""

from __future__ import annotations

from medmassage.clients.models import ConsentTopic

DEFAULT_VERSION = "default-1"
DEFAULT_TITLE = "Consent to medical massage therapy"
# The topics named in issue 4: techniques, the common risks, draping, the right to stop and
# confidentiality. A clinic's own text may require more.
DEFAULT_REQUIRED_TOPICS = (
    ConsentTopic.TECHNIQUES,
    ConsentTopic.RISK_SORENESS,
    ConsentTopic.RISK_BRUISING,
    ConsentTopic.DRAPING,
    ConsentTopic.RIGHT_TO_STOP,
    ConsentTopic.CONFIDENTIALITY,
)
_WRAPPED_BODY = """\
Your therapist has explained the massage therapy proposed for you: the techniques, the areas of
the body to be treated and why, and what you can expect during and after each session.

Massage therapy is generally safe. Common effects are soreness or stiffness for a day or two after
treatment, and occasionally bruising, especially after deeper work. Tell your therapist straight
away about any pain or discomfort during treatment so that pressure or technique can be changed.

You will be draped at all times: only the area being treated is uncovered, and you may keep on any
clothing you wish. You may ask questions, change your mind, and stop or change the treatment at
any time, without giving a reason.

Your records are confidential. They are shared only with your written consent or where the law
requires it.

By signing you confirm that you have understood this information, that your questions have been
answered, and that you consent to treatment. You may withdraw this consent at any time.
"""
# One line per paragraph, as the page shows it (line breaks inside a paragraph would be kept).
DEFAULT_BODY = "\n\n".join(" ".join(part.split()) for part in _WRAPPED_BODY.split("\n\n"))
