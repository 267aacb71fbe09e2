import pytest

from tests.security.conftest import anchor_prefix  # noqa: F401 - re-exported fixture


@pytest.fixture(autouse=True)
def _own_checkpoints(anchor_prefix):  # noqa: F811
    """audit_verify reads checkpoints from the shared bucket: each test here sees only its own."""
    return anchor_prefix
