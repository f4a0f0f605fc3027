"""The labour fixtures the import corpus needs."""

from tests.labour.conftest import make_employer  # noqa: F401
