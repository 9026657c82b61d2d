"""xAPI versions this LRS speaks and how a request picks one."""

import re
from enum import StrEnum

from leerweg.lrs.xapi.errors import XapiError

VERSION_HEADER = "X-Experience-API-Version"

# "1.0" or "1.0.<patch>" and "2.0" or "2.0.<patch>": patch releases never change the
# data model, so every patch of a supported minor version is processed the same way
# (Communication 3.3; the suite's Versioning tests reject anything but these forms).
_V1_HEADER = re.compile(r"1\.0(?:\.\d+)?")
_V2_HEADER = re.compile(r"2\.0(?:\.\d+)?")


class XapiVersion(StrEnum):
    V1_0_3 = "1.0.3"
    V2_0_0 = "2.0.0"


def negotiate_version(header: str | None) -> XapiVersion:
    """Map the request's version header to the version the request is processed with."""
    if header is None or not header.strip():
        raise XapiError(f"{VERSION_HEADER} header is missing")
    value = header.strip()
    if _V2_HEADER.fullmatch(value):
        return XapiVersion.V2_0_0
    if _V1_HEADER.fullmatch(value):
        return XapiVersion.V1_0_3
    raise XapiError(f"{VERSION_HEADER} header {value!r} is not supported; use 1.0.x or 2.0.x")
