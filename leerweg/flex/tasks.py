"""Background work for flex hours (Django's tasks framework).

``allocation_run_task`` solves one queued allocation run. It loads the run by
id, so it works the same with the in-process backend (development: it runs at
once) and with a worker in another process.
"""

from django.tasks import task

from leerweg.flex.runs import allocation_run_execute


@task
def allocation_run_task(run_id: int) -> str:
    """Solve the run and store its result; returns the run's final state."""
    return allocation_run_execute(run_id=run_id)
