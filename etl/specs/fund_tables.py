"""三公经费, 政府性基金, 国有资本经营, the 财政拨款 detail tables, 政府采购 and 相关信息."""
from __future__ import annotations

from etl.identities import MONEY, Balance, ItemSum, NarrativeFigure, RowSum
from etl.specs.columns import (
    CODE_COLUMNS, FUNCTION_CODE_COLUMNS, FUNDING_SOURCE_COLUMNS, GPB, SPENDING_COLUMNS, UNIT_COLUMN,
)
from etl.specs.spec import LABEL, ROW_MEASURE, SECOND, SKIP, YEAR, TableSpec, rules
from etl.vocabulary import RowKey

INCOME_BY_SOURCE = TableSpec(
    key="income_by_source",
    titles=(),  # 收入预算总表, when its rows are funding sources (see income.uncoded)
    row_key=RowKey.ITEM,
    columns=rules(
        (r"(^|/)项目(名称)?$", LABEL),
        (r"金额$|合计$|总计$", "income"),
    ),
)

PROCUREMENT_BY_ITEM = TableSpec(
    key="procurement",
    titles=(),  # 政府采购预算表, when its header has no subject code (see procurement.uncoded)
    row_key=RowKey.ITEM,
    columns=rules(
        # the outline of a purchase: 品目大类 | 专项 | 经济科目 | 物品 | 组织形式; Beijing's 采购类别, Chongqing's 项目
        (r"采购品目|专项名称|经济科目|采购物品|组织形式|采购类别|(^|/)项目$", LABEL),
        (r"采购组织形$", SKIP),  # 组织形式 wrapped into the 合计 row (采购组织形 | 式): the outline is read without it
        (r"(^|/)项目编号$", SKIP),  # A, B, C beside 货物, 工程, 服务
        *FUNDING_SOURCE_COLUMNS,
        (r"总计$|合计$|金额$", "value"),
    ),
)

