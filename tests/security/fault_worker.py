"""A real Celery worker whose first document render stops half way and waits to be killed.

tests/security/test_faults.py starts it as `python -m tests.security.fault_worker worker ...`.
FAULT_PAUSE_AT says where the first run stops: "render" (the PDF made in memory, nothing
stored) or "store" (the file written, its row's transaction still open). Getting there, it
creates FAULT_MARKER holding its process id; any later run (the marker exists) goes straight
through, so the worker that takes the message over renders for real.
"""

import os
import sys
import time
from pathlib import Path

from celery.signals import task_prerun


def _pause_the_first_time() -> None:
    marker = Path(os.environ["FAULT_MARKER"])
    try:
        handle = marker.open("x")
    except FileExistsError:
        return
    with handle:
        handle.write(f"{os.getpid()}\n")
    time.sleep(600)  # until the test kills this process


@task_prerun.connect
def _install_the_pause(**kwargs) -> None:
    """In the process that runs tasks (a pool child has its own copy of the modules)."""
    from documents import rendering, services

    if getattr(services, "_fault_pause_installed", False):
        return
    services._fault_pause_installed = True
    if os.environ["FAULT_PAUSE_AT"] == "render":
        real_render = rendering.render_document

        def render_document(document):
            rendered = real_render(document)
            _pause_the_first_time()
            return rendered

        rendering.render_document = render_document
    else:
        real_write = services._write_once

        def write_once(name, content):
            saved = real_write(name, content)
            _pause_the_first_time()
            return saved

        services._write_once = write_once


if __name__ == "__main__":
    from config.celery import app

    app.worker_main(sys.argv[1:])
