"""Reading our PDFs back: the text (pypdf) and, per character, whether an embedded font program
has a real glyph for it (fontTools on the FontFile streams)."""

import io
import re

from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of every page, without whitespace (letter-spacing and line breaks put spaces
    where the source had none)."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """CID → text from a ToUnicode CMap (bfchar and bfrange entries)."""
    text = cmap.decode("latin-1")
    mapping: dict[int, str] = {}

    def decode(hexstr: str) -> str:
        return bytes.fromhex(hexstr).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for cid, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(cid, 16)] = decode(uni)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for start, end, uni in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            first = ord(decode(uni))
            for offset, cid in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[cid] = chr(first + offset)
    return mapping


def _has_outline(font: TTFont, gid: int) -> bool:
    order = font.getGlyphOrder()
    if gid == 0 or gid >= len(order):
        return False  # .notdef or missing: an empty box
    pen = RecordingPen()
    font.getGlyphSet()[order[gid]].draw(pen)
    return any(op in ("lineTo", "curveTo", "qCurveTo") for op, _args in pen.value)


def embedded_glyphs(content: bytes) -> dict[str, set[str]]:
    """For every character the PDF's fonts map, the base font names that draw it with a real
    outline (an empty set: the character only has .notdef or an empty glyph)."""
    reader = PdfReader(io.BytesIO(content))
    drawn: dict[str, set[str]] = {}
    seen = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            key = id(font)
            if key in seen or "/DescendantFonts" not in font:
                continue
            seen.add(key)
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            if stream is None:
                continue
            program = TTFont(io.BytesIO(stream.get_object().get_data()))
            for cid, text in _to_unicode(font["/ToUnicode"].get_object().get_data()).items():
                names = drawn.setdefault(text, set())
                if _has_outline(program, cid):
                    names.add(str(font["/BaseFont"]))
    return drawn
