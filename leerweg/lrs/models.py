"""The Learning Record Store: xAPI credentials, statements and documents.

Every row belongs to a store. A school has one store for its own learning
tools; a partner organisation has one for everything it records. A credential
reads and writes only its own store, so one school never sees another's
statements and a partner never sees another partner's.

Statements keep the JSON they are served as in ``payload`` and copy every
value a query can filter on into indexed columns (and two side tables for the
``related_agents`` and ``related_activities`` filters).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import School, Student


class Store(models.Model):
    school = models.OneToOneField(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="lrs_store"
    )
    partner = models.OneToOneField(
        PartnerOrganisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lrs_store",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(school__isnull=True, partner__isnull=False)
                | Q(school__isnull=False, partner__isnull=True),
                name="lrs_store_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"store {self.pk}"


class Credential(models.Model):
    """An xAPI key and secret for HTTP Basic auth.

    Only a keyed digest of the secret is kept. The secret is 256 random bits,
    so a fast HMAC is as safe as a slow password hash, and checking it costs
    microseconds instead of the hundreds of milliseconds PBKDF2 would cost on
    every request.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="credentials")
    label = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=40, unique=True)
    secret_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("xAPI credential")
        verbose_name_plural = _("xAPI credentials")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label


class Statement(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    statement_id = models.UUIDField()
    payload = models.TextField()
    verb_id = models.CharField(max_length=2048)
    actor_ifi = models.CharField(max_length=2048, blank=True)
    activity_id = models.CharField(max_length=2048, blank=True)
    object_ifi = models.CharField(max_length=2048, blank=True)
    # The statement this one points at with a StatementRef object; voiding
    # statements and statements about statements use it.
    target_statement_id = models.UUIDField(null=True)
    registration = models.UUIDField(null=True)
    timestamp = models.DateTimeField()
    stored = models.DateTimeField()
    voided = models.BooleanField(default=False)
    # The student this statement is about when a partner recorded it through
    # a consented link; used to enforce consent on reads.
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    credential = models.ForeignKey(
        Credential, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "statement_id"], name="lrs_statement_unique"),
        ]
        indexes = [
            models.Index(fields=["store", "-stored", "-id"], name="lrs_stmt_store_stored"),
            models.Index(fields=["store", "verb_id", "-stored"], name="lrs_stmt_verb"),
            models.Index(fields=["store", "actor_ifi", "-stored"], name="lrs_stmt_actor"),
            models.Index(fields=["store", "activity_id", "-stored"], name="lrs_stmt_activity"),
            # Most statements have no agent as object, no registration and no
            # StatementRef: these indexes hold only those that do, which
            # keeps every insert cheaper.
            models.Index(
                fields=["store", "object_ifi", "-stored"],
                name="lrs_stmt_object_agent",
                condition=~Q(object_ifi=""),
            ),
            models.Index(
                fields=["store", "registration", "-stored"],
                name="lrs_stmt_registration",
                condition=Q(registration__isnull=False),
            ),
            models.Index(
                fields=["store", "target_statement_id"],
                name="lrs_stmt_target",
                condition=Q(target_statement_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementAgent(models.Model):
    """An agent a statement mentions besides its actor, object and authority.

    For ``related_agents``: the columns on Statement and the credential cover
    the rest, so a plain statement needs no rows here.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    store_id = models.BigIntegerField()
    ifi = models.CharField(max_length=2048)

    class Meta:
        indexes = [models.Index(fields=["store_id", "ifi"], name="lrs_stmt_agent_ifi")]

    def __str__(self) -> str:
        return self.ifi


class StatementActivity(models.Model):
    """An activity a statement mentions besides its object, for ``related_activities``."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    store_id = models.BigIntegerField()
    activity_id = models.CharField(max_length=2048)

    class Meta:
        indexes = [models.Index(fields=["store_id", "activity_id"], name="lrs_stmt_activity_iri")]

    def __str__(self) -> str:
        return self.activity_id


class AttachmentContent(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    sha2 = models.CharField(max_length=128)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "sha2"], name="lrs_attachment_unique"),
        ]

    def __str__(self) -> str:
        return self.sha2


class ActivityDefinition(models.Model):
    """The canonical definition of an activity, as the store last learned it."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    activity_id = models.CharField(max_length=2048)
    key_hash = models.CharField(max_length=64)
    definition = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "key_hash"], name="lrs_activity_unique"),
        ]

    def __str__(self) -> str:
        return self.activity_id


class DocumentKind(models.TextChoices):
    STATE = "state"
    ACTIVITY_PROFILE = "activity_profile"
    AGENT_PROFILE = "agent_profile"


class Document(models.Model):
    """A state, activity profile or agent profile document.

    ``key_hash`` is a digest of (kind, activity, agent, registration, id): the
    parts can each be long IRIs, too long together for one index entry.
    """

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    key_hash = models.CharField(max_length=64)
    activity_id = models.CharField(max_length=2048, blank=True)
    agent_ifi = models.CharField(max_length=2048, blank=True)
    registration = models.UUIDField(null=True)
    document_id = models.CharField(max_length=2048)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "key_hash"], name="lrs_document_unique"),
        ]
        indexes = [
            models.Index(
                fields=["store", "kind", "activity_id", "agent_ifi"], name="lrs_doc_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.document_id}"


from leerweg.lrs.models_mapping import StatementMapping  # noqa: E402, F401
