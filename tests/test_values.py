from decimal import Decimal

import pytest

from etl.values import AmountError, find_unit, normalise_code, normalise_label, parse_amount, to_yuan


@pytest.mark.parametrize("text, expected", [
    ("2336287.41", Decimal("2336287.41")),
    ("2,336,287.41", Decimal("2336287.41")),
    ("２，３３６.４１", Decimal("2336.41")),
    (" 1 234.50 ", Decimal("1234.50")),
    ("0.00", Decimal("0.00")),
    ("-12.30", Decimal("-12.30")),
    ("(12.30)", Decimal("-12.30")),
])
def test_amounts(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "———", "— —", None])
def test_blank_and_dashes_are_no_fact(text):
    assert parse_amount(text) is None


def test_text_is_not_an_amount():
    with pytest.raises(AmountError):
        parse_amount("统计数")


def test_units_convert_to_yuan_to_the_cent():
    assert to_yuan(Decimal("112859.652716"), "万元") == Decimal("1128596527.16")
    assert to_yuan(Decimal("12.34"), "万元") == Decimal("123400.00")
    assert to_yuan(Decimal("12.34"), "元") == Decimal("12.34")


@pytest.mark.parametrize("line, unit", [("金额单位：元", "元"), ("单位：万元", "万元"), ("金额单位：\n元", "元"),
                                        ("金额单位: 万元", "万元"), ("2022年度", None)])
def test_unit_lines(line, unit):
    assert find_unit(line) == unit


@pytest.mark.parametrize("text, label", [
    ("一、一般公共预算财政拨款收入", "一般公共预算财政拨款收入"),
    ("（一）车辆数合计(辆)", "车辆数合计(辆)"),
    ("3. 机要通信用车", "机要通信用车"),
    ("十九、住房保障支出", "住房保障支出"),
    ("政府办公厅 (室)及相关机\n构事务", "政府办公厅(室)及相关机构事务"),
    ("合 计", "合计"),
])
def test_labels(text, label):
    assert normalise_label(text) == label


@pytest.mark.parametrize("text, code", [("201", "201"), ("2010350", "2010350"), ("30101", "30101"),
                                        (" 201 ", "201"), ("2010", None), ("合计", None), ("", None)])
def test_codes(text, code):
    assert normalise_code(text) == code
