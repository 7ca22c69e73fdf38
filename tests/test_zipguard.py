"""model/zipguard.declares_entities: the DOCTYPE and entity declarations an Office part never has."""

from __future__ import annotations

import pytest

from commentmatrix.model.zipguard import declares_entities

W = b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
PADDING = b"<w:style/>" * 1000  # past the 4,096 bytes a DOCTYPE is looked for in


@pytest.mark.parametrize(("data", "declares"), [
    (b'<?xml version="1.0"?>' + W + PADDING + b"</w:styles>", False),
    (b'<?xml version="1.0"?><!-- saved by hand -->' + W + b"<![CDATA[<!doc>]]></w:styles>", False),
    (b'<?xml version="1.0"?><!DOCTYPE x>' + W + b"</w:styles>", True),
    (b'\xef\xbb\xbf<?xml version="1.0"?><!doctype x>' + W + b"</w:styles>", True),
    (b'<?xml version="1.0"?>' + W + PADDING + b'<!EnTiTy a "aa"></w:styles>', True),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x>'.encode("utf-16"), True),
    ('<?xml version="1.0" encoding="UTF-16"?><w:styles/>'.encode("utf-16"), False),
    ('<?xml version="1.0"?><!ENTITY a "b">'.encode("utf-16-le"), True),
])
def test_declarations_are_found_anywhere_and_in_any_case(data: bytes, declares: bool) -> None:
    assert declares_entities(data) is declares
