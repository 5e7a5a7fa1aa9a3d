"""The activities' exports: one `Table` each (khuyencong/exporting.py gives xlsx and CSV)."""

from __future__ import annotations

from khuyencong.exporting import Table


def media_table(queryset) -> Table:
    headings = [
        "STT",
        "Ngày đăng/phát",
        "Loại",
        "Kênh",
        "Tiêu đề",
        "Số kỳ/buổi",
        "Lượt tiếp cận",
        "Đường dẫn",
        "Đề án",
    ]
    rows = (
        [
            n,
            item.published_on,
            item.get_kind_display(),
            item.channel,
            item.title,
            item.episodes,
            item.reach,
            item.link,
            item.project.code,
        ]
        for n, item in enumerate(
            queryset.select_related("project").order_by("-published_on", "-pk").iterator(), 1
        )
    )
    return Table("Thông tin tuyên truyền", headings, rows, widths=[6, 12, 18, 25, 50, 10, 12, 30, 18])
