"""The client's chart: one page above the apps it summarises (consent, intake, plan, visits,
measures). It only reads; each app keeps its own writers."""
