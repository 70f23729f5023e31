"""Sample 部门决算 disclosures: template-shaped PDFs drawn from known figures, and the facts they state.

Not part of the library: `make demo` and the tests use them (install the `samples` extra: reportlab).
The figures are generated deterministically from the spec and are internally consistent the way a real
决算 is (合计 = Σ 类 = Σ 款 = Σ 项, total = basic + project, 收入总计 = 支出总计, summary class lines = detail
类 rows, 三公 sums). Every table is built once as a grid of printed cells, each amount cell carrying the fact a
reader of the PDF gets from it; the PDF writer draws those cells and `expected_facts` collects those facts, so the
two cannot drift apart. Subject names are the shipped classification's (etl.classification).

Modules: subjects (the spec, codes, names), figures (the money), cells, tables and detail_tables (what is
printed), drawing (reportlab layout), document (the whole PDF), demo (the documents of `make demo`).
"""
from samples.demo import demo_disclosures, write_demo
from samples.document import write_disclosure_pdf
from samples.subjects import SyntheticDisclosure
from samples.tables import expected_facts

__all__ = ["SyntheticDisclosure", "demo_disclosures", "expected_facts", "write_demo", "write_disclosure_pdf"]
