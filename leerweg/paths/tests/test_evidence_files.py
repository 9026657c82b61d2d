"""Upload checks and photo clean-up in ``leerweg.paths.files`` (no database, no Django).

The builders at the top make small real files; the HTTP tests use them too.
"""

import io
import zipfile

import pytest
from PIL import Image
from PIL.ExifTags import IFD, Base

from leerweg.paths import files
from leerweg.paths.files import Refusal, UploadRefusedError

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML_BYTES = b"<!doctype html><script>alert(document.cookie)</script>"
# Somewhere in the Netherlands; must never reach the disk.
GPS = {
    1: "N",
    2: (52.0, 5.0, 30.0),
    3: "E",
    4: (4.0, 54.0, 12.0),
}


def jpeg_bytes(
    size: tuple[int, int] = (800, 600), *, gps: bool = False, orientation: int | None = None
) -> bytes:
    image = Image.new("RGB", size, (20, 130, 140))
    # A red block top-left, to see where the top went after turning upright.
    image.paste((220, 30, 30), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif[Base.Make] = "PhoneMaker"
    exif[Base.ImageDescription] = "Sanne op het schoolplein"
    if orientation:
        exif[Base.Orientation] = orientation
    if gps:
        exif.get_ifd(IFD.GPSInfo).update(GPS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), comment=b"secret comment")
    return buffer.getvalue()


def image_bytes(fmt: str, size: tuple[int, int] = (120, 90), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "orange").save(buffer, fmt)
    return buffer.getvalue()


def ooxml_bytes(main_part: str = "wordprocessingml.document", *, macros: bool = False) -> bytes:
    content_type = f"application/vnd.openxmlformats-officedocument.{main_part}.main+xml"
    if macros:
        content_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/main.xml" ContentType="{content_type}"/></Types>',
        )
        package.writestr("main.xml", "<document/>")
        if macros:
            package.writestr("word/vbaProject.bin", b"\x00" * 16)
    return buffer.getvalue()


