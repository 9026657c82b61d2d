"""Checking uploaded evidence by its content, and making photos safe to keep.

Plain Python and Pillow, no Django: the form turns a refusal into a message,
the service stores what comes out.

What is accepted is decided by the bytes, never by the browser's content type
or the file name. A file's name must still agree with what its bytes turn out
to be; a photo's name does not matter, as the photo is written anew.

Photos (``prepare_image``): JPEG, PNG, WebP and GIF, as far as Pillow can
decode and verify them. Every photo is decoded and written anew, which drops
all metadata (EXIF with GPS position, XMP, comments): a child's photo must
never reveal where it was taken. Steps:

1. open with only the decoders of these four allowed, refuse more than
   ``MAX_IMAGE_PIXELS`` before decoding anything (decompression bombs),
   and ``verify()`` the file's structure;
2. open again (``verify`` leaves the image unusable), keep the first frame of
   an animation, turn the image upright by its EXIF orientation;
3. shrink to at most ``MAX_IMAGE_SIDE`` pixels on the longest side;
4. copy the pixels into a fresh image, so nothing of the original's metadata
   can travel along; keep only the colour profile;
5. save as JPEG, PNG or WebP (a GIF becomes a PNG), and a WebP thumbnail
   ``THUMBNAIL_WIDTH`` pixels wide.

Files (``check_document``): see ``DOCUMENT_TYPES``. Office files must be real
Office Open XML or OpenDocument packages and may not contain macros.
"""

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

from PIL import Image, ImageOps

MAX_IMAGE_SIDE = 2560
MAX_IMAGE_PIXELS = 64_000_000  # 8000 × 8000; phones make at most 48 megapixels
THUMBNAIL_WIDTH = 480
THUMBNAIL_MAX_HEIGHT = 960
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80

