"""The periodic report as a Decree 30/2020 paper: Word and PDF (khuyencong/decree30.py)."""

from __future__ import annotations

from collections.abc import Mapping

from khuyencong import decree30

from .words import (
    ACTIVITY_KINDS,
    NO_RECORDS,
    PLACEHOLDER,
    UNIT,
    _date,
    _dmy,
    _lower_first,
    _place,
    _province_label,
    change_words,
    count,
    decision_phrase,
    money,
    period_label,
    province_lines,
    ratio,
)


def _text_blocks(text: str | None) -> list[decree30.Block]:
    """What staff wrote: a line starting with "-", "+" or "•" is a bullet, any other a paragraph;
    nothing written leaves a visible placeholder, never a silent gap."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return [decree30.Paragraph(PLACEHOLDER, italic=True)]
    blocks: list[decree30.Block] = []
    bullets: list[str] = []
    for line in lines:
        if line[0] in "-+•":
            bullets.append(line[1:].strip())
            continue
        if bullets:
            blocks.append(decree30.Bullets(tuple(bullets)))
            bullets = []
        blocks.append(decree30.Paragraph(line))
    if bullets:
        blocks.append(decree30.Bullets(tuple(bullets)))
    return blocks


def _national_plan(report: Mapping) -> list[decree30.Block]:
    plan = report["national_plan"]
    year = report["period"]["year"]
    blocks: list[decree30.Block] = [decree30.Heading(2, "Về thực hiện kế hoạch khuyến công quốc gia")]
    for decision in plan.get("assigned_by") or ():
        blocks.append(decree30.Paragraph(f"Thực hiện {decision_phrase(decision)}."))
    tasks = plan.get("tasks") or ()
    total = plan.get("tasks_total", len(tasks))
    sentence = f"Kinh phí khuyến công quốc gia năm {year} giao thực hiện là {money(plan, 'planned')} {UNIT}"
    if total:
        sentence += f" cho {count(total)} nhiệm vụ, đề án"
    sentence += f"; đến nay đã giải ngân {money(plan, 'disbursed')} {UNIT}, đạt {ratio(plan.get('percent'))} kế hoạch."
    blocks.append(decree30.Paragraph(sentence))
    if "by_province" in plan:
        # The country's paper: a line per province; its tasks are in the annex and the records file.
        blocks.append(_provinces_table(plan, "Kinh phí khuyến công quốc gia theo tỉnh, thành phố", tasks))
        return blocks
    if not tasks:
        return blocks
    blocks.append(
        decree30.Table(
            header_rows=(("TT", "Nhiệm vụ, đề án", "Kế hoạch", "Đã giải ngân", "Tiến độ"),),
            rows=tuple(
                (
                    str(n),
                    task["title"],
                    money(task, "planned"),
                    money(task, "disbursed"),
                    task.get("progress") or "",
                )
                for n, task in enumerate(tasks, 1)
            ),
            total=(
                "",
                "Tổng cộng",
                money(plan, "planned"),
                money(plan, "disbursed"),
                ratio(plan.get("percent")),
            ),
            numeric=frozenset({2, 3}),
            unit=f"Đơn vị: {UNIT}",
            widths=(10, 70, 25, 25, 35),
        )
    )
    for task in tasks:
        items = [decision_phrase(decision) + ";" for decision in task.get("decisions") or ()]
        for activity in task.get("activities") or ():
            when = " - ".join(_dmy(day) for day in (activity.get("start"), activity.get("end")) if day)
            kind = ACTIVITY_KINDS.get(activity.get("kind"), "Hoạt động")
            items.append(f"{kind}: {activity['title']}" + (f" ({when})" if when else "") + ";")
        progress = task.get("progress") or task.get("status_display") or ""
        blocks.append(
            decree30.Paragraph(
                f"{task['title']}: kinh phí {money(task, 'planned')} {UNIT}, đã giải ngân "
                f"{money(task, 'disbursed')} {UNIT}"
                + (f"; tiến độ: {_lower_first(progress)}." if progress else ".")
            )
        )
        if items:
            items[-1] = items[-1].rstrip(";") + "."
            blocks.append(decree30.Bullets(tuple(items)))
    return blocks


def _local_plan(report: Mapping) -> list[decree30.Block]:
    plan = report["local_plan"]
    period = report["period"]
    year = period["year"]
    batches = plan.get("batches") or ()
    blocks: list[decree30.Block] = [decree30.Heading(2, "Về thực hiện kế hoạch khuyến công địa phương")]
    sentence = f"Kế hoạch kinh phí khuyến công địa phương năm {year} là {money(plan, 'planned')} {UNIT}"
    if batches:
        parts = []
        for batch in batches:
            part = f"kinh phí {batch.get('label') or 'đợt'} là {money(batch, 'planned')} {UNIT}"
            if batch.get("decision"):
                part += f" ({decision_phrase(batch['decision'])})"
            parts.append(part)
        sentence += ". Trong đó: " + "; ".join(parts)
    blocks.append(decree30.Paragraph(sentence + "."))

    executed = f"Đến ngày {_dmy(period['to'])}, kinh phí thực hiện đạt {money(plan, 'disbursed')} {UNIT}"
    if plan.get("change"):
        executed += f", {change_words(plan['change'])} so với cùng kỳ năm {year - 1}"
        if plan.get("previous_disbursed") is not None:
            executed += f" ({money(plan, 'previous_disbursed')} {UNIT})"
    elif plan.get("previous_disbursed") is not None:
        executed += f"; cùng kỳ năm {year - 1} là {money(plan, 'previous_disbursed')} {UNIT}"
    executed += f", đạt {ratio(plan.get('percent_of_year'))} kế hoạch năm"
    reached = [
        f"{batch['percent']} kế hoạch {batch.get('label') or 'đợt'}"
        for batch in batches
        if batch.get("percent") and batch.get("disbursed")
    ]
    if reached:
        executed += "; đạt " + ", ".join(reached)
    blocks.append(decree30.Paragraph(executed + "."))

    contents = plan.get("main_contents") or ()
    if contents:
        names = ", ".join(_lower_first(item["name"]) for item in contents)
        blocks.append(decree30.Paragraph(f"Trong đó tập trung vào một số nội dung chính như: {names}."))
    if batches:
        blocks.append(
            decree30.Table(
                header_rows=(("Đợt", "Quyết định giao", "Kế hoạch", "Đã thực hiện", "Tỷ lệ", "Số đề án"),),
                rows=tuple(
                    (
                        batch.get("label") or "",
                        _decision_cell(batch.get("decision")),
                        money(batch, "planned"),
                        money(batch, "disbursed"),
                        ratio(batch.get("percent")),
                        count(batch.get("projects")),
                    )
                    for batch in batches
                ),
                total=(
                    "Cả năm",
                    "",
                    money(plan, "planned"),
                    money(plan, "disbursed"),
                    ratio(plan.get("percent_of_year")),
                    count(sum(batch.get("projects") or 0 for batch in batches)),
                ),
                numeric=frozenset({2, 3, 4, 5}),
                caption="Kinh phí khuyến công địa phương theo đợt",
                unit=f"Đơn vị: {UNIT}",
                widths=(20, 50, 25, 25, 22, 23),
            )
        )
    if "by_province" in plan:
        blocks.append(_provinces_table(plan, "Kinh phí khuyến công địa phương theo tỉnh, thành phố"))
    if plan.get("previous_disbursed") is not None or plan.get("change"):
        blocks.append(
            decree30.Table(
                header_rows=((f"Cùng kỳ năm {year - 1}", f"Kỳ này năm {year}", "Thay đổi"),),
                rows=(
                    (
                        money(plan, "previous_disbursed")
                        if plan.get("previous_disbursed") is not None
                        else "—",
                        money(plan, "disbursed"),
                        ratio(plan.get("change")),
                    ),
                ),
                numeric=frozenset({0, 1, 2}),
                caption="Kinh phí thực hiện so với cùng kỳ",
                unit=f"Đơn vị: {UNIT}",
            )
        )
    if contents:
        blocks.append(
            decree30.Table(
                header_rows=(("TT", "Nội dung hoạt động", "Số đề án", "Kinh phí thực hiện"),),
                rows=tuple(
                    (str(n), item["name"], count(item.get("projects")), money(item, "disbursed"))
                    for n, item in enumerate(contents, 1)
                ),
                numeric=frozenset({2, 3}),
                caption="Các nội dung chính được hỗ trợ",
                unit=f"Đơn vị: {UNIT}",
                widths=(10, 85, 30, 40),
            )
        )
    return blocks


def _provinces_table(plan: Mapping, caption: str, tasks=None) -> decree30.Table:
    """The roll-up's line per province (`by_province`), with its tasks for the national plan."""
    rows = province_lines(plan)
    with_tasks = tasks is not None
    heading = ("TT", "Tỉnh, thành phố", *(("Số nhiệm vụ",) if with_tasks else ()))
    return decree30.Table(
        header_rows=((*heading, "Kế hoạch", "Đã thực hiện", "Tỷ lệ", "Cùng kỳ năm trước"),),
        rows=tuple(
            (
                str(n),
                row["name"],
                *((count(row.get("tasks")),) if with_tasks else ()),
                money(row, "planned"),
                money(row, "disbursed"),
                ratio(row.get("percent")),
                money(row, "previous_disbursed") if row.get("previous_disbursed") is not None else "—",
            )
            for n, row in enumerate(rows, 1)
        ),
        total=(
            "",
            "Cả nước",
            *((count(plan.get("tasks_total", len(tasks or ()))),) if with_tasks else ()),
            money(plan, "planned"),
            money(plan, "disbursed"),
            ratio(plan.get("percent")),
            money(plan, "previous_disbursed") if plan.get("previous_disbursed") is not None else "—",
        ),
        numeric=frozenset(range(2, len(heading) + 4)),
        caption=caption,
        unit=f"Đơn vị: {UNIT}",
        widths=(8, 40, 18, 25, 25, 20, 27) if with_tasks else (8, 47, 28, 28, 22, 30),  # 165 mm of A4
    )


