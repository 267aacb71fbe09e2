import io
import uuid

import pytest

from sai.storage.models import Blob
from sai.storage.services import blob_put
from sai.storage.tasks import fixity_check_task


@pytest.mark.django_db(transaction=True)
def test_fixity_task_runs_in_a_real_worker(celery_worker_process):
    """A task sent through Redis is executed by a separate worker process that writes to the same database."""
    blob = blob_put(fileobj=io.BytesIO(f"texto {uuid.uuid4()}".encode()))
    assert Blob.objects.get(pk=blob.pk).verificado is None

    result = fixity_check_task.delay().get(timeout=60)

    assert result == {"checked": 1, "altered": [], "missing": []}
    assert Blob.objects.get(pk=blob.pk).verificado is not None
