"""gunicorn settings for the cross-worker sign-in lock test (tests/test_login_throttle.py): the
app's own, but with sync workers on one shared listening socket. A sync worker reading a held
request takes no other, and with one socket a free worker takes every other connection, so the
test knows which worker answers each request. (gunicorn runs gthread whenever threads > 1, and
with ``reuse_port`` each worker may listen on a socket of its own, which the kernel fills by a
hash of the client's port, so a connection can wait behind a busy worker while the other idles.)
"""

from __future__ import annotations

from survey_app.gunicorn_conf import *  # noqa: F403 - the production settings, then these

worker_class = "sync"
threads = 1
reuse_port = False
