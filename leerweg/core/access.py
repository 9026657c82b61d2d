"""What every app's ``access`` module raises.

"Does not exist" and "is not yours" must look the same to the person asking,
so object-level denials are always a 404, never a 403.
"""

from django.http import Http404


class NotFoundOrNotYours(Http404):
    """Raised by ``access_*`` functions; rendered as the ordinary 404 page."""
