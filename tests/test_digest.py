"""cramp_coach.digest: the same SHA-256 as hashlib, without importing it, and hashlib where
CPython's own module is missing."""

import hashlib
import importlib
import subprocess
import sys

from cramp_coach import digest


def test_same_digest_as_hashlib():
    h = digest.sha256(b"cramp")
    h.update(b" coach")
    assert h.hexdigest() == hashlib.sha256(b"cramp coach").hexdigest()


def test_hashlib_where_cpythons_module_is_missing(monkeypatch):
    real = importlib.import_module

    def without_sha(name, *a):
        if name in ("_sha2", "_sha256"):
            raise ImportError(name)
        return real(name, *a)

    monkeypatch.setattr(importlib, "import_module", without_sha)
    assert digest.sha256(b"x").hexdigest() == hashlib.sha256(b"x").hexdigest()


def test_hashlib_is_not_imported():
    code = "import sys; from cramp_coach import digest; digest.sha256(b'x').hexdigest(); print('hashlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
