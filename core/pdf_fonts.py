"""Prepared fonts for the PDF renderer: the system's CJK fonts cut into small slices.

Why: WeasyPrint embeds a subset of every font a document uses, and HarfBuzz's subsetting
keeps the original glyph ids, so its cost grows with the font, not with the text. A Noto CJK
face has 65,535 glyphs in a 26 MB collection: subsetting it and copying it out of the
collection cost about 70 ms per face per document, more than the layout of two pages.

So the faces are cut once, with HarfBuzz, into slices of a few thousand characters with
compact glyph ids: the core slice holds what almost every document uses (ASCII, punctuation
and the 7,445 characters of GB 2312), and the rest of the face follows in slices by code
point, then the characters no Noto face has (CJK extensions B to F, from HanaMin). A document
pays for the core slice and for the few slices its rare characters live in. Every character
the system's fonts can draw stays available: the slices together cover the whole cmap of
each source face, and the stylesheet lists them as one fallback chain.

The slices are written to PDF_FONT_DIR (var/fonts by default) by `manage.py pdf_fonts` (the
set-up runs it) or on first use, with a manifest that names the source files, so changed
system fonts are re-cut.
"""

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from cffi import FFI
from django.conf import settings

logger = logging.getLogger(__name__)

PLAN_VERSION = 2
SLICE_SIZE = 1500  # code points per slice after the core ones: 1-2 ms to subset at render


@dataclass(frozen=True)
class SourceFace:
    key: str  # short name used in file and family names
    candidates: tuple[str, ...]  # paths where Debian and other systems install it
    index: int  # face index inside a collection (.ttc)
    weight: int
    family_name: str  # the face's own name, to check we picked the right one


