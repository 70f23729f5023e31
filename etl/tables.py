"""camelot's lattice grids, filled with the page's own characters, as rows of printed cells.

camelot's lattice steps build the grid from the ruling lines of the page's drawing, read with pdfium
(etl.drawing, etl.lattice); the text of each cell comes from the PDF's characters (pdfium), placed by
their centres. This keeps text runs that cross a ruling line (`2336287.41 总计` printed as one run)
apart, and keeps wrapped text in its cell. A word that overflows its cell into the next one (a long
label printed over the amount beside it) stays with the cell that holds most of it.
The rules drawn on the page (pdfium's thin paths) complete camelot's grid where it misses one:
camelot does not see a rule drawn as an open path, and drops a rule whose end meets no row line.
"""
from __future__ import annotations

import bisect
import ctypes
from collections import Counter
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from etl.drawing import Rule, displayed, read_drawing
from etl.lattice import tables_from_lines
from etl.records import CellRef


@dataclass(frozen=True)
class Cell:
    """A cell as printed: the camelot grid cells between two ruling lines, joined."""

    text: str
    x1: float
    x2: float
    first_col: int
    last_col: int  # inclusive
    text_x: float | None = None  # centre of the printed text: where a merged cell's content really sits
    top_open: bool = False  # no ruling line above: the cell continues the one above it
    full_width: bool = False  # its last line of text reaches the right edge: the words may run on below
    text_left: float | None = None  # where the first printed line starts: a subject name's indentation
    row: int = 0  # its row in the grid (header rows included): with first_col, where it is (records.CellRef)
    y1: float = 0.0  # bottom and top, in PDF points of the page as displayed, like x1 and x2
    y2: float = 0.0


@dataclass(frozen=True)
class Grid:
    page: int
    top: float  # PDF points from the page bottom
    bottom: float
    rows: tuple[tuple[Cell, ...], ...]
    index: int = 0  # among the grids of its page, top first (records.CellRef.grid)

    def ref(self, cell: Cell) -> CellRef:
        return CellRef(self.page, self.index, cell.row, cell.first_col)


_NEAR = 2.0  # points: a rule this close to a grid line is that line


@dataclass(slots=True)  # not frozen: a page has thousands, and a frozen dataclass is five times as slow to make
class Char:
    text: str
    x: float  # centre
    y: float
    height: float
    left: float
    right: float
    run: int  # chars of one word as drawn: same text object, same line, no space between


# pdfium's FPDFText_GetTextObject returning a plain address: every character's text object is compared with the one
# before it, and casting each typed pointer the binding returns costs more than the call itself
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_raw.FPDFText_GetTextObject, ctypes.c_void_p).value)


def page_chars(page: pdfium.PdfPage) -> list[Char]:
    textpage = page.get_textpage()
    shown = displayed(page)
    chars: list[Char] = []
    run, last_object, last_index = 0, None, -2
    box = pdfium_raw.FS_RECTF()  # pdfium's C calls directly: a page has thousands of characters
    for i in range(textpage.count_chars()):
        text = chr(pdfium_raw.FPDFText_GetUnicode(textpage.raw, i))
        if not text.strip():
            continue
        pdfium_raw.FPDFText_GetLooseCharBox(textpage.raw, i, box)  # line-high boxes: 、 and 一 sit on one line
        left, bottom, right, top = shown((box.left, box.bottom, box.right, box.top))
        y = (bottom + top) / 2
        text_object = _text_object_address(textpage.raw, i)
        if not (text_object == last_object and i == last_index + 1 and abs(chars[-1].y - y) < 0.5 * (top - bottom)):
            run += 1
        chars.append(Char(text, (left + right) / 2, y, top - bottom, left, right, run))
        last_object, last_index = text_object, i
    textpage.close()
    return chars


def read_grids(pdf: pdfium.PdfDocument, pages: list[int]) -> list[Grid]:
    """Every ruled table on the given pages, in reading order."""
    grids = []
    for number in pages:
        page = pdf[number - 1]
        drawing = read_drawing(page)
        if drawing.segments >= _GRID_SEGMENTS and drawing.has_text:
            tables = tables_from_lines(drawing.lines, number)
            chars = page_chars(page) if tables else []
            grids.extend(filled_grid(table, number, chars, drawing.rules) for table in tables)
        page.close()
    return _numbered(grids)