def _decision_cell(decision: Mapping | None) -> str:
    if not decision:
        return ""
    return f"{decision.get('symbol', '')} ngày {decision.get('date_display', '')}".strip()


def _projects(report: Mapping) -> list[decree30.Block]:
    projects = report["projects"]
    statuses = projects.get("statuses") or ()
    by_type = projects.get("by_type") or ()
    blocks: list[decree30.Block] = [
        decree30.Heading(2, "Đề án khuyến công theo nội dung hoạt động và tình trạng"),
        decree30.Paragraph(f"Tổng số đề án trong kỳ: {count(projects.get('total'))} đề án."),
    ]
    if by_type:
        rows = []
        for n, line in enumerate(by_type, 1):
            cells = [count(line.get("by_status", {}).get(status["code"], 0)) for status in statuses]
            rows.append((str(n), line["name"], *cells, count(line.get("total"))))
        column_totals = [
            sum(line.get("by_status", {}).get(status["code"], 0) for line in by_type) for status in statuses
        ]
        blocks.append(
            decree30.Table(
                header_rows=(
                    ("TT", "Nội dung hoạt động", *(status["label"] for status in statuses), "Tổng số"),
                ),
                rows=tuple(rows),
                total=(
                    "",
                    "Tổng cộng",
                    *(count(value) for value in column_totals),
                    count(projects.get("total")),
                ),
                numeric=frozenset(range(2, len(statuses) + 3)),
                unit="Đơn vị: đề án",
            )
        )
    return blocks


