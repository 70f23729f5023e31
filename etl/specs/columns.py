"""Column rules several tables share: subject codes and names, budget units, the spending columns."""
from __future__ import annotations

from etl.specs.spec import CODE, CROSS, NAME, SECOND, UNIT

UNIT_COLUMN = (r"(^|/)(预算单位|(单位|部门)(\((部门|单位)\))?(名称|编码|代码))$", UNIT)
GOVERNMENT_ECONOMIC_COLUMN = (r"^政府(预算)?(支出)?经济(分类|科目)", SECOND)

CODE_COLUMNS = (
    UNIT_COLUMN,
    (r"(^|/)类$", "code:类"),
    (r"(^|/)款$", "code:款"),
    (r"(^|/)项$", "code:项"),
    GOVERNMENT_ECONOMIC_COLUMN,
    (r"编码|代码|科目编号", CODE),
    (r"科目名称|(^|/)项目$|名称$|(经济|功能)科目$", NAME),
    (r"(功能|经济)分类科目$", CODE),  # code and name in one cell: 2010801-行政运行
)

# In a table by function, the 部门经济分类 beside the function crosses it (Beijing's 支出总表), beside the 政府经济分类.
FUNCTION_CODE_COLUMNS = (GOVERNMENT_ECONOMIC_COLUMN, (r"经济分类科目$", CROSS), *CODE_COLUMNS)

# A 三公 column split by funding source: its 一般公共预算 part.
GPB = r"(/一般公共预算)?$"

# The columns of a spending table by function: total, basic (personnel, public) and project.
SPENDING_COLUMNS = (
    (r"人员(经费|支出|经费支出)$", "personnel"),
    (r"公用(经费|支出|经费支出)$", "public_expense"),
    (r"基本支出", "basic"),
    (r"项目支出|专项业务(经)?费", "project"),  # Xi'an prints project spending as 专项业务经费
    (r"小计|合计|总计|(^|/)金额$", "total"),
)

# The funding sources a detail table (政府采购, 基本支出, 项目支出) splits its amounts by, named as in the income
# table; last year's funds carried over (上年结转, 财政拨款结转) are carryover_<source>, their sum carryover.
FUNDING_SOURCE_COLUMNS = (
    (r"(上年|财政拨款)结[转余][^/]*/一般公共预算", "carryover_general_public_budget"),
    (r"(上年|财政拨款)结[转余][^/]*/政府性基金", "carryover_government_fund"),
    (r"(上年|财政拨款)结[转余][^/]*/国有资本经营", "carryover_state_capital"),
    (r"财政拨款/(小计|合计)$|^本年财政拨款/(小计|合计)$", "fiscal_appropriation"),
    (r"一般公共预算", "general_public_budget"),
    (r"政府性基金", "government_fund"),
    (r"国有资本经营", "state_capital"),
    (r"财政专户", "special_account"),
    (r"使用非财政拨款结余", "non_appropriation_balance_used"),
    (r"上年结[转余]", "carryover"),
    (r"事业收入", "business_income"),
    (r"经营收入", "operating_income"),
    (r"上级补助", "superior_subsidy"),
    (r"附属单位", "subsidiary_remittance"),
    (r"其[他它]收入", "other_income"),
    (r"其[他它]资金", "other_funds"),
    (r"单位资金", "unit_funds"),
)