# A ruled grid of even 2×2 cells takes more path segments than this; a narrative page has at most a border
# or an underline: not a table, whatever camelot would make of its lines.
_GRID_SEGMENTS = 10


def _numbered(grids: list[Grid]) -> list[Grid]:
    """In reading order, each numbered among its page's grids."""
    grids = sorted(grids, key=lambda g: (g.page, -g.top))
    on_page: Counter = Counter()
    numbered = []
    for g in grids:
        numbered.append(replace(g, index=on_page[g.page]))
        on_page[g.page] += 1
    return numbered


def filled_grid(table, page: int, chars: list[Char], rules: list[Rule]) -> Grid:
    """A camelot table's cells filled with the page's characters (the text layer's, or OCR's), as a Grid."""
    cols = [(float(x1), float(x2)) for x1, x2 in table.cols]
    rows, within = _rows(table, cols, rules)
    # the drawn rules on each column's left edge and on each row's top line, found once rather than per cell
    down = [[r for r in rules if not r.horizontal and abs(r.at - x1) <= _NEAR] for x1, _ in cols]
    across = [[r for r in rules if r.horizontal and abs(r.at - top) <= _NEAR] for top, _ in rows]
    walls = [[c == 0 or _wall(table.cells[within[r]], c, rows[r], down[c]) for c in range(len(cols))]
             for r in range(len(rows))]
    spans = [_spans(row) for row in walls]
    texts = _cell_texts(cols, rows, table._bbox, spans, chars)
    grid_rows = tuple(
        tuple(
            Cell(text=texts[r][i][0], x1=cols[a][0], x2=cols[b][1], first_col=a, last_col=b, row=r,
                 y1=rows[r][1], y2=rows[r][0], text_x=texts[r][i][1],
                 top_open=r > 0 and not any(_ceiling(table, within[r], rows[r][0], c, cols[c], across[r])
                                            for c in range(a, b + 1)),
                 full_width=texts[r][i][2], text_left=texts[r][i][3])
            for i, (a, b) in enumerate(spans[r])
        )
        for r in range(len(rows))
    )
    return Grid(page=page, top=float(table._bbox[3]), bottom=float(table._bbox[1]), rows=grid_rows)


def _rows(table, cols: list[tuple[float, float]], rules: list[Rule]) -> tuple[list[tuple[float, float]], list[int]]:
    """camelot's rows, split where a rule runs across whole columns at no row line of camelot's; with the
    camelot row each row lies in."""
    lines = [float(top) for top, _ in table.rows] + [float(table.rows[-1][1])]
    edges = [x1 for x1, _ in cols] + [cols[-1][1]]
    for rule in sorted((r for r in rules if r.horizontal), key=lambda r: -r.at):
        if (lines[-1] < rule.at < lines[0] and all(abs(rule.at - y) > _NEAR for y in lines)
                and any(abs(rule.start - x) <= _NEAR for x in edges) and any(abs(rule.end - x) <= _NEAR for x in edges)):
            lines = sorted(lines + [rule.at], reverse=True)
    rows = list(zip(lines, lines[1:]))
    within = [next(i for i, (top, bottom) in enumerate(table.rows) if bottom <= (a + b) / 2 <= top) for a, b in rows]
    return rows, within


def _wall(cells, c: int, row: tuple[float, float], rules: list[Rule]) -> bool:
    """A ruling line on the left of column c in this row: camelot's, or a drawn rule on that edge (`rules`)
    that runs through the row."""
    middle = (row[0] + row[1]) / 2
    return cells[c].left or cells[c - 1].right or any(r.start - _NEAR <= middle <= r.end + _NEAR for r in rules)


def _ceiling(table, within: int, y: float, c: int, col: tuple[float, float], rules: list[Rule]) -> bool:
    """A ruling line over column c at height y: camelot's (at its own row line), or a drawn rule at that
    height (`rules`) over the column."""
    middle = (col[0] + col[1]) / 2
    return (y == float(table.rows[within][0]) and table.cells[within][c].top) or any(
        r.start - _NEAR <= middle <= r.end + _NEAR for r in rules)


