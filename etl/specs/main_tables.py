"""The main tables: 收支总表, 收入, 支出, 财政拨款收支总表 and the 一般公共预算 tables by function and by economic class."""
from __future__ import annotations

from etl.identities import (
    AgreesWith, Balance, ClassesSumTo, ClassLines, ClassSubtotals, Marginals, NarrativeFigure, NarrativeParts,
    NarrativeSubjects, RowSum, SummaryLines, stated,
)
from etl.specs.columns import CODE_COLUMNS, FUNCTION_CODE_COLUMNS, SPENDING_COLUMNS
from etl.specs.fund_tables import INCOME_BY_SOURCE
from etl.specs.spec import LABEL, SKIP, TableSpec, rules
from etl.vocabulary import RowKey

MAIN_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        key="income_expenditure_summary",
        titles=(r"收入支出决算总表", r"收支总表", r"财务收支预算总表", r"收支预算总表", r"收支决算总表",
                r"收支总体情况表"),
        row_key=RowKey.ITEM,
        columns=rules(
            (r"行次|栏次", SKIP),
            (r"(^|/)项目(\(.*\))?$|(科目|分类)(\(.*\))?$|名称$", LABEL),
            (r"^[^/]*支出.*人员经费$", "expenditure_personnel"),
            (r"^[^/]*支出.*公用经费$", "expenditure_public_expense"),
            (r"^[^/]*支出.*项目支出$", "expenditure_project"),
            (r"^[^/]*收入", "income"),
            (r"^[^/]*支出", "expenditure"),
        ),
        identities=(
            Balance(income="income", expenditure="expenditure"),
            ClassLines(measure="expenditure", detail="expenditure"),
            SummaryLines(measure="income", total="本年收入合计"),
            SummaryLines(measure="expenditure", total="本年支出合计"),
            NarrativeFigure(stated(r"(?<!财政拨款)(?:收入总计|收入支出总计)"), ("income",), ("总计", "收入总计")),
            NarrativeFigure(stated(r"(?<!财政拨款)(?<!收入)支出总计"), ("expenditure",), ("总计", "支出总计")),
            NarrativeFigure(stated(r"本年收入合计"), ("income",), ("本年收入合计",)),
            NarrativeFigure(stated(r"本年支出合计"), ("expenditure",), ("本年支出合计",)),
        ),
    ),
    TableSpec(
        key="income",
        titles=(r"收入决算表", r"收入总表", r"收入预算表", r"收入预算总表", r"收入总体情况表"),
        row_key=RowKey.FUNCTION_CODE,
        uncoded=INCOME_BY_SOURCE,
        columns=rules(
            *FUNCTION_CODE_COLUMNS,
            (r"(使用)?非财政拨款结余", "non_appropriation_balance_used"),
            (r"^上年结[转余][^/]*$|^上年结转[^/]*/(小计|合计)$", "carryover"),
            (r"^上年结转.*一般公共预算", "carryover_general_public_budget"),
            (r"^上年结转.*政府性基金", "carryover_government_fund"),
            (r"^上年结转.*国有资本经营", "carryover_state_capital"),
            (r"^上年结转.*财政专户", "carryover_special_account"),
            (r"^上年结转.*单位资金", "carryover_unit_funds"),
            (r"(^|/)上年结转(结余|和结余)?$", "carryover"),
            (r"上年实/?户资金余额", "prior_account_balance"),  # Xi'an: last year's balance left in the units' own accounts
            (r"专项资金列入", SKIP),  # Xi'an: 其中：专项资金列入部门预算的项目 (no measure of ours)
            (r"一般公共预算[^/]*/(小计|合计)$", "general_public_budget"),
            (r"^本年收入/(小计|合计)$", "current_year_total"),
            (r"财政拨款[^/]*/(小计|合计)$", "fiscal_appropriation"),
            (r"^部门预算/(合计|小计)$", SKIP, r"^总计$"),  # the 部门预算 group's 合计 beside a 总计 repeats it
            (r"本年收入合计|(^|/)(合计|小计)$|收入合计|总计", "total"),
            (r"一般公共预算", "general_public_budget"),
            (r"政府性基金", "government_fund"),
            (r"国有资本经营", "state_capital"),
            (r"财政专户[^/]*/教育收费", "special_account_education_fees"),
            (r"财政专户[^/]*/其他", "special_account_other"),
            (r"财政专户", "special_account_business_income"),
            (r"经费拨款", "fiscal_appropriation_funding"),
            (r"财政拨款", "fiscal_appropriation"),
            (r"上级补助", "superior_subsidy"),
            (r"不含教育收费", "business_income"),
            (r"教育收费", "business_income_education_fees"),
            (r"事业收入", "business_income"),
            (r"经营(服务)?收入", "operating_income"),
            (r"附属单位", "subsidiary_remittance"),
            (r"其[他它]收入", "other_income"),
        ),
        identities=(
            # a total beside 上年结转 (or Xi'an's 上年实户资金余额) counts it in: 合计 = 本年收入 + what last year left
            RowSum("total", ("current_year_total", "carryover", "prior_account_balance",
                             "non_appropriation_balance_used")),
            # 财政专户管理资金 counts in; 事业收入's 其中：教育收费 (business_income_education_fees) is inside 事业收入
            RowSum("current_year_total", ("fiscal_appropriation", "special_account_business_income",
                                          "special_account_education_fees", "special_account_other", "superior_subsidy",
                                          "business_income", "operating_income", "subsidiary_remittance",
                                          "other_income")),
            RowSum("fiscal_appropriation", ("general_public_budget", "government_fund", "state_capital")),
            RowSum("carryover", ("carryover_general_public_budget", "carryover_government_fund", "carryover_state_capital",
                                 "carryover_special_account", "carryover_unit_funds")),
            # the summary prints last year's funds and the balances used below its 本年收入合计
            AgreesWith("total", "合计", "income_expenditure_summary", "income", "本年收入合计",
                       beside=("carryover", "prior_account_balance", "non_appropriation_balance_used")),
            NarrativeParts("本年收入合计", (("财政拨款收入", "fiscal_appropriation"), ("上级补助收入", "superior_subsidy"),
                                      ("事业收入", "business_income"), ("经营收入", "operating_income"),
                                      ("附属单位上缴收入", "subsidiary_remittance"), ("其他收入", "other_income"))),
        ),
    ),
    TableSpec(
        key="expenditure",
        titles=(r"支出决算表", r"支出总表", r"支出预算总表", r"支出预算表", r"支出总体情况表"),
        row_key=RowKey.FUNCTION_CODE,
        columns=rules(
            *FUNCTION_CODE_COLUMNS,
            # 深圳 prints the year's 政府采购 within each line, with the part reserved for small firms
            (r"政府采购.*/.*小型、?微型企业", "procurement_small_micro_reserved"),
            (r"政府采购.*/.*中小企业", "procurement_sme_reserved"),
            (r"政府采购[^/]*/小计$", "procurement"),
            (r"预算拨款/", SKIP),  # Xi'an's 支出总表 splits by source of funds: no measure of ours
            (r"^部门预算/(合计|小计)$", SKIP, r"^总计$"),  # the 部门预算 group's 合计 beside a 总计 repeats it
            (r"本年支出合计|(^|/)(合计|小计)$|支出合计|总计", "total"),
            (r"人员(经费|支出|经费支出)$", "personnel"),
            (r"公用(经费|支出|经费支出)$", "public_expense"),
            (r"基本支出", "basic"),
            (r"项目支出", "project"),
            (r"上缴上级", "remit_to_superior"),
            (r"经营支出", "operating"),
            (r"对(附属|下级)单位补助", "subsidy_to_subsidiary"),
            (r"预留机动|单位预留", "unit_reserve"),
            (r"结转下年", "carryover_next_year"),
        ),
        identities=(
            RowSum("total", ("current_year_total", "carryover")),
            RowSum("current_year_total", ("basic", "project", "remit_to_superior", "operating", "subsidy_to_subsidiary",
                                          "unit_reserve", "carryover_next_year")),
            RowSum("basic", ("personnel", "public_expense")),
            RowSum("carryover", ("carryover_basic", "carryover_project", "carryover_operating")),
            AgreesWith("total", "合计", "income_expenditure_summary", "expenditure", "本年支出合计"),
            # Beijing's 支出总表 crosses 功能分类 with 经济分类: its marginals are the 一般公共预算 tables' rows
            Marginals(True, "basic", "general_budget_expenditure", "basic"),
            Marginals(True, "project", "general_budget_expenditure", "project"),
            Marginals(False, "basic", "general_budget_economic", "total"),
            NarrativeParts("本年支出合计", (("基本支出", "basic"), ("项目支出", "project"),
                                      ("上缴上级支出", "remit_to_superior"), ("经营支出", "operating"),
                                      ("对附属单位补助支出", "subsidy_to_subsidiary"))),
        ),
    ),
    TableSpec(
        key="appropriation_summary",
        titles=(r"财政拨款收入支出决算总表", r"财政拨款收支总表", r"财政拨款收支预算总表", r"财政拨款收支总体情况表"),
        row_key=RowKey.ITEM,
        columns=rules(
            (r"行次|栏次", SKIP),
            (r"(^|/)项目(\(.*\))?$|(科目|分类)(\(.*\))?$|名称$", LABEL),
            (r"^[^/]*收入", "income"),
            (r"^[^/]*支出.*一般公共预算", "expenditure_general_public_budget"),
            (r"^[^/]*支出.*政府性基金", "expenditure_government_fund"),
            (r"^[^/]*支出.*国有资本经营", "expenditure_state_capital"),
            (r"^[^/]*支出.*(合计|小计|总计|金额|(^|/)(\d{4}年)?预算数?|决算数|本年预算)$", "expenditure_total"),
        ),
        identities=(
            RowSum("expenditure_total", ("expenditure_general_public_budget", "expenditure_government_fund",
                                         "expenditure_state_capital")),
            Balance(income="income", expenditure="expenditure_total"),
            ClassLines(measure="expenditure_general_public_budget", detail="general_budget_expenditure"),
            SummaryLines(measure="income", total="本年收入合计"),
            SummaryLines(measure="expenditure_total", total="本年支出合计"),
            NarrativeFigure(stated(r"财政拨款收入(?:支出)?总计"), ("income",), ("收入总计", "总计")),
        ),
    ),
    TableSpec(
        key="general_budget_expenditure",
        titles=(r"一般公共预算财政拨款支出决算表", r"一般公共预算(财政拨款)?支出(预算)?表", r"一般公共预算支出情况表",
                r"一般公共预算支出功能分类预算表", r"一般公共预算支出(情况)?表\(按功能分类(科目)?\)",
                r"一般公共预算(财政)?拨款支出(预算)?表", r"一般公共预算支出明细表\(按(支出)?功.*"),
        row_key=RowKey.FUNCTION_CODE,
        columns=rules(
            *FUNCTION_CODE_COLUMNS,
            # the central budget prints last year's execution (执行数) beside this year's budget: facts of another year
            (r"^\d{4}年执行数", SKIP),
            (r"^\d{4}年预算数/扣除.*基建.*预算数$", "total_excl_capital_construction"),
            (r"扣除基建", "project_excl_capital_construction"),
            *SPENDING_COLUMNS,
        ),
        identities=(
            RowSum("total", ("current_year_total", "carryover")),
            RowSum("current_year_total", ("basic", "project")),
            RowSum("basic", ("personnel", "public_expense")),
            RowSum("carryover", ("carryover_basic", "carryover_project")),
            RowSum("carryover_basic", ("carryover_personnel", "carryover_public_expense")),
            AgreesWith("total", "合计", "appropriation_summary", "expenditure_general_public_budget", "本年支出合计"),
            NarrativeFigure(stated(r"一般公共预算财政拨款支出"), ("total",), ("合计",)),
            NarrativeSubjects(measure="total", context="一般公共预算财政拨款"),
        ),
    ),
    TableSpec(
        key="general_budget_economic",
        titles=(r"一般公共预算财政拨款基本支出决算表", r"一般公共预算财政拨款支出决算明细表",
                r"一般公共预算(财政拨款)?基本支出(预算)?表", r"一般公共预算基本支出情况表",
                r"一般公共预算基本支出部门预算经济分类预算表", r"一般公共预算(基本)?支出(情况)?表\(按经济分类(科目)?\)",
                r"一般公共预算基本支出经济分类情况表", r"一般公共预算基本支出明细表\(按(支出)?经.*"),
        row_key=RowKey.ECONOMIC_CODE,
        columns=rules(
            # 基本支出 beside a total is its 其中 column; alone, it is the table's one amount (the table is all 基本支出)
            (r"基本支出$", "basic", r"金额$|合计$|小计$|总计$|决算数$|预算数?$"),
            (r"项目支出$", "project"),
            *CODE_COLUMNS,
            (r"金额$|合计$|小计$|总计$|决算数$|(^|/)预算数?$|基本支出$", "total"),
            (r"人员(经费|支出|经费支出|类)$", "personnel"),
            (r"公用(经费|支出|经费支出)$", "public_expense"),
        ),
        identities=(
            # 基本支出 beside a total is its 其中 (the 决算's 金额 | 其中：基本支出), no part of it
            RowSum("total", ("current_year_total", "carryover")),
            RowSum("current_year_total", ("personnel", "public_expense")),
            RowSum("carryover", ("carryover_personnel", "carryover_public_expense")),
            ClassSubtotals(),
            ClassesSumTo("general_budget_expenditure", "basic", "合计", measures=("basic", "total")),
        ),
    ),
    TableSpec(
        # the whole 一般公共预算 spending by economic class (basic and project), printed beside the 基本支出 one
        # (福州's 一般公共预算支出经济分类情况表, Xi'an's 表6)
        key="general_budget_expenditure_economic",
        titles=(r"一般公共预算支出经济分类情况表", r"一般公共预算支出明细表\(按(支出)?经.*"),
        row_key=RowKey.ECONOMIC_CODE,
        columns=rules(
            *CODE_COLUMNS,
            (r"人员(经费|支出|经费支出)$", "personnel"),
            (r"公用(经费|支出|经费支出)$", "public_expense"),
            (r"项目支出$|专项业务(经)?费(支出)?$", "project"),
            (r"金额$|合计$|小计$|总计$|(^|/)预算数?$", "total"),
        ),
        identities=(RowSum("total", ("personnel", "public_expense", "project")), ClassSubtotals()),
    ),
    TableSpec(
        # the 一般公共预算 basic spending by function (Xi'an's 表7, beside its 支出明细表 by function)
        key="general_budget_basic_function",
        titles=(r"一般公共预算基本支出明细表\(按(支出)?功.*",),
        row_key=RowKey.FUNCTION_CODE,
        columns=rules(
            *FUNCTION_CODE_COLUMNS,
            (r"人员(经费|支出|经费支出)$", "personnel"),
            (r"公用(经费|支出|经费支出)$", "public_expense"),
            (r"金额$|合计$|小计$|总计$", "total"),
        ),
        identities=(RowSum("total", ("personnel", "public_expense")),),
    ),
)
