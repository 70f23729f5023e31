"""Subject dimensions: the shipped classification names every code it knows, by year; documents add the
codes and names they print without writing over others; the hierarchy is links, paths and flat columns;
crosswalks load from CSV."""
import psycopg
import pytest
from sqlalchemy import create_engine

from etl.classification import REFERENCE, classification, read_csv
from etl.database import migrate, sqlalchemy_url
from etl.load import load
from etl.pipeline import extract
from samples import demo_disclosures, write_demo, write_disclosure_pdf
from samples.subjects import subject_name
from tests.conftest import SEED_PDF
from warehouse.cli import main


@pytest.fixture
def migrated(database_url) -> str:
    migrate(sqlalchemy_url(database_url))
    return database_url


def rows(url: str, sql: str, *params) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def load_files(url: str, *paths) -> None:
    engine = create_engine(sqlalchemy_url(url))
    for path in paths:
        assert load(engine, extract(path)).status == "loaded"
    engine.dispose()


def test_every_reference_code_is_named_before_any_document(migrated):
    reference = {(r["kind"], r["code"]): r["name"] for r in read_csv(REFERENCE) if not r["last_year"]}
    named = dict(((kind, code), name) for kind, code, name in rows(migrated, """
        select 'function', code, name from warehouse.function_subject
        union all select 'economic', code, name from warehouse.economic_subject
        union all select 'government_economic', code, name from warehouse.government_economic_subject"""))
    assert {key: named.get(key) for key in reference} == reference


def test_a_renamed_code_keeps_each_name_with_its_years(migrated):
    assert rows(migrated, "select name, first_year, last_year from mart.subject_names "
                          "where kind = 'function' and code = '210' and source = 'reference' order by name") == [
        ("医疗卫生与计划生育支出", None, 2018), ("卫生健康支出", 2019, None)]
    assert rows(migrated, "select name from warehouse.function_subject where code = '210'") == [("卫生健康支出",)]
    # a table of 2017 that prints the old name without a code still gets the code
    assert classification("function").codes("", "医疗卫生与计划生育支出", 2017) == {"210"}


def test_the_hierarchy_as_links_paths_and_flat_columns(migrated):
    assert rows(migrated, "select count(*) from warehouse.function_subject c "
                          "left join warehouse.function_subject p on p.code = c.parent_code "
                          "where c.level <> '类' and p.code is null") == [(0,)]
    assert rows(migrated, "select level, parent_code, path, path_names, lei_code, kuan_code, xiang_code, xiang_name "
                          "from mart.function_subjects where code = '2080505'") == [
        ("项", "20805", "208/20805/2080505", "社会保障和就业支出 / 行政事业单位养老支出 / 机关事业单位基本养老保险缴费支出",
         "208", "20805", "2080505", "机关事业单位基本养老保险缴费支出")]
    assert rows(migrated, "select path, lei_name, kuan_name from mart.economic_subjects where code = '30201'") == [
        ("302/30201", "商品和服务支出", "办公费")]


def test_a_document_adds_its_codes_with_the_year_and_never_overwrites_a_name(migrated):
    load_files(migrated, SEED_PDF)
    # the seed prints 30901 房屋构筑物构建: recorded beside the classification's name, which stays
    assert rows(migrated, "select name from warehouse.economic_subject where code = '30901'") == [("房屋建筑物购建",)]
    assert rows(migrated, "select year, name, source, source_file from mart.subject_name_conflicts "
                          "where code = '30901' order by source") == [
        (2022, "房屋构筑物构建", "document", SEED_PDF.name), (2022, "房屋建筑物购建", "reference", None)]
    assert rows(migrated, "select first_seen_year from warehouse.function_subject where code = '2010350'") == [(2022,)]
    assert rows(migrated, "select first_seen_year from warehouse.function_subject where code = '202'") == [(None,)]


def test_the_samples_print_the_names_of_the_shipped_classification(migrated, tmp_path):
    load_files(migrated, *write_demo(tmp_path))
    assert rows(migrated, """
        select kind, code, name from warehouse.subject_name printed where source = 'document' and not exists (
            select from warehouse.subject_name shipped where shipped.source <> 'document'
            and (shipped.kind, shipped.code, shipped.name) = (printed.kind, printed.code, printed.name))""") == []
    assert rows(migrated, "select count(*) from mart.subject_name_conflicts") == [(0,)]


def test_a_code_no_list_knows_takes_the_name_its_document_prints(migrated, tmp_path):
    # the samples print only codes the classification knows: this warehouse's lists are made to forget one
    spec = next(s for s in demo_disclosures() if s.department == "示例市数据资源管理局")
    code, printed = "2010399", subject_name("function", "2010399", spec.fiscal_year)
    with psycopg.connect(migrated) as conn:
        conn.execute("delete from warehouse.subject_name where kind = 'function' and code = %s", (code,))
        conn.execute("delete from warehouse.function_subject where code = %s", (code,))
    load_files(migrated, write_disclosure_pdf(spec, tmp_path / "demo.pdf"))
    assert rows(migrated, "select name, first_seen_year from warehouse.function_subject where code = %s", code) == [
        (printed, spec.fiscal_year)]


def test_crosswalk_csv_loads_through_the_cli(migrated, tmp_path):
    good = tmp_path / "crosswalk.csv"
    good.write_text("kind,from_year,from_code,to_year,to_code,relation,note\n"
                    "function,2023,2013850,2024,2013850,same,unchanged\n"
                    "function,2023,2013850,2024,2013899,split,part moved\n", encoding="utf-8")
    assert main(["crosswalk", str(good)]) == 0
    assert main(["crosswalk", str(good)]) == 0  # loading it again changes nothing
    assert rows(migrated, "select to_code, relation from mart.subject_crosswalk "
                          "where from_code = '2013850' order by to_code") == [("2013850", "same"), ("2013899", "split")]
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,from_year,from_code,to_year,to_code,relation\n"
                   "function,2023,2013851,2024,2013851,same\n"
                   "function,2023,20138,2024,2013,same\n", encoding="utf-8")
    assert main(["crosswalk", str(bad)]) == 2  # could not run: nothing written
    assert rows(migrated, "select count(*) from warehouse.subject_crosswalk where from_code = '2013851'") == [(0,)]
