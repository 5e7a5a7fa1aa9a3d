"""Each dashboard chart's table as a workbook (exporting.Table), from the same figures as the page.

Amounts are whole đồng (numbers the reader's Excel can sum); the page shows them in triệu đồng.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khuyencong.exporting import MONEY, Table, TotalRow


def _caption(title: str, place: str, figures: dict, *, money: bool = True) -> list[str]:
    day = date_format(figures["execution"]["as_of"], "d/m/Y")
    if money:
        return [f"{title} — {place}", _("As of %(day)s; amounts in đồng") % {"day": day}]
    return [f"{title} — {place}", _("As of %(day)s") % {"day": day}]


def execution_table(figures: dict, place: str) -> Table:
    data = figures["execution"]

    def rows():
        for line in data["lines"]:
            yield [
                line["label"],
                line["decision"],
                line["planned"],
                line["allocated"],
                line["disbursed"],
                line["percent"],
            ]
        if data["total"]:
            total = data["total"]
            yield TotalRow(
                [_("Total"), "", total["planned"], total["allocated"], total["disbursed"], total["percent"]]
            )

    headings = [
        _("Batch"),
        _("Decision"),
        _("Planned (đồng)"),
        _("Allocated (đồng)"),
        _("Disbursed (đồng)"),
        _("% disbursed"),
    ]
    return Table(
        _("Execution"),
        headings,
        rows(),
        caption=_caption(_("Execution against plan"), place, figures),
        widths=[30, 18, 18, 18, 18, 12],
        formats={2: MONEY, 3: MONEY, 4: MONEY},
    )


def months_table(figures: dict, place: str) -> Table:
    data = figures["execution"]
    headings = [
        _("Month"),
        _("Planned (đồng)"),
        _("Disbursed to date (đồng)"),
        *[s["label"] for s in data["series"]],
    ]
    planned = data["total"]["planned"] if data["total"] else 0

    def rows():
        for index, end in enumerate(data["months"]):
            yield [end, planned, data["cumulative"][index], *[s["values"][index] for s in data["series"]]]

    return Table(
        _("By month"),
        headings,
        rows(),
        caption=_caption(_("Disbursed through the year"), place, figures),
        formats=dict.fromkeys(range(1, len(headings)), MONEY),
    )


def projects_table(figures: dict, place: str) -> Table:
    data = figures["projects"]
    headings = [_("Activity type"), *[s["label"] for s in data["statuses"]], _("Total")]

    def rows():
        for row in data["rows"]:
            yield [f"{row['code']}. {row['name']}", *row["cells"], row["total"]]
        yield TotalRow(
            [
                _("Total"),
                *[sum(r["cells"][i] for r in data["rows"]) for i in range(len(data["statuses"]))],
                data["total"],
            ]
        )

    return Table(
        _("Projects"),
        headings,
        rows(),
        caption=_caption(_("Projects by activity type and status"), place, figures, money=False),
        widths=[40],
    )


def outputs_table(figures: dict, place: str) -> Table:
    data = figures["outputs"]
    headings = [_("Output"), _("Counted"), _("Programme target"), _("Share of target"), _("Target checked")]

    def rows():
        for row in data["rows"]:
            target = (
                row["target"] if row["target"] is not None else (_("not entered") if row["has_row"] else "")
            )
            checked = (_("yes") if row["verified"] else _("no")) if row["has_row"] else ""
            yield [row["label"], row["value"], target, row["share"], checked]

    caption = _caption(_("Outputs against the programme's targets"), place, figures, money=False)
    if data["basis"]:
        caption.append(data["basis"])
    return Table(_("Outputs"), headings, rows(), caption=caption, widths=[34, 12, 18, 14, 14])


def communes_table(figures: dict, place: str) -> Table:
    data = figures["communes"]
    headings = [_("Rank"), _("Commune"), _("Projects"), _("Support approved (đồng)")]

    def rows():
        for rank, row in enumerate(data["rows"], start=1):
            yield [rank, row["commune"], row["count"], row["amount"]]
        if data["without"]["count"]:
            yield ["", _("No commune (province-wide)"), data["without"]["count"], data["without"]["amount"]]

    return Table(
        _("By commune"),
        headings,
        rows(),
        caption=_caption(_("Support by commune"), place, figures),
        widths=[8, 40, 10, 22],
        formats={3: MONEY},
    )


def overdue_table(figures: dict, place: str) -> Table:
    data = figures["overdue"]
    headings = [_("Kind"), _("Project"), _("What"), _("Due")]

    def rows():
        for item in data["items"]:
            yield [item["kind"], item["project"], item["what"], item["due"]]

    return Table(
        _("Overdue"),
        headings,
        rows(),
        # Overdue is counted on today's date whatever day the page shows (as the page says).
        caption=[
            f"{_('Overdue items')} — {place}",
            _("Counted on today's date, %(day)s") % {"day": date_format(data["today"], "d/m/Y")},
        ],
        widths=[24, 50, 30, 12],
    )


TABLES = {
    "execution": execution_table,
    "months": months_table,
    "projects": projects_table,
    "outputs": outputs_table,
    "communes": communes_table,
    "overdue": overdue_table,
}
