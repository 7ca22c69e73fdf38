"""What cm shows on a terminal, through rich. Importing the package first has rich measure text as
terminals draw it (terminal/cells.py), so nothing is laid out with rich's own widths."""

from commentmatrix.terminal import cells as _cells

_cells.install()
