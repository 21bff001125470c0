"""Settings for the test suite: the real settings, with a throwaway data directory and a fast password hasher.

``DATABASE_URL`` (set by scripts/test for the PostgreSQL run) picks the database, as in production.
"""

import os
import tempfile

os.environ.setdefault("JIXIAO_TESTING", "1")
os.environ.setdefault("JIXIAO_HTTPS", "0")
os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-test-"))

from jixiao.web.settings import *  # noqa: F403
