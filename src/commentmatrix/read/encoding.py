"""Which Unicode encoding a project file is in, decided in one place for reading and for editing.

YAML 1.2 (5.2) allows UTF-8, UTF-16 and UTF-32, with or without a byte-order mark; without
one, the zero bytes around the first character (always ASCII in a YAML file) tell. Windows
tools save UTF-16 with a mark, some exporters UTF-16-BE or UTF-32 without. `cm validate` reads
with this, and `cm respond` (write/yaml_edit.py) writes a file back in the encoding and with
the mark it came in, so both always agree on what a file holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from commentmatrix.model.diagnostics import Diagnostic, error


@dataclass(frozen=True)
class Encoding:
    """The codec of the text after the byte-order mark, and the mark itself (b"" when none)."""

    codec: str
    bom: bytes = b""

    @property
    def shown(self) -> str:
        return self.codec.upper().replace("-LE", "").replace("-BE", "")


_MARKS = (  # longest first: the UTF-32-LE mark begins with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def detect(raw: bytes) -> Encoding:
    for mark, codec in _MARKS:
        if raw.startswith(mark):
            return Encoding(codec, mark)
    head = raw[:4]
    if len(head) == 4 and head[:3] == b"\x00\x00\x00":
        return Encoding("utf-32-be")
    if len(head) == 4 and head[1:] == b"\x00\x00\x00":
        return Encoding("utf-32-le")
    if len(head) >= 2 and head[0] == 0:
        return Encoding("utf-16-be")
    if len(head) >= 2 and head[1] == 0:
        return Encoding("utf-16-le")
    return Encoding("utf-8")


def decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text in the encoding `detect` finds, or a Diagnostic at the first bad byte."""
    encoding = detect(raw)
    body = raw[len(encoding.bom):]
    if encoding.codec != "utf-8":
        try:
            return body.decode(encoding.codec), []
        except UnicodeDecodeError as exc:
            shown = encoding.shown
            return None, [error(path, 1, 1, "encoding", f"the file looks like {shown} text but is not valid {shown} ({exc.reason})",
                                "save the file as UTF-8")]
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        return None, [error(path, line, column, "encoding",
                            f"the file is not valid UTF-8 (byte 0x{body[exc.start]:02x} cannot start or continue a character)",
                            "save the file as UTF-8")]