def _outputs(report: Mapping) -> list[decree30.Block]:
    outputs = report.get("outputs") or ()
    blocks: list[decree30.Block] = [decree30.Heading(2, "Kết quả đầu ra của các hoạt động")]
    if not outputs:
        return [*blocks, decree30.Paragraph(NO_RECORDS)]
    blocks.append(
        decree30.Table(
            header_rows=(("TT", "Chỉ tiêu", "Kết quả"),),
            rows=tuple(
                (str(n), item["label"], count(item.get("value"))) for n, item in enumerate(outputs, 1)
            ),
            numeric=frozenset({2}),
            widths=(10, 115, 40),
        )
    )
    return blocks


def _establishments(report: Mapping) -> list[decree30.Block]:
    data = report["establishments"]
    grouping = (
        "theo đơn vị hành chính hiện nay"
        if data.get("grouping") == "today"
        else "theo đơn vị hành chính tại thời điểm được hỗ trợ"
    )
    blocks: list[decree30.Block] = [
        decree30.Heading(2, "Cơ sở công nghiệp nông thôn được hỗ trợ"),
        decree30.Paragraph(
            f"Trong kỳ có {count(data.get('total'))} lượt cơ sở được hỗ trợ với tổng kinh phí hỗ trợ được duyệt "
            f"{money(data, 'amount')} {UNIT} (kinh phí của mỗi đề án chia đều cho các cơ sở thụ hưởng); "
            f"địa bàn được tổng hợp {grouping}."
        ),
    ]
    for key, heading, caption in (
        ("by_commune", "Xã, phường", "Cơ sở được hỗ trợ theo địa bàn"),
        ("by_trade", "Ngành nghề", "Cơ sở được hỗ trợ theo ngành nghề"),
    ):
        lines = data.get(key) or ()
        if not lines:
            continue
        name = "commune" if key == "by_commune" else "trade"
        blocks.append(
            decree30.Table(
                header_rows=(("TT", heading, "Số cơ sở", "Kinh phí hỗ trợ được duyệt"),),
                rows=tuple(
                    (str(n), line[name], count(line.get("count")), money(line, "amount"))
                    for n, line in enumerate(lines, 1)
                ),
                total=("", "Tổng cộng", count(data.get("total")), money(data, "amount")),
                numeric=frozenset({2, 3}),
                caption=caption,
                unit=f"Đơn vị kinh phí: {UNIT}",
                widths=(10, 95, 25, 35),
            )
        )
    return blocks


