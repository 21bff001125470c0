"""The ``jixiao`` command (DESIGN.md section 4).

Exit codes: 0 all well, 1 a finding of severity ``error``, 2 unreadable input or a wrong call.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import TextIO

from .core.documents import declaration_json_schema, self_evaluation_json_schema
from .core.evaluation import EVALUATION_PROFILES, ScoringInputError
from .core.evaluation import score as score_evaluation
from .core.review import PROFILES, RULES, SEVERITY_LABEL, Finding, Severity, has_errors, review
from .core.targets import parse_target
from .core.workflow import Role, Status
from .formats import files
from .formats.evaluation_xlsx import read_evaluation_workbook
from .formats.json_io import FormatError, read_bytes, read_self_evaluation, seed_declarations

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class UsageError(Exception):
    """A call the command cannot carry out; the message is Chinese."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"{self.prog}: 参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jixiao", description="jixiao 预算项目支出绩效目标管理")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="命令")

    check = commands.add_parser("check", help="审核申报表（JSON、Excel、PDF 或其所在的文件夹）：逐条列出问题"
                                              "（无文件时审核内置的五张示例表）")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--profile", choices=sorted(PROFILES), default="national-a", help="审核规则集")
    check.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="同时审核的进程数（0 为 CPU 核数；默认 1）")

    targets = commands.add_parser("targets", help="解析指标目标值")
    targets.add_argument("values", nargs="+", metavar="VALUE")
    targets.add_argument("--year", type=int, default=None, help="解析时限所依据的年度")
    targets.add_argument("--format", choices=("text", "json"), default="text")

    convert = commands.add_parser("convert", help="在 JSON、Excel、PDF 之间转换申报表")
    convert.add_argument("file", type=Path, metavar="FILE")
    convert.add_argument("--to", choices=("json", "xlsx", "pdf"), required=True)
    convert.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")

    score = commands.add_parser("score", help="为绩效自评表评分并审核（JSON 或自评表版式的 Excel）")
    score.add_argument("file", type=Path, metavar="FILE")
    score.add_argument("--format", choices=("text", "json"), default="text")
    score.add_argument("--profile", choices=sorted(EVALUATION_PROFILES), default="national", help="评分规则")

    schema = commands.add_parser("schema", help="输出文档的 JSON Schema")
    schema.add_argument("kind", choices=("declaration", "self-evaluation"))

    for name, help_text in (("demo", "建库、载入五张示例表和演示账号，并启动 Web 系统"), ("serve", "启动 Web 系统")):
        web = commands.add_parser(name, help=help_text)
        web.add_argument("--host", default="127.0.0.1")
        web.add_argument("--port", type=int, default=8000)
        web.add_argument("--workers", type=int, default=None, help="工作进程数（默认按 CPU 核数）")

    commands.add_parser("migrate", help="创建或升级数据库")
    commands.add_parser("worker", help="运行后台任务（如大批量导出）")

    createorg = commands.add_parser("createorg", help="创建组织（财政部门、主管部门或实施单位）")
    createorg.add_argument("name")
    createorg.add_argument("--kind", required=True, choices=("finance", "department", "unit"))
    createorg.add_argument("--parent", default=None, help="上级组织名称")

    createuser = commands.add_parser("createuser", help="创建用户")
    createuser.add_argument("username")
    createuser.add_argument("--organisation", required=True, help="所属组织名称")
    createuser.add_argument("--role", required=True, choices=[r.value for r in Role])
    createuser.add_argument("--name", default="", help="姓名")
    createuser.add_argument("--password-env", default="JIXIAO_NEW_PASSWORD",
                            help="从这个环境变量读取密码（避免出现在命令行历史中）")

    import_ = commands.add_parser("import", help="把申报表（JSON、Excel、PDF、.zip 或文件夹）导入数据库")
    import_.add_argument("files", nargs="+", type=Path, metavar="FILE")
    import_.add_argument("--dry-run", action="store_true", help="只检查并报告问题，不导入")
    import_.add_argument("--organisation", required=True, help="导入到哪个实施单位（组织名称）")
    import_.add_argument("--published", action="store_true", help="作为已公开的申报表导入")

    export = commands.add_parser("export", help="把数据库中的申报表导出为 JSON")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    export.add_argument("--year", type=int, default=None)
    export.add_argument("--status", default=None, choices=[str(status) for status in Status],
                        help="draft、submitted、department_passed、returned、approved 或 published")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # pypdf tells stderr in English what it repaired in a damaged PDF; what cannot be read is reported in Chinese
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    offline = {"check": _check, "targets": _targets, "convert": _convert, "schema": _schema, "score": _score}
    handler = offline.get(args.command, _web)
    try:
        return handler(args, sys.stdout)
    except (FormatError, UsageError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:
        return EXIT_OK


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"进程数应为整数（填写的是“{text}”）") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"进程数不能为负数（填写的是“{text}”）")
    return jobs or os.cpu_count() or 1


