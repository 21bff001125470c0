from __future__ import annotations

import copy
from typing import Any

import pytest

from jixiao.core.documents import Declaration, load_declaration

_CLEAN_FORM: dict[str, Any] = {
    "schema": "jixiao/declaration@1",
    "year": 2023,
    "name": "社区居民健康体检服务",
    "code": "P2023-017",
    "category": "经常性项目",
    "project_type": None,
    "department": "某区卫生健康委员会",
    "implementing_unit": "某区社区卫生服务中心",
    "start_date": "2023-01-01",
    "end_date": "2023-12-31",
    "amount_unit": "元",
    "funds": {
        "total": 1200000,
        "annual_request": 1200000,
        "current_year_appropriation": 1000000,
        "prior_year_carryover": 100000,
        "fiscal": 1100000,
        "other": 100000,
    },
    "overall_goal": "为辖区居民提供免费健康体检服务，早发现早干预慢性病，提高居民健康水平。",
    "annual_goal": "1、完成不少于5000人次健康体检；2、体检报告在10个工作日内送达；3、居民满意度不低于90%。",
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "健康体检人次", "target": ">=5000人次",
         "basis": "计划标准", "basis_note": "区卫健委年度工作计划"},
        {"level1": "产出指标", "level2": "数量指标", "name": "健康讲座场次", "target": ">=12场", "basis": "历史标准"},
        {"level1": "产出指标", "level2": "质量指标", "name": "体检报告准确率", "target": ">=98%", "basis": "行业标准"},
        {"level1": "产出指标", "level2": "时效指标", "name": "体检报告送达时间", "target": "<=10个工作日",
         "basis": "计划标准"},
        {"level1": "产出指标", "level2": "成本指标", "name": "人均体检成本", "target": "<=200元", "basis": "历史标准"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "慢性病早期发现人数", "target": ">=150人",
         "basis": "历史标准"},
        {"level1": "效益指标", "level2": "可持续影响指标", "name": "居民健康档案管理制度", "target": "健全",
         "basis": "其他标准", "basis_note": "区卫健委档案管理办法"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "居民满意度", "target": ">=90%",
         "basis": "行业标准"},
    ],
}


def clean_form_data() -> dict[str, Any]:
    """A declaration that every review rule accepts: each rule test changes one thing in it."""
    return copy.deepcopy(_CLEAN_FORM)


@pytest.fixture
def form_data() -> dict[str, Any]:
    return clean_form_data()


def declaration(data: dict[str, Any]) -> Declaration:
    return load_declaration(data)