def odf_bytes(kind: str = "text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def check(data: bytes, name: str) -> files.CheckedUpload:
    return files.check_document(io.BytesIO(data), name)


def refusal_of(data: bytes, name: str) -> Refusal:
    with pytest.raises(UploadRefusedError) as caught:
        check(data, name)
    return caught.value.reason


# Photos


def test_a_photo_loses_its_gps_position_and_all_other_metadata():
    original = jpeg_bytes(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(IFD.GPSInfo)
    prepared = files.prepare_image(io.BytesIO(original))
    stored = prepared.content.read()
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert not image.getexif().get_ifd(IFD.GPSInfo)
    assert b"Exif" not in stored
    assert b"secret comment" not in stored
    assert b"PhoneMaker" not in stored
    assert (prepared.content_type, prepared.extension) == ("image/jpeg", "jpg")


def test_a_photo_is_turned_upright_by_its_exif_orientation_before_the_tag_goes():
    # Orientation 6: the camera was turned; the stored pixels must be upright.
    prepared = files.prepare_image(io.BytesIO(jpeg_bytes((800, 600), orientation=6)))
    image = Image.open(prepared.content)
    assert image.size == (600, 800)
    # The red block was top-left of the sensor; turned 90° clockwise it is top-right.
    red, _green, _blue = image.convert("RGB").getpixel((image.width - 10, 10))  # type: ignore[misc]
    assert red > 150


def test_a_large_photo_is_capped_and_gets_a_480_pixel_wide_thumbnail():
    prepared = files.prepare_image(io.BytesIO(jpeg_bytes((4000, 3000))))
    assert Image.open(prepared.content).size == (2560, 1920)
    assert prepared.thumbnail is not None
    thumbnail = Image.open(io.BytesIO(prepared.thumbnail))
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (480, 360))


@pytest.mark.parametrize(
    ("fmt", "mode", "stored"),
    [
        ("PNG", "RGBA", "png"),
        ("PNG", "P", "png"),
        ("WEBP", "RGB", "webp"),
        ("GIF", "P", "png"),
        ("JPEG", "CMYK", "jpg"),
        ("JPEG", "L", "jpg"),
    ],
)
def test_each_accepted_photo_format_is_written_anew(fmt: str, mode: str, stored: str):
    prepared = files.prepare_image(io.BytesIO(image_bytes(fmt, mode=mode)))
    assert prepared.extension == stored
    assert Image.open(prepared.content).size == (120, 90)
    assert prepared.size == len(prepared.content.getvalue())  # type: ignore[attr-defined]


def test_a_phone_jpeg_with_extra_pictures_keeps_its_main_picture():
    main, depth_map = Image.new("RGB", (300, 200), "blue"), Image.new("RGB", (300, 200), "red")
    buffer = io.BytesIO()
    main.save(buffer, "MPO", save_all=True, append_images=[depth_map])
    prepared = files.prepare_image(io.BytesIO(buffer.getvalue()))
    image = Image.open(prepared.content)
    assert (image.format, prepared.extension) == ("JPEG", "jpg")
    assert getattr(image, "n_frames", 1) == 1
    red, _green, blue = image.convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert blue > red


@pytest.mark.parametrize(
    "data",
    [PDF_BYTES, HTML_BYTES, b"", image_bytes("BMP"), image_bytes("TIFF"), jpeg_bytes()[:200]],
    ids=["pdf", "html", "empty", "bmp", "tiff", "truncated-jpeg"],
)
def test_anything_but_a_readable_jpeg_png_webp_or_gif_is_not_a_photo(data: bytes):
    with pytest.raises(UploadRefusedError) as caught:
        files.prepare_image(io.BytesIO(data))
    assert caught.value.reason is Refusal.NOT_AN_IMAGE


def test_a_photo_with_too_many_pixels_is_refused_before_decoding():
    with pytest.raises(UploadRefusedError) as caught:
        files.prepare_image(io.BytesIO(image_bytes("PNG", size=(9000, 8000), mode="1")))
    assert caught.value.reason is Refusal.IMAGE_TOO_LARGE


# Files


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (PDF_BYTES, "Verslag.PDF", "application/pdf"),
        (ooxml_bytes("wordprocessingml.document"), "verslag.docx", "wordprocessingml"),
        (ooxml_bytes("spreadsheetml.sheet"), "cijfers.xlsx", "spreadsheetml"),
        (ooxml_bytes("presentationml.presentation"), "bijen.pptx", "presentationml"),
        (odf_bytes("text"), "verslag.odt", "opendocument.text"),
        (odf_bytes("spreadsheet"), "cijfers.ods", "opendocument.spreadsheet"),
        (odf_bytes("presentation"), "bijen.odp", "opendocument.presentation"),
        ("Ik heb geleerd: één, twee.\r\n".encode(), "notities.txt", "text/plain"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 32, "lied.mp3", "audio/mpeg"),
        (b"\xff\xfb\x90\x64" + b"\x00" * 32, "lied.mp3", "audio/mpeg"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", "film.mp4", "video/mp4"),
        (b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A isom", "opname.m4a", "audio/mp4"),
    ],
)
def test_each_accepted_file_type_is_recognised_by_its_content(
    data: bytes, name: str, content_type: str
):
    checked = check(data, name)
    assert content_type in checked.content_type
    assert checked.size == len(data)
    assert checked.thumbnail is None


def test_a_file_whose_name_does_not_match_its_content_is_refused():
    assert refusal_of(PDF_BYTES, "verslag.docx") is Refusal.NAME_MISMATCH
    assert refusal_of(ooxml_bytes(), "verslag.pdf") is Refusal.NAME_MISMATCH
    assert refusal_of(b"plain words", "notities.pdf") is Refusal.NAME_MISMATCH


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00", "spel.exe"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "verslag.pdf"),
        (b"\x7fELF\x02\x01\x01", "notities.txt"),
        (b"PK\x03\x04 not really a zip", "verslag.docx"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "film.mp4"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "foto.mp4"),
        (b"", "leeg.txt"),
    ],
    ids=["exe", "exe-as-pdf", "elf-as-txt", "broken-zip", "quicktime", "heic", "empty"],
)
def test_unknown_content_is_refused_whatever_the_name(data: bytes, name: str):
    assert refusal_of(data, name) is Refusal.UNKNOWN_TYPE


def test_a_plain_zip_is_not_an_office_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<document/>")
    assert refusal_of(buffer.getvalue(), "verslag.docx") is Refusal.UNKNOWN_TYPE


def test_office_files_with_macros_are_refused():
    assert refusal_of(ooxml_bytes(macros=True), "verslag.docx") is Refusal.MACROS


def test_a_photo_offered_as_a_file_is_sent_to_the_photo_form():
    assert refusal_of(image_bytes("PNG"), "foto.png") is Refusal.IS_IMAGE
    assert refusal_of(jpeg_bytes(), "foto.pdf") is Refusal.IS_IMAGE


def test_the_type_label_names_the_stored_type():
    assert files.type_label("application/pdf") == "PDF"
    assert files.type_label("image/jpeg") == "JPEG"
    assert files.type_label("text/plain; charset=utf-8") == "TXT"
    assert files.type_label(files.DOCUMENT_TYPES["docx"].content_type) == "DOCX"
