"""Scanned renditions of real PDFs, made as a scanner would: each page rasterised (pypdfium2), turned a little,
speckled with noise, JPEG-compressed, and the images bound into a PDF with no text layer."""
from __future__ import annotations

import io
import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def scanned(source: Path, target: Path, pages: list[int] | None = None, dpi: int = 300,
            degrees: float | list[float] = 0.4, noise: float = 0.01, quality: int = 80, seed: int = 15) -> Path:
    """A PDF of page images of `source` (1-based `pages`, all by default) at `dpi`, each turned by `degrees`
    (one for all, or one for each page) one way or the other."""
    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(str(source))
    numbers = pages or range(1, len(pdf) + 1)
    turns = degrees if isinstance(degrees, list) else [degrees] * len(numbers)
    images = []
    for number, turn in zip(numbers, turns, strict=True):
        page = pdf[number - 1]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
        image = image.rotate(rng.choice((-1, 1)) * turn, resample=Image.BICUBIC, fillcolor=255, expand=False)
        image = image.filter(ImageFilter.GaussianBlur(0.4))
        pixels = image.load()
        width, height = image.size
        for _ in range(int(noise * width * height / 100)):  # specks of dust, dark and light
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 255))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        images.append(Image.open(io.BytesIO(buffer.getvalue())))
    pdf.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target
