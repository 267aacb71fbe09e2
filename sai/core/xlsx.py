"""Reading XLSX sheets without trusting what they say about themselves.

openpyxl's read-only mode pads every row to the sheet's declared dimension (`<dimension ref="A1:XFD3000"/>`),
which a 1.5 kB file can set to tens of millions of cells: reading would cost time linear in the claim, not in the
data. Here the declared dimension is dropped (rows are padded only up to their last stored cell) and every cell
position visited, stored or padding, counts against the caller's budget.
"""

from collections.abc import Iterator

from openpyxl.utils.cell import range_boundaries
from openpyxl.xml.functions import iterparse

_MERGE_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"


class SheetTooLargeError(Exception):
    """The sheet holds more cell positions than the caller's budget."""


def xlsx_rows(worksheet, *, max_cells: int, values_only: bool = True) -> Iterator[tuple]:
    """The value tuples (or read-only cells, with their number formats) of a read-only worksheet's rows;
    SheetTooLargeError past `max_cells` positions visited."""
    worksheet.reset_dimensions()
    visited = 0
    for row in worksheet.iter_rows(values_only=values_only):
        visited += len(row) + 1  # an empty row costs a step too
        if visited > max_cells:
            raise SheetTooLargeError(f"más de {max_cells} celdas")
        yield row


def xlsx_merged_ranges(worksheet, *, limit: int) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a read-only worksheet as (min_col, min_row, max_col, max_row), at most `limit` of them.

    Read-only mode does not expose `merged_cells`; the ranges sit at the end of the sheet's XML, read here as a stream.
    """
    ranges = []
    with worksheet._get_source() as source:
        for _event, element in iterparse(source):
            if element.tag == _MERGE_CELL and element.get("ref"):
                ranges.append(range_boundaries(element.get("ref")))
                if len(ranges) >= limit:
                    break
            element.clear()
    return ranges
