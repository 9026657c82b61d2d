import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from leerweg.accounts.models import API_TOKEN_PREFIX_LENGTH, ApiToken, User

LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    user.preferred_language = language
    user.full_clean()
    user.save(update_fields=["preferred_language"])
    return user


# API tokens


MAX_ACTIVE_API_TOKENS = 20


class ApiTokenLimitError(Exception):
    """The person already has as many usable tokens as allowed."""


def api_token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, role_key: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` acting in ``role_key``, and its secret.

    The secret is returned once and never stored; the caller shows it to the
    person and forgets it. Whether ``user`` holds the role is checked by the
    caller (roles are worked out above this app) and again on every use.
    """
    now = timezone.now()
    active = ApiToken.objects.filter(user=user, revoked_at=None, expires_at__gt=now)
    if active.count() >= MAX_ACTIVE_API_TOKENS:
        raise ApiTokenLimitError
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        role_key=role_key,
        prefix=secret[:API_TOKEN_PREFIX_LENGTH],
        key_hash=api_token_hash(secret),
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_find(secret: str) -> ApiToken | None:
    """The usable token with this secret, or None; marks it as used.

    Tokens are looked up by their prefix and the hashes compared in constant
    time. ``last_used_at`` is written at most once a minute per token.
    """
    now = timezone.now()
    computed = api_token_hash(secret)
    candidates = ApiToken.objects.filter(
        prefix=secret[:API_TOKEN_PREFIX_LENGTH], revoked_at=None, expires_at__gt=now
    ).select_related("user")
    for token in candidates:
        if hmac.compare_digest(token.key_hash, computed):
            if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
                token.last_used_at = now
            return token
    return None
