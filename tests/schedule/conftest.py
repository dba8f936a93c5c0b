from tests.ui.conftest import coach, home, make_args  # noqa: F401  (the real app fixture, shared with tests/ui)
