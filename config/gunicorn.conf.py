"""gunicorn's settings for the web tier, shared by docker-compose.yml, the Dockerfile and the
benchmark (bench/run.py), so that what is measured is what is deployed.

One request per process: Django's work is Python, and two threads of one process take turns
on one core (the GIL) while the other core may be idle. On the two-core benchmark machine
five single-threaded workers gave the case page a p95 of 76 ms where four workers of two
threads gave 120 ms in the same hour (docs/performance.md). A TLS proxy in front buffers
slow clients, which single-threaded workers cannot afford to wait for.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# gunicorn's rule of thumb: two per core and one more, to cover a worker waiting on the database
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 60
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
