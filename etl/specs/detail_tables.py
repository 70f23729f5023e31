"""The detail tables some regions print beside the standard ones: 基本支出 by economic class and 项目支出 by project,
each split by funding source, and the 一般公共预算 project spending by economic class."""
from __future__ import annotations

from etl.identities import ClassSubtotals
from etl.specs.columns import CODE_COLUMNS, FUNDING_SOURCE_COLUMNS
from etl.specs.spec import CODE, LABEL, NAME, SKIP, UNIT, TableSpec, rules
from etl.vocabulary import RowKey

DETAIL_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        # all funds' basic spending by economic class (深圳's 基本支出总表, 广州's 部门预算基本支出预算表, 烟台's 表10);
        # a class printed by its name alone gets its code from the classification
        key="basic_expenditure",
        titles=(r"(预算)?基本支出(总|预算|预算情况)表",),
        row_key=RowKey.ECONOMIC_CODE,
        columns=rules(
            (r"支出项目类别", NAME),  # a unit's line, then its classes by name
            *CODE_COLUMNS,
            (r"人员(经费|支出)$", "personnel"),
            (r"公用(经费|支出)$", "public_expense"),
            *FUNDING_SOURCE_COLUMNS,
            (r"总计$|合计$", "total"),
        ),
        identities=(ClassSubtotals(),),
    ),
    TableSpec(
        # the projects a department spends on (项目支出表, 深圳's 项目支出总表, 浙江's 部门项目支出预算表, Xi'an's
        # 专项业务经费支出表): the project's name keys the row, under its unit
        key="project_expenditure",
        titles=(r"项目支出(总|预算|预算情况)?表", r"(预算)?项目支出及其他支出预算表", r"专项业务经费支出表"),
        row_key=RowKey.PROJECT,
        columns=rules(
            (r"(^|/)((项目)?单位|单位名称)$", UNIT),
            # Xi'an lists its units and, under them, their projects in one 单位(项目)名称 column (its headings over
            # a row of ** marks): a unit's line is no project
            (r"项目名称|单位\(项目\)名称|(^|/)(一级|二级)项目$|(^|/)类型?$|支出项目类别", LABEL),
            (r"项目(类别|简介)|绩效目标|(^|/)备注$", SKIP),
            *FUNDING_SOURCE_COLUMNS,
            (r"总计|合计|金额", "total"),
        ),
    ),
    TableSpec(
        # the 一般公共预算 project spending by economic class (广州, 珠海: 表7)
        key="general_budget_project_economic",
        titles=(r"一般公共预算项目支出(情况)?表\(按经济分类(科目)?\)",),
        row_key=RowKey.ECONOMIC_CODE,
        columns=rules(
            (r"经济科目$", CODE),  # [30201]办公费: code and name in one cell
            (r"(^|/)预算数?$|合计$|金额$", "total"),
        ),
        identities=(ClassSubtotals(),),
    ),
    TableSpec(
        # the appropriations carried over from last year, by project (Xi'an's 表11), each under its unit, function
        # and 政府经济分类 codes as printed
        key="appropriation_carryover",
        titles=(r"财政拨款(上年)?结转资金支出表", r"财拨结转支出表"),
        row_key=RowKey.PROJECT,
        columns=rules(
            (r"(^|/)预算单位(代码|名称)$", UNIT),
            (r"项目名称$", LABEL),
            (r"(^|/)金额$", "total"),
        ),
    ),
)
