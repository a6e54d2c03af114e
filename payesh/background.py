"""Work done after the response has been sent, so that it neither keeps the person waiting nor
shows in how long the answer took (a password reset's mail: accounts/reset.py).

One worker thread per process runs the jobs in order. The queue is bounded: past QUEUE_SIZE
waiting jobs a new one is dropped and logged, so a flood of requests costs no more memory than
that. A job gets what it needs as arguments and does not use the database (it runs outside any
request and its transaction)."""

import logging
import queue
import threading

log = logging.getLogger(__name__)

QUEUE_SIZE = 200

_jobs = queue.Queue(maxsize=QUEUE_SIZE)
_worker = None
_starting = threading.Lock()


def after_response(response, job, *args):
    """Hand `job(*args)` to the worker once the server has sent `response` (WSGI servers, and
    Django's test client, call the response's close() when it has gone)."""
    close = response.close

    def close_then_submit():
        close()
        submit(job, *args)

    response.close = close_then_submit
    return response


def submit(job, *args):
    _start()
    try:
        _jobs.put_nowait((job, args))
    except queue.Full:
        log.error("%s jobs already wait to run after their response: %s is dropped", QUEUE_SIZE, job.__qualname__)


def drain():
    """Wait until every job handed over so far has run (tests; a clean stop)."""
    _jobs.join()


def _start():
    global _worker
    with _starting:
        if _worker is None or not _worker.is_alive():  # a forked process starts its own
            _worker = threading.Thread(target=_work, name="payesh-after-response", daemon=True)
            _worker.start()


def _work():
    while True:
        job, args = _jobs.get()
        try:
            job(*args)
        except Exception:
            log.exception("%s failed after its response", job.__qualname__)
        finally:
            _jobs.task_done()