def _spans(walls: list[bool]) -> list[tuple[int, int]]:
    """The printed cells of a grid row: runs of grid cells with no ruling line between them."""
    spans, start = [], 0
    for c in range(1, len(walls) + 1):
        if c == len(walls) or walls[c]:
            spans.append((start, c - 1))
            start = c
    return spans


def _cell_texts(cols: list[tuple[float, float]], rows: list[tuple[float, float]], bbox,
                spans: list[list[tuple[int, int]]], chars: list[Char]) -> list[list[tuple]]:
    """Characters into printed cells by their centres; lines top to bottom, each left to right.

    With each text: the centre of its characters, whether its last line leaves less room at the cell's
    right edge than one more character needs (so the words may wrap onto a line below), and where its
    first line starts (a subject name's indentation)."""
    col_edges = [c[0] for c in cols]
    row_tops = [-r[0] for r in rows]  # rows run top to bottom: negate for bisect
    owner = [[i for i, (a, b) in enumerate(row) for _ in range(a, b + 1)] for row in spans]
    placed: dict[int, tuple[Char, tuple[int, int]]] = {}
    x1, y1, x2, y2 = bbox
    line_y = _line_ys(chars)
    for ch in chars:
        if not (x1 <= ch.x <= x2 and y1 <= ch.y <= y2):
            continue
        c = bisect.bisect_right(col_edges, ch.x) - 1
        r = bisect.bisect_right(row_tops, -line_y[id(ch)]) - 1
        if 0 <= r < len(rows) and 0 <= c < len(cols):
            placed[id(ch)] = (ch, (r, owner[r][c]))
    home = _run_homes(placed.values())
    buckets: dict[tuple[int, int], list[Char]] = {}
    for ch, cell in placed.values():
        buckets.setdefault(home.get(ch.run, cell), []).append(ch)
    texts: list[list[tuple]] = [[("", None, False, None) for _ in row] for row in spans]
    for (r, i), members in buckets.items():
        centre = (min(ch.left for ch in members) + max(ch.right for ch in members)) / 2
        lines = _lines(members)
        room = cols[spans[r][i][1]][1] - max(ch.right for ch in lines[-1])
        full = room < max(ch.right - ch.left for ch in lines[-1]) + _LAST_BITS
        texts[r][i] = ("\n".join("".join(ch.text for ch in line) for line in lines), centre, full, lines[0][0].left)
    return texts


# A line set exactly one character short of its cell's edge is full: tables that pad their cells by a character's
# width (gd-foshan 2019: 5.28 pt, a digit) print a full line there. Whether the room measures a hair under or over
# the width is the last bits of the coordinates (pdfium keeps them in single precision, a few 1e-5 pt), not the print.
_LAST_BITS = 0.01


def _run_homes(placed) -> dict[int, tuple[int, int]]:
    """The cell of each word that crosses a ruling line: the one holding most of its characters."""
    cells_of: dict[int, Counter] = {}
    for ch, cell in placed:
        cells_of.setdefault(ch.run, Counter())[cell] += 1
    return {run: cells.most_common(1)[0][0] for run, cells in cells_of.items() if len(cells) > 1}


def _line_ys(chars: list[Char]) -> dict[int, float]:
    """The height of the line each character sits on: a line printed on the (unruled) boundary of two merged
    rows stays whole in one row instead of being cut between them by the last decimals of its characters' boxes."""
    ys: dict[int, float] = {}
    line: Char | None = None
    for ch in sorted(chars, key=lambda ch: -ch.y):
        if line is None or line.y - ch.y >= 0.2 * max(ch.height, line.height):
            line = ch
        ys[id(ch)] = line.y
    return ys


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters in reading order: lines top to bottom, each left to right."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda ch: -ch.y):
        if lines and abs(lines[-1][0].y - ch.y) < 0.6 * max(ch.height, lines[-1][0].height):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return [sorted(line, key=lambda ch: ch.x) for line in lines]
