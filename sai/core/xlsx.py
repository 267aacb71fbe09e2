"""Reading XLSX sheets without trusting what they say about themselves.

openpyxl's read-only mode pads every row to the sheet's declared dimension (`<dimension ref="A1:XFD3000"/>`),
which a 1.5 kB file can set to tens of millions of cells: reading would cost time linear in the claim, not in the
data. Here the declared dimension is dropped (rows are padded only up to their last stored cell) and every cell
position visited, stored or padding, counts against the caller's budget.
"""

from collections.abc import Iterator


class SheetTooLargeError(Exception):
    """The sheet holds more cell positions than the caller's budget."""


def xlsx_rows(worksheet, *, max_cells: int) -> Iterator[tuple]:
    """The value tuples of a read-only worksheet's rows; SheetTooLargeError past `max_cells` positions visited."""
    worksheet.reset_dimensions()
    visited = 0
    for row in worksheet.iter_rows(values_only=True):
        visited += len(row) + 1  # an empty row costs a step too
        if visited > max_cells:
            raise SheetTooLargeError(f"más de {max_cells} celdas")
        yield row
