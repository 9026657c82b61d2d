"""Background work for coaching (Django's tasks framework).

``leerweg notify_agreements_due`` enqueues ``agreements_due_notify`` once a
day, from cron.
"""

from django.tasks import task

from leerweg.coaching import services


@task
def agreements_due_notify() -> int:
    """Remind students of open agreements due within two days; returns how many."""
    return services.agreements_due_notify()