#: One reviewed form as a report needs it: where it came from, its name and year, the findings. Small enough to
#: come back from a worker process, and nothing else of the form is kept: a province's forms pass in constant memory.
Checked = tuple[str, str | None, int, list[Finding]]
CHECKED_SUFFIXES = (".json", ".xlsx", ".pdf")


def _check(args: argparse.Namespace, out: TextIO) -> int:
    if args.files:
        paths, unreadable = _paths_to_check(args.files)
        results = _reviewed_files(paths, args.profile, args.jobs)
    else:
        unreadable = False
        profile = PROFILES[args.profile]
        results = iter([([("内置示例", doc.name, doc.year, review(doc, profile)) for doc in seed_declarations()], None)])
    report = _JsonReport(out) if args.format == "json" else _TextReport(out, PROFILES[args.profile].title)
    errors = False
    for checked, problem in results:
        if problem is not None:
            print(f"错误：{problem}", file=sys.stderr)
            unreadable = True
        for form in checked:
            report.add(form)
            errors = errors or has_errors(form[3])
    report.close()
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if errors else EXIT_OK


def _paths_to_check(arguments: Sequence[Path]) -> tuple[list[Path], bool]:
    """The files to read, a folder standing for the forms inside it; and whether an argument was unusable."""
    paths: list[Path] = []
    unusable = False
    for path in arguments:
        if not path.is_dir():
            paths.append(path)  # read_file says what is wrong with a path that is missing or not a file
            continue
        try:
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in CHECKED_SUFFIXES and p.is_file())
        except OSError as error:
            print(f"错误：{path}：无法读取文件夹（{error.strerror or error}）", file=sys.stderr)
            unusable = True
            continue
        if not inside:
            print(f"错误：{path}：文件夹中没有申报表文件（{'、'.join(CHECKED_SUFFIXES)}）", file=sys.stderr)
            unusable = True
        paths += inside
    return paths, unusable


def _check_file(path: Path, profile_name: str) -> tuple[list[Checked], str | None]:
    """Read and review every form of one file (in a worker process when --jobs is over 1)."""
    profile = PROFILES[profile_name]
    try:
        documents = files.read_file(path)
    except FormatError as error:
        return [], str(error)
    return [(str(path), doc.name, doc.year, review(doc, profile)) for doc in documents], None


