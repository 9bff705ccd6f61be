"""gunicorn settings (`make run` and production: `gunicorn -c python:medmassage.config.gunicorn`).

The access log leaves out query strings and referrers: a URL can carry what a person typed
(a name, a date of birth, a phone number), and access logs are kept, copied and read by people
who must not see health information. Searches are POSTs anyway; this covers everything else.
"""

# host, time, method, path without its query, protocol, status, size, agent, duration
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(L)s'
