"""A declaration's way from the filer's draft to the public list, clicked through in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from jixiao.web.demo import DEMO_PASSWORD

NAME = "窗口业务管理"


def login(browser: Browser, base: str, username: str, request: pytest.FixtureRequest) -> Page:
    page = browser.new_context(locale="zh-CN").new_page()
    request.node.open_pages = {**getattr(request.node, "open_pages", {}), username: page}
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    return page


def open_this_years_form(page: Page, base: str) -> None:
    page.goto(f"{base}/declarations/?year=2023&q={NAME}")
    page.get_by_role("link", name=NAME).click()
    expect(page.locator("h1")).to_contain_text(NAME)


def row(page: Page, name: str) -> object:
    return page.locator("tr.indicator-row").filter(has=page.locator(f"input[name=ind-name][value='{name}']"))


def test_filer_to_public_list(browser: Browser, server: str, request: pytest.FixtureRequest) -> None:
    # The filer opens this year's form, fixes a finding, adds an indicator and submits.
    filer = login(browser, server, "filer", request)
    open_this_years_form(filer, server)
    expect(filer.locator("#indicator-8 .finding")).to_contain_text("只表示变化方向")
    filer.get_by_role("link", name="编辑").click()
    target = row(filer, "政府服务窗口工作效能").locator("input[name=ind-target]")
    target.fill("较上年提升10%")
    expect(row(filer, "政府服务窗口工作效能").locator(".parse")).to_have_text("≥ 10 %，正向")
    rows = filer.locator("tr.indicator-row")
    expect(rows).to_have_count(12)
    filer.click("#add-indicator")
    expect(rows).to_have_count(13)
    new_row = rows.last
    new_row.locator("select[name=ind-level2]").select_option("数量指标")
    new_row.locator("input[name=ind-name]").fill("上门帮办服务次数")
    new_row.locator("input[name=ind-target]").fill(">=200次")
    expect(new_row.locator(".parse")).to_have_text("≥ 200 次，正向")
    dialogs: list[str] = []  # leaving with changes not saved asks first; the filer stays
    filer.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    filer.get_by_role("link", name="返回查看").click()
    expect(new_row.locator("input[name=ind-name]")).to_have_value("上门帮办服务次数")
    assert dialogs == ["beforeunload"]
    filer.get_by_role("button", name="保存").click()
    expect(filer.locator(".messages")).to_contain_text("已保存。审核发现 0 个错误")
    filer.get_by_role("link", name="返回查看").click()
    expect(filer.locator("table.indicators")).to_contain_text("上门帮办服务次数")
    submit = filer.locator("form[data-action=submit]")
    submit.locator("input[name=acknowledge]").check()
    submit.get_by_role("button", name="提交审核").click()
    expect(filer.locator("h1 .status")).to_have_text("待主管部门审核")

    # The 主管部门 reviewer returns it with a comment on one indicator.
    reviewer = login(browser, server, "reviewer", request)
    open_this_years_form(reviewer, server)
    returning = reviewer.locator("form[data-action=department_return]")
    returning.locator("summary").click()
    returning.locator("input[name=comment-indicator-1]").fill("请说明寄送快递数的测算依据")
    returning.get_by_role("button", name="退回修改").click()
    expect(reviewer.locator("h1 .status")).to_have_text("已退回修改")

    # The filer sees the comment beside the indicator, fixes it and resubmits.
    open_this_years_form(filer, server)
    expect(filer.locator("#indicator-1 .comment")).to_contain_text("请说明寄送快递数的测算依据")
    filer.get_by_role("link", name="编辑").click()
    row(filer, "寄送快递数").locator("select[name=ind-basis]").select_option("历史标准")
    filer.get_by_role("button", name="保存").click()
    expect(filer.locator(".messages")).to_contain_text("已保存")
    filer.get_by_role("link", name="返回查看").click()
    submit = filer.locator("form[data-action=submit]")
    submit.locator("input[name=acknowledge]").check()
    submit.get_by_role("button", name="提交审核").click()
    expect(filer.locator("h1 .status")).to_have_text("待主管部门审核")

    open_this_years_form(reviewer, server)
    reviewer.locator("form[data-action=department_pass]").get_by_role("button").click()
    expect(reviewer.locator("h1 .status")).to_have_text("待财政审核")

    # The finance reviewer approves (the form locks, saying why) and publishes.
    finance = login(browser, server, "finance", request)
    open_this_years_form(finance, server)
    finance.locator("form[data-action=approve]").get_by_role("button").click()
    expect(finance.locator("h1 .status")).to_have_text("已批复")
    expect(finance.locator(".lock")).to_contain_text(re.compile("由 赵财政 批复，绩效目标已锁定"))
    finance.locator("form[data-action=publish]").get_by_role("button").click()
    expect(finance.locator("h1 .status")).to_have_text("已公开")

    # The filer can no longer edit it.
    open_this_years_form(filer, server)
    expect(filer.get_by_role("link", name="编辑")).to_have_count(0)

    # An anonymous visitor finds it on the public list and reads it like the official form.
    visitor = browser.new_context(locale="zh-CN").new_page()
    request.node.open_pages["visitor"] = visitor
    visitor.goto(f"{server}/public/")
    visitor.fill("input[name=q]", NAME)
    visitor.get_by_role("button", name="搜索").click()
    rows = visitor.locator("table.list tbody tr")
    expect(rows).to_have_count(2)  # last year's published form and this one
    rows.filter(has_text="2023").get_by_role("link", name=NAME).click()
    expect(visitor.locator(".sheet-year")).to_have_text("（2023年度）")
    expect(visitor.locator("table.indicators")).to_contain_text("上门帮办服务次数")
    expect(visitor.locator("table.indicators")).to_contain_text("较上年提升10%")
    expect(visitor.locator(".finding")).to_have_count(0)


def test_anonymous_visitors_are_sent_to_the_login_page(browser: Browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/declarations/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/declarations/"))
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.close()


def test_an_export_is_built_by_the_background_worker(browser: Browser, server: str,
                                                      request: pytest.FixtureRequest) -> None:
    from jixiao.formats.xlsx import read_workbook

    finance = login(browser, server, "finance", request)
    finance.goto(f"{server}/declarations/?year=2022")
    export = finance.locator("form.export")
    export.locator("select[name=fmt]").select_option("xlsx")
    export.get_by_role("button", name="导出筛选结果").click()
    expect(finance.locator("#export-progress")).to_contain_text("已完成：共 5 张", timeout=30_000)
    with finance.expect_download() as download:
        finance.get_by_role("link", name=re.compile("下载")).click()
    sheets = read_workbook(Path(download.value.path()).read_bytes(), "export.xlsx")
    assert len(sheets) == 5 and all(s.document is not None for s in sheets)


def test_monitoring_then_self_evaluation_then_the_dashboard(browser: Browser, server: str,
                                                            request: pytest.FixtureRequest) -> None:
    filer = login(browser, server, "filer", request)
    filer.goto(f"{server}/declarations/?year=2022&q={NAME}")
    filer.get_by_role("link", name=NAME).click()
    filer.get_by_role("link", name="运行监控").click()
    form = filer.locator("form.monitoring-form")
    form.locator("select[name=months]").select_option("7")
    form.locator("input[name=executed]").fill("2000000")
    rows = form.locator("tr.monitor-row")
    for i in range(rows.count()):
        row = rows.nth(i)
        target = row.locator("td").nth(1).inner_text()
        number = re.search(r"[\d.]+", target)
        if row.locator(f"input[name=forecast-{i}]").count():
            value = float(number.group()) if number else 0
            row.locator(f"input[name=to_date-{i}]").fill(f"{value * 7 / 12:g}")
            row.locator(f"input[name=forecast-{i}]").fill(f"{value * 0.96:g}" if i == 0 else f"{value:g}")
        else:
            row.locator(f"select[name=band-{i}]").select_option("达成")
        row.locator(f"select[name=possibility-{i}]").select_option("有可能" if i == 0 else "确定能")
    rows.nth(0).locator("input[value=经费保障]").check()
    rows.nth(0).locator("input[name=measures-0]").fill("四季度集中办理")
    form.get_by_role("button", name="保存监控记录").click()
    expect(filer.locator(".messages")).to_contain_text("已保存运行监控记录")
    expect(filer.locator("section.monitor tr[data-light=yellow]")).to_have_count(1)
    expect(filer.locator("section.monitor tr[data-light=yellow]")).to_contain_text("服务新开办企业数量")

    filer.get_by_role("link", name="绩效自评").click()
    evaluation = filer.locator("form.evaluation-form")
    evaluation.locator("input[name=budget-executed]").fill("3400000")
    rows = evaluation.locator("tr.evaluation-row")
    for i in range(rows.count()):
        row = rows.nth(i)
        number = re.search(r"[\d.]+", row.locator("td").nth(2).inner_text())
        if number:
            row.locator(f"input[name=actual-{i}]").fill(number.group())
        else:
            row.locator(f"select[name=achievement-{i}]").select_option("达成")
    expect(filer.locator("#scores .total")).to_have_text("99.58")  # live, before saving
    evaluation.get_by_role("button", name="保存自评").click()
    expect(filer.locator(".messages")).to_contain_text("自评已保存")

    reviewer = login(browser, server, "reviewer", request)
    reviewer.goto(filer.url)
    reviewer.locator("form[data-action=sign] button").click()
    expect(reviewer.locator(".messages")).to_contain_text("已审核确认自评")

    finance = login(browser, server, "finance", request)
    finance.goto(f"{server}/dashboard/?year=2022")
    expect(finance.locator("#chart-lights table")).to_contain_text("黄灯")
    expect(finance.locator("#chart-grades table")).to_contain_text("优")
    expect(finance.locator("#echart-execution canvas")).to_have_count(1)  # ECharts drew the chart
