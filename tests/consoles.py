"""A file a rich Console prints to that says which encoding it writes (a terminal that is not
UTF-8, for the tests that print as cm does to one)."""

from __future__ import annotations

import io


class EncodedOut(io.StringIO):
    def __init__(self, encoding: str):
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding
