"""What a verification result means, in words for people (translated)."""

from django.utils.translation import gettext as _

from leerweg.credentials.signing import Reason


def reason_message(reason: Reason | None) -> str:
    if reason is None:
        return _("The credential is genuine, unchanged and not revoked.")
    messages = {
        Reason.TOO_LARGE: _("The credential is larger than 256 KB."),
        Reason.NOT_JSON: _("This is not a credential: the text is not a JSON object."),
        Reason.CONTEXT_INVALID: _("This is not an Open Badges 3.0 credential (unknown @context)."),
        Reason.SCHEMA_INVALID: _("The credential does not match the Open Badges 3.0 schema."),
        Reason.PROOF_MISSING: _("The credential carries no signature."),
        Reason.PROOF_INVALID: _("The credential's signature is malformed."),
        Reason.ISSUER_UNKNOWN: _(
            "The issuer is not a school on this Leerweg installation. "
            "Check the credential with the issuer's own verification service."
        ),
        Reason.UNKNOWN_VERIFICATION_METHOD: _(
            "The credential was signed with a key the issuer does not list."
        ),
        Reason.UNDEFINED_TERM: _("The credential contains data that its signature does not cover."),
        Reason.SIGNATURE_INVALID: _(
            "The signature does not match: the credential was changed after it was issued."
        ),
        Reason.NOT_YET_VALID: _("The credential is not valid yet."),
        Reason.EXPIRED: _("The credential has expired."),
        Reason.STATUS_UNAVAILABLE: _("The revocation list could not be checked."),
        Reason.STATUS_INVALID: _("The credential's revocation entry is malformed."),
        Reason.REVOKED: _("The school has revoked this credential."),
    }
    return messages[reason]