# Pillow format → (stored format, extension, content type).
IMAGE_FORMATS = {
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    # Many phone cameras write JPEGs with extra pictures (depth maps, previews)
    # that Pillow reads as MPO; only the main picture is kept.
    "MPO": ("JPEG", "jpg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
    "WEBP": ("WEBP", "webp", "image/webp"),
    "GIF": ("PNG", "png", "image/png"),  # first frame only
}
# The decoders Pillow may try; the JPEG decoder hands over MPO files itself.
IMAGE_DECODERS = ["JPEG", "PNG", "WEBP", "GIF"]
THUMBNAIL_EXTENSION = "webp"
THUMBNAIL_CONTENT_TYPE = "image/webp"


OOXML = "application/vnd.openxmlformats-officedocument."


@dataclass(frozen=True)
class DocumentType:
    label: str  # the same in every language: the usual name of the extension
    extension: str
    content_type: str


DOCUMENT_TYPES = {
    document.extension: document
    for document in (
        DocumentType("PDF", "pdf", "application/pdf"),
        DocumentType("DOCX", "docx", f"{OOXML}wordprocessingml.document"),
        DocumentType("XLSX", "xlsx", f"{OOXML}spreadsheetml.sheet"),
        DocumentType("PPTX", "pptx", f"{OOXML}presentationml.presentation"),
        DocumentType("ODT", "odt", "application/vnd.oasis.opendocument.text"),
        DocumentType("ODS", "ods", "application/vnd.oasis.opendocument.spreadsheet"),
        DocumentType("ODP", "odp", "application/vnd.oasis.opendocument.presentation"),
        DocumentType("TXT", "txt", "text/plain; charset=utf-8"),
        DocumentType("MP3", "mp3", "audio/mpeg"),
        DocumentType("M4A", "m4a", "audio/mp4"),
        DocumentType("MP4", "mp4", "video/mp4"),
    )
}

# Main-part content types in an Office package's [Content_Types].xml.
OOXML_MAIN_PARTS = {
    b"wordprocessingml.document.main+xml": "docx",
    b"spreadsheetml.sheet.main+xml": "xlsx",
    b"presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
M4A_BRANDS = {b"M4A ", b"M4B "}
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
MAX_CONTENT_TYPES_XML = 1024 * 1024
TEXT_CHUNK = 64 * 1024
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class Refusal(StrEnum):
    NOT_AN_IMAGE = "not_an_image"
    IMAGE_TOO_LARGE = "image_too_large"
    UNKNOWN_TYPE = "unknown_type"
    NAME_MISMATCH = "name_mismatch"
    IS_IMAGE = "is_image"
    MACROS = "macros"


class UploadRefusedError(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks, ready to be stored."""

    content: BinaryIO
    extension: str
    content_type: str
    size: int
    thumbnail: bytes | None = None


def type_label(content_type: str) -> str:
    """A short name for a stored file's type: "PDF", "DOCX", "JPEG", …"""
    for document in DOCUMENT_TYPES.values():
        if document.content_type == content_type:
            return document.label
    return content_type.partition("/")[2].split(";")[0].upper()


def extension_of(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# Photos


def prepare_image(stream: BinaryIO) -> CheckedUpload:
    """Check a photo and write it anew without metadata; see the module docstring."""
    try:
        image = _open_verified(stream)
        stored_format, extension, content_type = IMAGE_FORMATS[image.format or ""]
        image = _upright_and_capped(image)
        clean = _fresh_copy(image, stored_format)
        icc_profile = image.info.get("icc_profile")
        data = _encode(clean, stored_format, icc_profile=icc_profile)
        thumbnail = _thumbnail(clean)
    except UploadRefusedError:
        raise
    except Exception as error:
        # Pillow reports broken or hostile files with many kinds of exception
        # (UnidentifiedImageError, OSError, SyntaxError, struct.error, …).
        raise UploadRefusedError(Refusal.NOT_AN_IMAGE) from error
    return CheckedUpload(
        content=io.BytesIO(data),
        extension=extension,
        content_type=content_type,
        size=len(data),
        thumbnail=thumbnail,
    )


def _open_verified(stream: BinaryIO) -> Image.Image:
    stream.seek(0)
    with Image.open(stream, formats=IMAGE_DECODERS) as probe:
        width, height = probe.size
        if width * height > MAX_IMAGE_PIXELS:
            raise UploadRefusedError(Refusal.IMAGE_TOO_LARGE)
        probe.verify()
    stream.seek(0)
    image = Image.open(stream, formats=IMAGE_DECODERS)
    image.seek(0)
    if image.format in ("JPEG", "MPO"):
        # Let the JPEG decoder scale down while decoding: far less memory.
        image.draft(None, (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    image.load()
    return image


def _upright_and_capped(image: Image.Image) -> Image.Image:
    upright = ImageOps.exif_transpose(image) or image
    upright.format = image.format
    upright.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
    return upright


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _fresh_copy(image: Image.Image, stored_format: str) -> Image.Image:
    """The pixels only, in a mode the stored format can hold, with empty ``info``."""
    if stored_format == "JPEG":
        mode = "L" if image.mode in ("1", "L") else "RGB"
    elif _has_alpha(image):
        mode = "RGBA"
    else:
        mode = "L" if image.mode in ("1", "L") and stored_format == "PNG" else "RGB"
    converted = image.convert(mode) if image.mode != mode else image
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _encode(image: Image.Image, stored_format: str, *, icc_profile: bytes | None) -> bytes:
    options: dict[str, object] = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if stored_format in ("JPEG", "WEBP"):
        options["quality"] = JPEG_QUALITY
    buffer = io.BytesIO()
    image.save(buffer, stored_format, **options)
    return buffer.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_MAX_HEIGHT), Image.Resampling.LANCZOS)
    if small.mode not in ("RGB", "RGBA"):
        small = small.convert("RGB")
    buffer = io.BytesIO()
    small.save(buffer, "WEBP", quality=THUMBNAIL_QUALITY)
    return buffer.getvalue()


# Files


def check_document(stream: BinaryIO, filename: str) -> CheckedUpload:
    """Recognise a document by its bytes; its name must end in the matching extension."""
    detected = _sniff(stream)
    if detected is None:
        raise UploadRefusedError(Refusal.UNKNOWN_TYPE)
    if detected == "image":
        raise UploadRefusedError(Refusal.IS_IMAGE)
    document = DOCUMENT_TYPES[detected]
    if extension_of(filename) != document.extension:
        raise UploadRefusedError(Refusal.NAME_MISMATCH)
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    return CheckedUpload(
        content=stream,
        extension=document.extension,
        content_type=document.content_type,
        size=size,
    )


def _sniff(stream: BinaryIO) -> str | None:
    stream.seek(0)
    head = stream.read(64)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_package(stream)
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "mp4" if brand in MP4_BRANDS else "m4a" if brand in M4A_BRANDS else None
    if head.startswith(b"ID3") or _is_mpeg_audio_frame(head):
        return "mp3"
    if head.startswith(IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    return "txt" if _is_utf8_text(stream) else None


def _is_mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG audio frame header: sync bits, then no reserved version, layer or rate."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer != 0b00 and bitrate != 0b1111 and sample_rate != 0b11


def _sniff_package(stream: BinaryIO) -> str | None:
    """ODF and Office Open XML are zip packages; tell them apart by their manifest."""
    try:
        with zipfile.ZipFile(stream) as package:
            names = package.namelist()
            infos = {info.filename: info for info in package.infolist()}
            if "mimetype" in infos and infos["mimetype"].file_size < 100:
                kind = ODF_MIMETYPES.get(package.read("mimetype").strip())
                if kind and any(name.startswith(("Basic/", "Scripts/")) for name in names):
                    raise UploadRefusedError(Refusal.MACROS)
                return kind
            manifest = infos.get("[Content_Types].xml")
            if manifest is None or manifest.file_size > MAX_CONTENT_TYPES_XML:
                return None
            content_types = package.read(manifest)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        return None
    finally:
        stream.seek(0)
    if b"macroEnabled" in content_types or any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        raise UploadRefusedError(Refusal.MACROS)
    for main_part, kind in OOXML_MAIN_PARTS.items():
        if main_part in content_types:
            return kind
    return None


def _is_utf8_text(stream: BinaryIO) -> bool:
    """UTF-8 (with or without BOM) and no control characters but tab, newline, form feed."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen_any = False
    try:
        while chunk := stream.read(TEXT_CHUNK):
            seen_any = True
            if CONTROL_CHARACTERS.search(decoder.decode(chunk)):
                return False
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return seen_any
