from django.db import transaction

from leerweg.accounts.models import User


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    user.preferred_language = language
    user.full_clean()
    user.save(update_fields=["preferred_language"])
    return user
