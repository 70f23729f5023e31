"""The one place where printed text becomes values: amounts, units, subject codes and labels."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000)}

_BLANKS = {"", "-", "--", "/"}
_DASHES = re.compile(r"^[-—－–―‒─]+$")
_ORDINAL = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十百]+[、.]"  # 一、
    r"|\([一二三四五六七八九十]+\)[、.]?"  # (一)
    r"|\d{1,2}(?:[、]|\.(?!\d))"  # 1、 1.  (not 1.00)
    r"|\(\d{1,2}\)[、.]?"  # (1)
    r"|[①-⑳]"
    r")"
)
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
# a code printed with its name in one cell: [2010501]行政运行 or 2010801-行政运行
_CODE_WITH_NAME = re.compile(r"^(?:\[(\d{3}(?:\d{2}){0,2})\]|(\d{3}(?:\d{2}){0,2})[-—－])(.+)$")
_UNIT_CODE = re.compile(r"^\d{6}$")


class AmountError(ValueError):
    """A cell that should hold an amount holds something else."""


def squeeze(text: str | None) -> str:
    """NFKC and no white space at all: the form every label and cell is compared in."""
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse_amount(text: str | None) -> Decimal | None:
    """A printed amount as Decimal; None for a blank or dash cell (no fact, not zero)."""
    s = squeeze(text).replace(",", "")
    if s in _BLANKS or _DASHES.match(s):
        return None
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise AmountError(f"not an amount: {text!r}") from None
    if not value.is_finite():
        raise AmountError(f"not an amount: {text!r}")
    return -value if negative else value


def is_amount(text: str | None) -> bool:
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Printed value in `unit` → 元, to the cent."""
    return (value * UNIT_FACTORS[unit]).quantize(CENT)


def find_unit(text: str) -> str | None:
    """The unit of a `金额单位：万元` / `单位：元` line (line breaks inside it allowed)."""
    m = re.search(r"单位[:：]?(万元|元)", squeeze(text))
    return m.group(1) if m else None


def normalise_label(text: str | None) -> str:
    """A row label as the spec keys it: NFKC, no white space, no ordinal prefix."""
    s = squeeze(text)
    stripped = _ORDINAL.sub("", s, count=1)
    return stripped or s


def normalise_code(text: str | None) -> str | None:
    """A subject code cell → digits (3, 5 or 7), or None if the cell holds no code."""
    s = squeeze(text)
    return s if _CODE.match(s) else None


def split_code_name(text: str | None) -> tuple[str | None, str]:
    """A cell that carries a code and its name, `[2010501]行政运行` or `2010801-行政运行` → (code, name);
    else (None, text)."""
    s = squeeze(text)
    m = _CODE_WITH_NAME.match(s)
    return (m.group(1) or m.group(2), m.group(3)) if m else (None, s)


def is_unit_code(text: str | None) -> bool:
    """A budget unit's code (six digits: 125001) where a subject code could stand; no subject code has six."""
    return bool(_UNIT_CODE.match(squeeze(text)))
