"""Background work for Plusdocuments (Django's tasks framework).

``plusdocument_batch_task`` issues the Plusdocuments of one queued batch and
packs them into its ZIP. It loads the batch by id, so it works the same with
the in-process backend (development: it runs at once) and with a worker in
another process.
"""

from django.tasks import task

from leerweg.credentials.documents.batch import batch_execute


@task
def plusdocument_batch_task(batch_id: int) -> str:
    """Issue and pack the batch; returns its final state."""
    return batch_execute(batch_id=batch_id)
