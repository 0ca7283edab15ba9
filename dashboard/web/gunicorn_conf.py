"""gunicorn's settings for the app (``gunicorn -c python:dashboard.web.gunicorn_conf 'dashboard.web.app:create_server()'``).

A request is Python work under the GIL (building and serialising figures), so one worker process per core; two
threads each, so a worker answers a page, the layout or an asset while a callback runs, and keeps connections
alive. Measured with ``python -m benchmarks.bench_capacity`` on 2 cores (figures in the README, "Deploying"):
more threads only add contention. Any setting can be overridden on gunicorn's command line.
"""

import multiprocessing
import os

bind = os.environ.get("CRISIS_BIND", "127.0.0.1:8050")  # loopback: a reverse proxy faces the network
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = 2
timeout = 60  # a cold load of a large file happens before serving, never inside a request
# A shared link carries a map selection of up to 6,000 characters of ids (``state/url.py``): gunicorn's largest
# request line (its default, 4,094, answered such links with 414).
limit_request_line = 8190
