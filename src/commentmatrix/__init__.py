"""commentmatrix: consultations on strategy drafts, kept as YAML in git."""

__version__ = "0.1.0"