def _reviewed_files(paths: list[Path], profile_name: str, jobs: int) -> Iterator[tuple[list[Checked], str | None]]:
    """Each file's reviewed forms or problem, in the order given."""
    if jobs == 1 or len(paths) < 2:
        for path in paths:
            yield _check_file(path, profile_name)
        return
    from concurrent.futures import ProcessPoolExecutor  # not at start-up: every other command runs without it

    with ProcessPoolExecutor(min(jobs, len(paths))) as pool:
        # Chunks amortise the trip to a worker; small enough that the report keeps flowing.
        yield from pool.map(_check_file, paths, repeat(profile_name), chunksize=max(1, min(64, len(paths) // (jobs * 8))))


class _TextReport:
    """The readable Chinese report, grouped by form, written as forms are reviewed."""

    def __init__(self, out: TextIO, profile_title: str) -> None:
        self.out, self.profile_title = out, profile_title
        self.forms = 0
        self.totals = dict.fromkeys(Severity, 0)
        self.by_rule: Counter[str] = Counter()  # findings of each rule
        self.forms_by_rule: Counter[str] = Counter()  # forms with at least one finding of each rule

    def add(self, form: Checked) -> None:
        source, name, year, findings = form
        self.forms += 1
        rules = [finding.rule for finding in findings]
        self.by_rule.update(rules)
        self.forms_by_rule.update(set(rules))
        out = self.out
        out.write(f"■ {name or '（未命名项目）'}（{year}年度，{source}）\n")
        if not findings:
            out.write("  未发现问题。\n")
        for finding in findings:
            self.totals[finding.severity] += 1
            out.write(f"  [{SEVERITY_LABEL[finding.severity]}] {finding.where}：{finding.message}\n")
            out.write(f"         建议：{finding.hint}\n")
        out.write("\n")

    def close(self) -> None:
        totals = self.totals
        self.out.write(
            f"共审核 {self.forms:,} 张申报表（规则集：{self.profile_title}）："
            f"{totals[Severity.ERROR]:,} 个错误，{totals[Severity.WARNING]:,} 个警告，{totals[Severity.INFO]:,} 个提示。\n"
        )
        if self.forms > 1 and self.by_rule:  # what a reviewer of many forms looks at first: the common problems
            self.out.write("按规则统计（涉及的申报表数，问题数）：\n")
            titles = {rule.id: rule.title for rule in RULES}
            for rule_id, count in self.by_rule.most_common():
                self.out.write(f"  {rule_id}（{titles.get(rule_id, rule_id)}）：{self.forms_by_rule[rule_id]:,} 张表，"
                               f"{count:,} 处\n")


class _JsonReport:
    """DESIGN.md's JSON list, one object per form, written as forms are reviewed: a line each, as json's C encoder
    writes only without indentation (indenting cost as much as reviewing)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.separator = "[\n"

    def add(self, form: Checked) -> None:
        source, name, _, findings = form
        item = {"form": name, "source": source, "findings": [f.to_json() for f in findings]}
        self.out.write(self.separator + json.dumps(item, ensure_ascii=False))
        self.separator = ",\n"

    def close(self) -> None:
        self.out.write("[]\n" if self.separator == "[\n" else "\n]\n")


def _targets(args: argparse.Namespace, out: TextIO) -> int:
    parsed = [parse_target(value, args.year) for value in args.values]
    if args.format == "json":
        out.write(json.dumps([t.to_json() for t in parsed], ensure_ascii=False, indent=2) + "\n")
    else:
        for target in parsed:
            out.write(f"{target.raw}\t{target.kind}\t{target.describe()}\n")
    return EXIT_OK


def _convert(args: argparse.Namespace, out: TextIO) -> int:
    notes: list[str] = []
    documents = files.read_file(args.file, notes)
    for note in notes:  # a best-effort reading (extracted text, another system's PDF): what to confirm
        print(f"提示：{note}", file=sys.stderr)
    data = files.write(documents, args.to)
    try:
        args.output.write_bytes(data)
    except OSError as error:
        raise UsageError(f"无法写入 {args.output}：{error.strerror}") from None
    return EXIT_OK


def _score(args: argparse.Namespace, out: TextIO) -> int:
    data = read_bytes(args.file)
    kind = files.sniff(data, str(args.file))
    if kind == "xlsx":
        evaluation = read_evaluation_workbook(data, str(args.file))
    elif kind == "json":
        evaluation = read_self_evaluation(args.file)
    else:
        raise FormatError(str(args.file), f"绩效自评表应为 JSON 或 Excel 文件，这是{'PDF' if kind == 'pdf' else '文字'}文件")
    try:
        result = score_evaluation(evaluation, EVALUATION_PROFILES[args.profile])
    except ScoringInputError as error:
        raise FormatError(str(args.file), "；".join(f"{path}: {message}" for path, message in error.problems)) \
            from None
    if args.format == "json":
        out.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(f"■ {evaluation.name}（{evaluation.year}年度）绩效自评\n")
        for indicator, item in result.indicators:
            shown = f"{item.value} / {indicator.weight}" if item else "不适用"
            out.write(f"  {indicator.level1} / {indicator.name}：{shown}\n         {item.explanation if item else ''}\n")
        out.write(f"  预算执行率：{result.budget.value}\n         {result.budget.explanation}\n")
        out.write(f"  总分 {result.total}，等级：{result.grade}\n")
        for finding in result.findings:
            out.write(f"  [{SEVERITY_LABEL[finding.severity]}] {finding.where}：{finding.message}\n"
                      f"         建议：{finding.hint}\n")
    return EXIT_FINDINGS if has_errors(result.findings) else EXIT_OK


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    schema = declaration_json_schema() if args.kind == "declaration" else self_evaluation_json_schema()
    out.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _web(args: argparse.Namespace, out: TextIO) -> int:
    """The commands that need the database: Django is loaded only for them."""
    import os

    from .web import commands

    if args.command == "demo":
        os.environ.setdefault("JIXIAO_HTTPS", "0")  # the demo serves plain HTTP on this machine
    commands.setup()
    if args.command in ("demo", "serve"):
        if args.command == "serve":
            commands.migrate(verbosity=0)
        run = commands.demo if args.command == "demo" else commands.serve
        run(host=args.host, port=args.port, workers=args.workers)
    elif args.command == "migrate":
        commands.migrate()
    elif args.command == "worker":
        commands.worker()
    elif args.command == "createorg":
        commands.create_organisation_command(name=args.name, kind=args.kind, parent=args.parent)
    elif args.command == "createuser":
        password = os.environ.get(args.password_env, "")
        if len(password) < 8:
            raise UsageError(f"请在环境变量 {args.password_env} 中提供至少 8 位的密码")
        commands.create_user_command(username=args.username, password=password, organisation=args.organisation,
                                     role=args.role, full_name=args.name)
    elif args.command == "import":
        count, problems, reviewed, notes = commands.import_files(args.files, args.organisation,
                                                                 publish=args.published, dry_run=args.dry_run)
        for problem in problems:
            print(f"错误：{problem}", file=sys.stderr)
        for line in reviewed + notes:  # importable as drafts, to be corrected before they are submitted
            out.write(f"提示：{line}\n")
        verb = "检查通过" if args.dry_run else "已导入"
        out.write(f"{verb} {count} 张申报表" + (f"，{len(problems)} 个文件有问题未导入" if problems else "") + "。\n")
        return EXIT_UNREADABLE if problems else EXIT_OK
    elif args.command == "export":
        try:
            count = commands.export_json(args.output, args.year, args.status)
        except OSError as error:
            raise UsageError(f"无法写入 {args.output}：{error.strerror}") from None
        out.write(f"已导出 {count} 张申报表到 {args.output}。\n")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
