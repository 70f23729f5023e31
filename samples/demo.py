"""The sample documents of `make demo` (`warehouse samples demo`)."""
from __future__ import annotations

from pathlib import Path

from samples.document import write_disclosure_pdf
from samples.subjects import SyntheticDisclosure


def demo_disclosures() -> list[SyntheticDisclosure]:
    """Varied documents; the 统计局 in two years, so that year-on-year questions have answers."""
    return [
        SyntheticDisclosure("示例市数据资源管理局", 2023, long_expenditure=True, economic_detail=True),
        SyntheticDisclosure("示例市统计局", 2022, unit="万元", decimals=2),
        SyntheticDisclosure("示例市统计局", 2023, unit="万元", decimals=2),
        SyntheticDisclosure("示例县财政局", 2023, split_codes=True),
    ]


def write_demo(folder: Path) -> list[Path]:
    """The demo documents as PDFs in `folder`, named as the corpus names its files."""
    return [write_disclosure_pdf(spec, Path(folder) / f"{spec.department}_{spec.fiscal_year}_final_dept.pdf")
            for spec in demo_disclosures()]
