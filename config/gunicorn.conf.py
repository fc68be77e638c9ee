"""gunicorn in production: `gunicorn -c config/gunicorn.conf.py config.wsgi:application`.

Each setting can be overridden from the environment (GUNICORN_WORKERS …) for a given host; the
defaults follow the cores. The app is mostly database-bound (every request a few indexed queries),
so gthread workers: a process per core plus one, a few threads each, holding the database
connection while a thread waits on it. Requests are bounded (timeout) and a worker is recycled
after a jittered number of requests so a slow leak never builds up. bench/harness.py serves the
benchmarks with this file, so what is measured is what is deployed.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


cores = multiprocessing.cpu_count()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # behind the reverse proxy (TLS there)
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", cores + 1)
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 60)  # reports and exports run in the background, not here
graceful_timeout = 30
keepalive = 5  # seconds: the proxy keeps connections to us open between requests
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10  # workers do not all restart at once
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None  # the app writes its own access log (core.logging), with request ids
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
