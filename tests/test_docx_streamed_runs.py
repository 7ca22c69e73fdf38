"""render/docx/stream.StreamedDocument.run keeps runs and run properties between calls: whatever
came before, each run is the one text.run_format and wordml.run_xml make of it alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from commentmatrix.render.docx.stream import DECISION_STYLES, StreamedDocument
from commentmatrix.render.docx.text import run_format
from commentmatrix.render.docx.wordml import run_xml

# Pieces of every script the typesetting tells apart, and a long one: texts over the length whose
# whole run is kept (stream._SHORT) are kept by their properties only.
PIECES = st.sampled_from(["word ", "a-b", "ภาษาไทย", "ພາສາ", "ភាសា", "မြန်မာ", "中文", "かな", "한국", "Tiếng Việt", " ",
                          "x" * 70, "\t", "<&>"])
RUN = st.tuples(st.lists(PIECES, max_size=6).map("".join),
                st.sampled_from([None, "en", "zh", "th", "lo", "km", "my", "vi", "ja", "ko"]),
                st.booleans(), st.booleans(), st.sampled_from([None, *DECISION_STYLES.values()]),
                st.sampled_from([None, "delete", "insert"]), st.booleans())
DOCUMENT = StreamedDocument(None)


@settings(max_examples=300)
@given(st.lists(RUN, min_size=1, max_size=12))
def test_a_kept_run_is_the_run_made_alone(runs) -> None:
    document = StreamedDocument(None) if len(runs) % 2 else DOCUMENT  # a fresh document, or one that has kept many
    for value, lang, bold, italic, run_style, change, unbroken in runs:
        alone = run_xml(value, run_format(value, lang, document._script_style, bold=bold, italic=italic,
                                          run_style=document.style(run_style)), change=change, unbroken=unbroken)
        assert document.run(value, lang, bold=bold, italic=italic, run_style=run_style, change=change,
                            unbroken=unbroken) == alone
