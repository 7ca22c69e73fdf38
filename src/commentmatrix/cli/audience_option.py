"""`--audience public|internal`, the one option every render of the matrix and the draft takes."""

from __future__ import annotations

from enum import Enum


class Audience(str, Enum):
    public = "public"
    internal = "internal"


AUDIENCE_HELP = ("public (default): what is published or sent out, without contact names, who decided, who wrote "
                 "an imported comment, assignees, internal notes or comments marked internal; internal: the "
                 "secretariat's own copy, with all of them (docs/audiences.md).")