FUND_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        key="three_public",
        titles=(r"(一般公共预算)?财政拨款[\"“”]?三公[\"“”]?经费支出决算表", r"(一般公共预算|财政拨款(预算)?)[\"“”]?三公[\"“”]?经费(支出)?(预算)?表",
                r"(一般公共预算)?[\"“”]?三公[\"“”]?经费、会议费、培训费支出(预算)?表(\(一般公共预算\))?",
                r"(一般公共预算|财政拨款)[\"“”]?三公[\"“”]?经费支出情况表", r"[\"“”]?三公[\"“”]?经费和机关运行经费预算表",
                r"财政拨款安排的行政经费及[\"“”]?三公[\"“”]?经费预算表",
                r"(一般公共预算(拨款)?|财政拨款)[\"“”]?三公[\"“”]?经费((及|、)会议费、培训费)?(支出)?(预算|决算|情况)?表"),
        row_key=None,
        columns=rules(
            UNIT_COLUMN,
            (r"栏次|行次", SKIP),
            (r"增减|变化|^上年(/|$)", SKIP),  # last year's group and the change from it: no amounts of this year's
            (r"^年度$", YEAR),
            (r"^项目$", LABEL),
            (r"^一般公共预算$", ROW_MEASURE),  # the 三公 items printed as rows, funding sources as columns
            (r"(^|/)(政府性基金|国有资本经营)预算$", SKIP),  # each item split by funding source: 一般公共预算 is ours
            (rf"公务用车购置(经?费)?{GPB}|(^|/)购置费{GPB}", "vehicle_purchase"),
            (rf"公务用车运行(维护?)?费?{GPB}|(^|/)运行(维护)?费{GPB}", "vehicle_operation"),  # printed cut short too
            (rf"公务用车.*(小计|合计){GPB}|公务用车购置及运行维?护?费{GPB}", "vehicle_total"),
            (r"科研因公出国", SKIP),  # a part of 因公出国 the contract does not name
            (r"因公出国", "outbound_travel"),
            (r"公务接待", "reception"),
            (r"机关运行经费", "agency_operation"),
            (r"会议费", "meeting"),
            (r"培训费", "training"),
            # a 合计 beside a 三公 group with its own 小计 is the sum of that group and 会议费/培训费 beside it
            (r"^(?!.*三公)([^/]*/)?(合计|总计)$", "grand_total", r"三公[^/]*/(小计|合计)$"),
            (rf"(合计|总计|总额){GPB}|三公[^/]*/(小计|合计)$", "total"),
            (r"^$", ROW_MEASURE),  # a column headed only 预算数 (or 决算数): the items printed as rows
        ),
        row_measures=rules(
            (r"公务用车购置费", "vehicle_purchase"),
            (r"公务用车运行(维护)?费", "vehicle_operation"),
            (r"公务用车购置及运行", "vehicle_total"),
            (r"因公出国", "outbound_travel"),
            (r"公务接待", "reception"),
            (r"^[\"“”]?三公[\"“”]?经费$|^(合计|总计)$", "total"),
            (r"^行政经费$|机关运行经费", "agency_operation"),  # 行政经费(机关运行经费), as the documents define it
        ),
        measure_prefixes=((r"(\d{4}年度?)?决算数?", "final_"), (r"(\d{4}年度?)?预算数?", "budget_")),
        identities=(
            RowSum("budget_grand_total", ("budget_total", "budget_meeting", "budget_training")),
            RowSum("budget_total", ("budget_current_year_total", "budget_carryover")),
            RowSum("budget_current_year_total", ("budget_outbound_travel", "budget_vehicle_total", "budget_reception")),
            RowSum("budget_vehicle_total", ("budget_vehicle_purchase", "budget_vehicle_operation")),
            RowSum("budget_carryover", ("budget_carryover_outbound_travel", "budget_carryover_vehicle_total",
                                        "budget_carryover_reception")),
            RowSum("budget_carryover_vehicle_total", ("budget_carryover_vehicle_purchase",
                                                      "budget_carryover_vehicle_operation")),
            RowSum("final_grand_total", ("final_total", "final_meeting", "final_training")),
            RowSum("final_total", ("final_outbound_travel", "final_vehicle_total", "final_reception")),
            RowSum("final_vehicle_total", ("final_vehicle_purchase", "final_vehicle_operation")),
            NarrativeFigure(r"[\"“]?三公[\"”]?经费财政拨款支出(?:年初)?预算(?:数)?(?:为)?" + MONEY
                            + r"[,，](?:(?:19|20)\d{2}年度?)?(?:支出)?决算(?:数)?(?:为)?" + MONEY,
                            ("budget_total", "final_total")),
        ),
    ),
    TableSpec(
        # Xi'an's 政府性基金收支表: the 收支总表's blocks for the fund alone (收入 | 支出 by function, by 部门 and by
        # 政府 economic class, each 项目 | 预算数), read like the 收支总表: the label keys the row
        key="government_fund_summary",
        titles=(r"政府性基金收支(总)?表",),
        row_key=RowKey.ITEM,
        columns=rules(
            (r"(^|/)项目$|分类科目(\(.*\))?$", LABEL),
            (r"^收入/", "income"),
            (r"^支出/", "expenditure"),
        ),
        identities=(Balance(income="income", expenditure="expenditure", income_lines=("本年收入合计",),
                            expenditure_lines=("本年支出合计",)),),
    ),
    TableSpec(
        key="government_fund",
        titles=(r"政府性基金预算财政拨款收入支出决算表", r"政府性基金预算(财政拨款)?支出(预算)?表", r"政府性基金预算支出情况表",
                r"(财政拨款)?政府性基金支出预算表", r"政府性基金预算(财政)?拨款支出(预算)?表",
                r"政府性基金预算支出功能分类预算表", r"政府性基金(预算)?财政拨款支出(预算)?表"),
        row_key=RowKey.FUNCTION_CODE,
        columns=rules(
            *FUNCTION_CODE_COLUMNS,
            (r"年初", "opening_balance"),
            (r"年末", "closing_balance"),
            (r"本年收入", "income"),
            *SPENDING_COLUMNS,
        ),
        identities=(RowSum("total", ("basic", "project")),),
    ),
    TableSpec(
        key="state_capital",
        titles=(r"国有资本经营预算财政拨款(收入)?支出决算表", r"国有资本经营预算(财政拨款)?支出(预算)?表",
                r"国有资本经营预算支出情况表", r"国有资本经营预算支出功能分类预算表",
                r"国有资本经营预算(财政)?拨款支出(预算)?表", r"国有资本经营预算支出明细表"),
        row_key=RowKey.FUNCTION_CODE,
        columns=rules(
            *FUNCTION_CODE_COLUMNS,
            *SPENDING_COLUMNS,
        ),
        identities=(RowSum("total", ("basic", "project")),),
    ),
    TableSpec(
        key="appropriation_expenditure",
        titles=(r"财政拨款支出决算表", r"财政拨款支出(预算)?表"),
        row_key=RowKey.FUNCTION_CODE,
        columns=rules(
            *FUNCTION_CODE_COLUMNS,
            (r"^财政拨款支出$", "total"),  # the sum column named after the table
            (r"基本建设", "project_capital_construction"),
            *SPENDING_COLUMNS,
        ),
        identities=(RowSum("total", ("basic", "project")), RowSum("basic", ("personnel", "public_expense"))),
    ),
    INCOME_BY_SOURCE,
    TableSpec(
        key="appropriation_economic",
        titles=(r"财政拨款基本支出(预算)?表",),
        row_key=RowKey.ECONOMIC_CODE,
        columns=rules(
            *CODE_COLUMNS,
            (r"人员(经费|支出)$", "personnel"),
            (r"公用(经费|支出)$", "public_expense"),
            (r"金额$|合计$|小计$|总计$", "total"),
        ),
    ),
    TableSpec(
        key="agency_operation",
        titles=(r"(一般公共预算)?机关运行经费支出(预算)?表",),
        row_key=RowKey.ECONOMIC_CODE,
        columns=rules(
            *CODE_COLUMNS,
            (r"机关运行经费(支出)?$|金额$|合计$", "total"),
        ),
    ),
    TableSpec(
        # by function code where the table prints one (Yantai; Xi'an, whose purchases under a code are its rows),
        # else by the purchase's category or outline
        key="procurement",
        titles=(r"政府采购(支出)?预算表", r"政府采购预算(明细|情况)表", r"政府采购支出表",
                r"政府采购\(资产配置、购买服务\)预算表"),
        row_key=RowKey.FUNCTION_CODE,
        uncoded=PROCUREMENT_BY_ITEM,
        columns=rules(
            (r"^(部门|政府)预算支出经济科目编码", SECOND),  # Xi'an: each purchase's economic codes, beside the key
            *FUNCTION_CODE_COLUMNS,
            (r"(^|/)(采购项目|采购目录|购买服务内容|规格型号|实施采购时间|说明)$", SKIP),
            (r"(^|/)数量$", SKIP),  # a count of items, no money
            *FUNDING_SOURCE_COLUMNS,
            (r"总计$|合计$|金额$", "value"),
        ),
    ),
    TableSpec(
        key="related_info",
        titles=(r"决算(公开)?相关信息统计表",),
        row_key=RowKey.ITEM,
        columns=rules(
            (r"行次|栏次", SKIP),
            (r"项目$", LABEL),
            (r"金额$|统计数$|数量$|数$", "value"),
        ),
        count_sections=("国有资产占用",),
        identities=(ItemSum("合计", lines=("货物", "工程", "服务")), ItemSum("车辆数合计(辆)", lines_ending="用车")),
    ),
)