NOTO_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk")
SOURCES = (
    # Noto Serif CJK: index 2 of the collection is the Simplified Chinese face (SC).
    SourceFace("serif", tuple(f"{d}/NotoSerifCJK-Regular.ttc" for d in NOTO_DIRS), 2, 400, "SC"),
    SourceFace("serif", tuple(f"{d}/NotoSerifCJK-Bold.ttc" for d in NOTO_DIRS), 2, 700, "SC"),
    # HanaMin (Debian's fonts-hanazono) draws what Noto CJK lacks: most of extensions B to F.
    SourceFace("hana", ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",), 0, 400, ""),
    SourceFace("hana", ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",), 0, 400, ""),
)


@dataclass(frozen=True)
class FontSlice:
    family: str  # CSS family name of this slice
    weight: int
    file: str  # file name inside the font directory
    codepoints: int


# --- HarfBuzz through cffi (libharfbuzz-subset0, which WeasyPrint needs anyway) ----------------

_ffi = FFI()
_ffi.cdef(
    """
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_set_t hb_set_t;
    typedef struct hb_subset_input_t hb_subset_input_t;
    typedef uint32_t hb_codepoint_t;
    typedef int hb_bool_t;
    hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
    void hb_blob_destroy (hb_blob_t *blob);
    const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
    unsigned int hb_face_count (hb_blob_t *blob);
    hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
    void hb_face_destroy (hb_face_t *face);
    hb_blob_t *hb_face_reference_blob (hb_face_t *face);
    void hb_face_collect_unicodes (hb_face_t *face, hb_set_t *out);
    hb_set_t *hb_set_create (void);
    void hb_set_destroy (hb_set_t *set);
    void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
    unsigned int hb_set_get_population (const hb_set_t *set);
    hb_bool_t hb_set_next (const hb_set_t *set, hb_codepoint_t *codepoint);
    void hb_set_clear (hb_set_t *set);
    hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
    hb_subset_input_t *hb_subset_input_create_or_fail (void);
    void hb_subset_input_destroy (hb_subset_input_t *input);
    hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
    hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
    """
)
_hb = None


def _harfbuzz():
    global _hb
    if _hb is None:
        _hb = _ffi.dlopen("libharfbuzz-subset.so.0")
    return _hb


def _codepoints(hb, face) -> list[int]:
    found = hb.hb_set_create()
    try:
        hb.hb_face_collect_unicodes(face, found)
        out, cursor = [], _ffi.new("hb_codepoint_t *", 0xFFFFFFFF)  # HB_SET_VALUE_INVALID
        while hb.hb_set_next(found, cursor):
            out.append(cursor[0])
        return out
    finally:
        hb.hb_set_destroy(found)


_SETS_LAYOUT_FEATURE_TAG = 6
_FLAGS_DESUBROUTINIZE = 0x4
_KERN = int.from_bytes(b"kern", "big")


def _subset(hb, face, codepoints: list[int]) -> bytes:
    subset_input = hb.hb_subset_input_create_or_fail()
    try:
        unicodes = hb.hb_subset_input_unicode_set(subset_input)
        for codepoint in codepoints:
            hb.hb_set_add(unicodes, codepoint)
        # Only kerning among the layout features: CJK text needs none, and closing over the
        # others (vertical, traditional, JIS forms...) would double the glyphs of a slice.
        features = hb.hb_subset_input_set(subset_input, _SETS_LAYOUT_FEATURE_TAG)
        hb.hb_set_clear(features)
        hb.hb_set_add(features, _KERN)
        # Plain charstrings: WeasyPrint's own subset at render time then has no subroutines
        # to resolve.
        hb.hb_subset_input_set_flags(subset_input, _FLAGS_DESUBROUTINIZE)
        result = hb.hb_subset_or_fail(face, subset_input)
        if result == _ffi.NULL:
            raise RuntimeError("HarfBuzz could not subset the font")
        try:
            blob = hb.hb_face_reference_blob(result)
            length = _ffi.new("unsigned int *")
            data = hb.hb_blob_get_data(blob, length)
            content = bytes(_ffi.buffer(data, length[0]))
            hb.hb_blob_destroy(blob)
            return content
        finally:
            hb.hb_face_destroy(result)
    finally:
        hb.hb_subset_input_destroy(subset_input)


# --- The plan --------------------------------------------------------------------------------


def _gb2312(rows: range) -> set[int]:
    found = set()
    for high in rows:
        for low in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return found


def _core_groups() -> list[set[int]]:
    """What nearly every document uses, in two slices: ASCII and Latin-1, punctuation, CJK
    symbols, full-width forms, GB 2312's symbols and its 3,755 commonest hanzi (level 1);
    then its 3,008 level-2 hanzi."""
    core = set(range(0x20, 0x250)) | set(range(0x2000, 0x2070)) | set(range(0x2100, 0x2200))
    core |= set(range(0x2460, 0x2500)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    core |= _gb2312(range(0xA1, 0xB0)) | _gb2312(range(0xB0, 0xD8))
    return [core, _gb2312(range(0xD8, 0xF8))]


def _existing(face: SourceFace) -> str | None:
    return next((p for p in face.candidates if os.path.exists(p)), None)


def _fingerprint() -> str:
    parts = [f"plan {PLAN_VERSION} {SLICE_SIZE}"]
    for face in SOURCES:
        path = _existing(face)
        if path:
            stat = os.stat(path)
            parts.append(f"{path} {face.index} {stat.st_size} {int(stat.st_mtime)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def font_dir() -> Path:
    return Path(getattr(settings, "PDF_FONT_DIR", settings.VAR_DIR / "fonts"))


def prepare(directory: Path | None = None, *, force: bool = False) -> list[FontSlice]:
    """Cut the source faces into slices (once; again only when the system fonts change)."""
    directory = directory or font_dir()
    manifest_path = directory / "manifest.json"
    fingerprint = _fingerprint()
    if not force and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("fingerprint") == fingerprint and all(
            (directory / s["file"]).exists() for s in manifest["slices"]
        ):
            return [FontSlice(**s) for s in manifest["slices"]]
    directory.mkdir(parents=True, exist_ok=True)
    slices = _cut_all(directory)
    # Written last and atomically: a manifest always describes complete files.
    with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, suffix=".tmp") as tmp:
        json.dump({"fingerprint": fingerprint, "slices": [asdict(s) for s in slices]}, tmp)
    os.replace(tmp.name, manifest_path)
    return slices


def _cut_all(directory: Path) -> list[FontSlice]:
    hb = _harfbuzz()
    cores = _core_groups()
    slices: list[FontSlice] = []
    covered: dict[int, set[int]] = {}  # per weight: code points some earlier slice draws
    for source_number, face_spec in enumerate(SOURCES):
        path = _existing(face_spec)
        if path is None:
            logger.warning("PDF font %s is not installed: %s", face_spec.key, face_spec.candidates)
            continue
        blob = hb.hb_blob_create_from_file_or_fail(path.encode())
        if blob == _ffi.NULL:
            raise RuntimeError(f"cannot read {path}")
        face = hb.hb_face_create(blob, face_spec.index)
        try:
            done = covered.setdefault(face_spec.weight, set())
            available = [c for c in _codepoints(hb, face) if c not in done]
            groups = []
            if not done:  # the first face of each weight starts with the core slices
                for core in cores:
                    groups.append([c for c in available if c in core])
                    available = [c for c in available if c not in core]
            groups += [available[i : i + SLICE_SIZE] for i in range(0, len(available), SLICE_SIZE)]
            for group in groups:
                if not group:
                    continue
                number = len([s for s in slices if s.weight == face_spec.weight])
                name = f"{face_spec.key}{source_number}-{face_spec.weight}-{number:02d}.otf"
                (directory / name).write_bytes(_subset(hb, face, group))
                slices.append(
                    FontSlice(
                        family=f"TJ PDF {number:02d}",
                        weight=face_spec.weight,
                        file=name,
                        codepoints=len(group),
                    )
                )
                done.update(group)
        finally:
            hb.hb_face_destroy(face)
            hb.hb_blob_destroy(blob)
    return slices
