"""The OCR engine: RapidOCR's PP-OCR Chinese models as shipped inside the rapidocr wheel, run by onnxruntime.

The configuration names every model file, so nothing is ever fetched: rapidocr downloads a model only when the
file it is given does not exist, and these files come with the package (a missing one fails loudly here).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

# PP-OCRv6 small: the models rapidocr 3.x ships; its direction classifier tells a page scanned upside down
_DETECTOR = "PP-OCRv6_det_small.onnx"
_RECOGNISER = "PP-OCRv6_rec_small.onnx"
_DIRECTION = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
_SAMPLED = 9  # the page's longest lines the direction classifier is asked about


@dataclass(frozen=True)
class Glyph:
    """One recognised character: its text, the engine's confidence, its box in image pixels."""

    text: str
    score: float
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class TextLine:
    """One detected line of text, as the engine read it, with its characters."""

    text: str
    score: float
    glyphs: tuple[Glyph, ...]

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def left(self) -> float:
        return min(g.left for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def right(self) -> float:
        return max(g.right for g in self.glyphs)


# The shipped recogniser is multilingual and now and then gives a character's traditional form (決算 for 决算);
# the disclosures are printed in simplified characters: the forms of the budget vocabulary, mapped back.
_SIMPLIFIED = str.maketrans(
    "決預財撥總門單項經費務額結轉餘國資營計類級補業屬繳購買車輛運維護會議訓養採績評價說況編碼稱數欄備註規劃產農衛環節險"
    "鄉區輸貿儲災應債還標準廳處員與療設廣電視發織關職賬歸錄體當導黨據報態慶聯從復雜傳動齡學協團並稅軍權鐵氣機構無",
    "决预财拨总门单项经费务额结转余国资营计类级补业属缴购买车辆运维护会议训养采绩评价说况编码称数栏备注规划产农卫环节险"
    "乡区输贸储灾应债还标准厅处员与疗设广电视发织关职账归录体当导党据报态庆联从复杂传动龄学协团并税军权铁气机构无")

_lock = threading.Lock()  # one engine per process: its sessions are not shared between concurrent calls


@cache
def _engine():
    import rapidocr
    from rapidocr import RapidOCR

    models = Path(rapidocr.__file__).parent / "models"
    for name in (_DETECTOR, _RECOGNISER, _DIRECTION):
        if not (models / name).is_file():
            raise FileNotFoundError(f"rapidocr's packaged model {name} is missing: reinstall rapidocr 3.x")
    return RapidOCR(params={
        "Global.use_cls": False,
        "Global.log_level": "error",
        "Det.model_path": str(models / _DETECTOR),
        "Rec.model_path": str(models / _RECOGNISER),
        "Cls.model_path": str(models / _DIRECTION),
        # the detector finds lines on the page at 1,280 pixels on its long side (about 110 dpi) rather than
        # 2,000: the same lines on the scans measured (docs/performance.md), at 40% of its cost; recognition
        # still reads each line from the page at 2,000
        "Det.limit_type": "max",
        "Det.limit_side_len": 1280,
        # one thread per reader: the pool runs a reader per core, and onnxruntime's own pool of a thread per core
        # in each of them would only contend (its idle threads spin) for the same cores
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


def read_lines(image: np.ndarray) -> list[TextLine]:
    """Every line of text on an RGB page image, each with its characters' boxes and confidences."""
    with _lock:
        # every switch named on every call: rapidocr keeps the last call's switches for the next
        result = _engine()(image, use_det=True, use_cls=False, use_rec=True, return_word_box=True,
                           return_single_char_box=True)
    if not result.txts:
        return []
    words = result.word_results if len(result.word_results) == len(result.txts) else [()] * len(result.txts)
    lines = []
    for box, text, score, found in zip(result.boxes, result.txts, result.scores, words):
        text = text.translate(_SIMPLIFIED)
        glyphs = _glyphs(found, text) or _spread(box, text, float(score))
        if glyphs:
            lines.append(TextLine(text, float(score), glyphs))
    return lines


def _glyphs(found, text: str) -> tuple[Glyph, ...]:
    """The engine's own character boxes, where it gave them for this line (it leaves them out of a whole page
    when one line has none, and a line's list can then belong to another line: only an exact match is taken)."""
    if not isinstance(found, tuple) or "".join(w[0] for w in found).translate(_SIMPLIFIED) != text.replace(" ", ""):
        return ()
    return tuple(Glyph(ch.translate(_SIMPLIFIED), float(s), min(p[0] for p in box), min(p[1] for p in box),
                       max(p[0] for p in box), max(p[1] for p in box))
                 for ch, s, box in found if box is not None and ch.strip())


def _spread(box: np.ndarray, text: str, score: float) -> tuple[Glyph, ...]:
    """Characters placed along their line's box by their printed widths (a CJK character is about twice a
    digit's), each with the line's confidence."""
    left, top = float(box[:, 0].min()), float(box[:, 1].min())
    right, bottom = float(box[:, 0].max()), float(box[:, 1].max())
    widths = [1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text]
    unit = (right - left) / (sum(widths) or 1)
    glyphs, x = [], left
    for ch, width in zip(text, widths):
        if ch.strip():
            glyphs.append(Glyph(ch, score, x, top, x + width * unit, bottom))
        x += width * unit
    return tuple(glyphs)


def read_crop(image: np.ndarray) -> tuple[str, float]:
    """The text of one cell's crop, detected and recognised alone: a second reading of one figure, with the
    least confidence of its pieces. (Recognition alone, without detection, reads a crop with its white margins
    far worse than the page reading.)"""
    with _lock:
        result = _engine()(image, use_det=True, use_cls=False, use_rec=True, return_word_box=False,
                           return_single_char_box=False)
    if not result.txts:
        return "", 0.0
    pieces = sorted(zip(result.boxes, result.txts, result.scores), key=lambda piece: float(piece[0][:, 0].min()))
    return "".join(text for _, text, _ in pieces).translate(_SIMPLIFIED), min(float(score) for _, _, score in pieces)


def upside_down(image: np.ndarray, lines: list[TextLine]) -> bool:
    """Whether most of the page's longest lines read upside down to the direction classifier (a page scanned
    head first: its recognised text is no text at all)."""
    longest = sorted((line for line in lines if len(line.glyphs) >= 4), key=lambda line: -len(line.glyphs))[:_SAMPLED]
    turned = 0
    for line in longest:
        crop = image[max(int(line.top), 0):int(line.bottom) + 1, max(int(line.left), 0):int(line.right) + 1]
        with _lock:
            result = _engine()(np.ascontiguousarray(crop), use_det=False, use_cls=True, use_rec=False,
                               return_word_box=False, return_single_char_box=False)
        turned += any(label == "180" for label, _ in result.cls_res or ())
    return len(longest) >= 3 and turned > len(longest) / 2