def _documents(report: Mapping) -> list[decree30.Block]:
    documents = report.get("documents") or ()
    blocks: list[decree30.Block] = [decree30.Heading(2, "Văn bản đã ban hành trong kỳ")]
    if not documents:
        return [*blocks, decree30.Paragraph(NO_RECORDS)]
    blocks.append(
        decree30.Table(
            header_rows=(("TT", "Số, ký hiệu", "Ngày", "Cơ quan ban hành", "Trích yếu"),),
            rows=tuple(
                (
                    str(n),
                    item.get("symbol") or "",
                    item.get("date_display") or "",
                    item.get("issuer") or "",
                    item.get("subject") or "",
                )
                for n, item in enumerate(documents, 1)
            ),
            widths=(10, 30, 22, 38, 65),
        )
    )
    return blocks


def _defaults(report: Mapping) -> dict:
    """The paper's frame when `texts` does not give it: the Department of Industry and Trade under
    the province's People's Committee for a province, the Ministry for the national roll-up."""
    scope = report["scope"]
    if scope.get("kind") == "province" and scope.get("province"):
        name = scope["province"].get("name") or ""
        return {
            "parent": f"UBND {scope['province'].get('label') or name}".upper(),
            "issuer": "SỞ CÔNG THƯƠNG",
            "symbol": "BC-SCT",
            "recipients": ("Bộ Công Thương", f"UBND tỉnh {name}".strip(), "Lưu: VT, QLCN"),
            "signer_authority": "GIÁM ĐỐC",
        }
    return {
        "parent": "",
        "issuer": "BỘ CÔNG THƯƠNG",
        "symbol": "BC-BCT",
        "recipients": ("Lãnh đạo Bộ", "Lưu: VT"),
        "signer_authority": "BỘ TRƯỞNG",
    }


