"""Bytes of a saved page to text: the encoding found, never guessed into U+FFFD.

UTF-8 (with or without its byte order mark), UTF-16 and UTF-32 with a byte order
mark, the charset an HTML ``<meta>`` declares, and otherwise Windows-1252 (which
Latin-1 pages are, per the WHATWG encoding standard) for a page that is not UTF-8.
Bytes no encoding can read refuse the file with a FormatError naming the offset.
Incremental: a 50 MB page is decoded chunk by chunk.
"""

from __future__ import annotations

import codecs
import re

from privdocs.core.errors import FormatError

EMPTY_FILE = "the file is empty: expected a published privacy documents page"
BINARY_FILE = (
    "a binary file, not a published privacy documents page (plain text or HTML)"
)
JSON_FILE = "a JSON file, not a published privacy documents page (plain text or HTML)"
UNKNOWN_CHARSET = (
    "the page declares the character set {charset!r}, which is not known; "
    "save it as UTF-8"
)
UNDECODABLE = (
    "byte {offset} (0x{byte:02X}) cannot be read as {encoding}: the page is not in "
    "the character set {why}; save it as UTF-8"
)

#: How many bytes are read before the encoding is decided.
SNIFF_BYTES = 8192

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET_RE = re.compile(
    rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*(?P<charset>[A-Za-z0-9_.:\-]+)",
    re.IGNORECASE,
)
# WHATWG: these labels mean windows-1252; a UTF-16 label without a BOM means UTF-8.
_CP1252_LABELS = frozenset(
    ["iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819"]
)
_JSON_START_RE = re.compile(
    r"\s*(?:\{\s*(?:\"|\})|\[\s*(?:[\[\]{\"\d\-]|true|false|null))"
)
# C0 controls but tab, newline, carriage return and form feed; and what a lossy
# decoding left.
_JUNK_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _codec_for_label(label: str, *, source: str) -> str:
    lowered = label.lower()
    if lowered in _CP1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(lowered).name
    except LookupError:
        raise FormatError(UNKNOWN_CHARSET.format(charset=label), where=source) from None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def _choose_encoding(
    sample: bytes, *, final: bool, source: str
) -> tuple[str, int, str]:
    """The codec, the length of its byte order mark, and why it was chosen."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name, len(bom), f"its byte order mark gives ({name})"
    declared = _META_CHARSET_RE.search(sample)
    if declared is not None:
        label = declared["charset"].decode("ascii")
        return (
            _codec_for_label(label, source=source),
            0,
            f"its <meta charset> declares ({label})",
        )
    if b"\x00" in sample:
        # UTF-16 without a byte order mark, or not text at all.
        raise FormatError(BINARY_FILE, where=source)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=final)
    except UnicodeDecodeError:
        return "cp1252", 0, "of a page that is not UTF-8 (Windows-1252)"
    return "utf-8", 0, "of its start (UTF-8)"


class PageDecoder:
    """Decodes a page fed in chunks of bytes; ``feed`` returns the text so far."""

    def __init__(self, *, source: str) -> None:
        self.source = source
        self.encoding: str | None = None
        self._why = ""
        self._pending = b""
        self._offset = 0
        self._decoder: codecs.IncrementalDecoder | None = None

    def feed(self, chunk: bytes) -> str:
        """The text of ``chunk`` (and of earlier chunks held back to sniff)."""
        if self._decoder is None:
            self._pending += chunk
            if len(self._pending) < SNIFF_BYTES:
                return ""
            return self._start(final=False)
        return self._decode(self._decoder, chunk, final=False)

    def finish(self) -> str:
        """The rest of the text, once the last chunk has been fed."""
        if self._decoder is None:
            return self._start(final=True)
        return self._decode(self._decoder, b"", final=True)

    def _start(self, *, final: bool) -> str:
        sample, self._pending = self._pending, b""
        encoding, skip, self._why = _choose_encoding(
            sample, final=final, source=self.source
        )
        self.encoding = encoding
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._decoder = decoder
        self._offset = skip
        text = self._decode(decoder, sample[skip:], final=final)
        if _JUNK_RE.search(text[:SNIFF_BYTES]) and _is_binary(text[:SNIFF_BYTES]):
            raise FormatError(BINARY_FILE, where=self.source)
        return text

    def _decode(
        self, decoder: codecs.IncrementalDecoder, chunk: bytes, *, final: bool
    ) -> str:
        # The decoder holds back the start of a character cut by the chunk's end.
        held = len(decoder.getstate()[0])
        try:
            text = decoder.decode(chunk, final=final)
        except UnicodeDecodeError as error:
            offset = self._offset - held + error.start
            raise FormatError(
                UNDECODABLE.format(
                    offset=offset,
                    byte=error.object[error.start],
                    encoding=self.encoding,
                    why=self._why,
                ),
                where=self.source,
            ) from None
        self._offset += len(chunk)
        return text


def _is_binary(text: str) -> bool:
    junk = len(_JUNK_RE.findall(text))
    return ("\x00" in text and junk > 3) or junk > max(3, len(text) // 100)


def refuse_non_page(head: str, *, source: str) -> None:
    """Refuse text that is not a page, from its start: binary junk or JSON."""
    if _is_binary(head):
        raise FormatError(BINARY_FILE, where=source)
    if _JSON_START_RE.match(head):
        raise FormatError(JSON_FILE, where=source)


def page_decode(raw: bytes, source: str) -> str:
    """The text of a saved page; raise FormatError if it cannot be read as text."""
    decoder = PageDecoder(source=source)
    return decoder.feed(raw) + decoder.finish()
