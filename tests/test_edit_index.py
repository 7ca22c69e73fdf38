"""The check record's index of edits (model/edit_index.py): what it is given is what it gives back,
encoded and decoded file by file, and after an update."""

from __future__ import annotations

from commentmatrix.model.edit_index import EditEntry, EditIndex


def entry(file: str, comment: int, edit: int, status: str, text: str | None, kind: str = "replace") -> EditEntry:
    return EditEntry(file, ("comments", comment, "proposal", edit), kind, status, "d1", text)


ENTRIES = [entry("comments/a.yaml", 0, 0, "applied", "p1"), entry("comments/a.yaml", 0, 1, "checked", "p2"),
           entry("comments/b.yaml", 3, 0, "conflict", "p1"), entry("comments/b.yaml", 4, 0, "applied", None, "insert"),
           entry("comments/c.yaml", 1, 0, "failed", None)]


def lookups(index: EditIndex) -> tuple:
    return ([index.by_request(e.key) for e in ENTRIES], index.on_text("d1", "p1"), index.on_text("d1", "p2"),
            index.on_text("d2", "p1"), index.of_comment("comments/b.yaml", 3), index.of_comment("comments/a.yaml", 9),
            index.by_request(("comments/z.yaml", ("comments", 0))))


def test_what_is_indexed_is_found_again_encoded_and_decoded():
    made = EditIndex(ENTRIES)
    found = lookups(made)
    assert found == (ENTRIES, [ENTRIES[0], ENTRIES[2]], [ENTRIES[1]], [], [ENTRIES[2]], [], None)
    assert lookups(EditIndex(encoded=made.encoded)) == found


def test_an_update_changes_only_what_it_names():
    index = EditIndex(encoded=EditIndex(ENTRIES).encoded)
    moved = ENTRIES[2]._replace(status="applied")
    new = entry("comments/b.yaml", 3, 1, "applied", "p3")
    updated = index.updated({moved.key: moved, new.key: new}, {ENTRIES[0].key})
    for again in (updated, EditIndex(encoded=updated.encoded)):
        assert again.by_request(ENTRIES[0].key) is None
        assert again.status_of(ENTRIES[2].key) == "applied"
        assert again.on_text("d1", "p1") == [moved]
        assert again.on_text("d1", "p3") == [new]
        assert again.of_comment("comments/b.yaml", 3) == [moved, new]
        assert again.of_file("comments/c.yaml") == [ENTRIES[4]]
        assert again.on_text("d1", "p2") == [ENTRIES[1]]
    assert index.status_of(ENTRIES[2].key) == "conflict"  # the index updated is left as it was