def periodic_document(report: Mapping, texts: Mapping | None = None) -> decree30.Document:
    """The periodic report as a Decree 30 document. `texts` holds what staff wrote: sections II-IV
    ("achievements", "shortcomings", "next_tasks", "recommendations") and, optionally, the frame
    ("parent", "issuer", "number", "symbol", "place", "date" as ISO, "summary", "recipients" as
    a list, "signer_authority", "signer_title", "signer_name")."""
    texts = dict(texts or {})
    frame = {**_defaults(report), **{key: value for key, value in texts.items() if value not in (None, "")}}
    label = period_label(report)
    national = report["scope"].get("kind") == "national"
    where = "trên phạm vi toàn quốc" if national else f"trên địa bàn {_province_label(report)}"
    blocks: list[decree30.Block] = [
        decree30.Paragraph(
            f"Báo cáo kết quả thực hiện hoạt động khuyến công {label} {where}, số liệu tính từ ngày "
            f"{_dmy(report['period']['from'])} đến ngày {_dmy(report['period']['to'])}, tổng hợp từ hồ sơ "
            f"trên hệ thống; số tiền tính bằng {UNIT}."
        )
    ]
    merged = [
        item.get("label") for item in ((report["scope"].get("province") or {}).get("before_reform") or ())
    ]
    if merged:
        blocks.append(decree30.Paragraph(f"Số liệu gồm cả các kế hoạch, đề án của {', '.join(merged)}."))
    if national and report["scope"].get("provinces"):
        blocks.append(
            decree30.Paragraph(
                f"Số tỉnh, thành phố được tổng hợp: {count(len(report['scope']['provinces']))}."
            )
        )
    blocks.append(decree30.Heading(1, f"Kết quả thực hiện {label}"))
    for section in (_national_plan, _local_plan, _projects, _outputs, _establishments, _documents):
        blocks.extend(section(report))
    blocks.append(decree30.Heading(1, "Đánh giá chung"))
    blocks.append(decree30.Heading(2, "Kết quả đạt được"))
    blocks.extend(_text_blocks(texts.get("achievements")))
    blocks.append(decree30.Heading(2, "Tồn tại, hạn chế và nguyên nhân"))
    blocks.extend(_text_blocks(texts.get("shortcomings")))
    blocks.append(decree30.Heading(1, "Nhiệm vụ, giải pháp thời gian tới"))
    blocks.extend(_text_blocks(texts.get("next_tasks")))
    blocks.append(decree30.Heading(1, "Kiến nghị, đề xuất"))
    blocks.extend(_text_blocks(texts.get("recommendations")))

    recipients = frame["recipients"]
    if isinstance(recipients, str):
        recipients = tuple(line for line in recipients.splitlines() if line.strip())
    return decree30.Document(
        parent=frame["parent"],
        issuer=frame["issuer"],
        number=str(frame.get("number") or ""),
        symbol=frame["symbol"],
        place=frame.get("place") or _place(report),
        date=_date(frame.get("date")) or _date(report["period"]["to"]),
        kind="BÁO CÁO",
        summary=frame.get("summary")
        or f"Kết quả hoạt động khuyến công {label} và nhiệm vụ, giải pháp thời gian tới",
        blocks=tuple(blocks),
        recipients=tuple(recipients),
        signer=decree30.Signer(
            authority=frame.get("signer_authority", ""),
            title=frame.get("signer_title", ""),
            name=frame.get("signer_name", ""),
        ),
    )


def periodic_docx(report: Mapping, texts: Mapping | None = None) -> bytes:
    return decree30.to_docx(periodic_document(report, texts))


def periodic_pdf(report: Mapping, texts: Mapping | None = None) -> bytes:
    return decree30.to_pdf(periodic_document(report, texts))


def periodic_html(report: Mapping, texts: Mapping | None = None) -> str:
    return decree30.to_html(periodic_document(report, texts))


# ------------------------------------------------------------------ the Excel annex
