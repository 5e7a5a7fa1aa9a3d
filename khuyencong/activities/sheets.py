"""The activities' exports: one `Table` each (khuyencong/exporting.py gives xlsx and CSV)."""

from __future__ import annotations

from django.db.models import Count, Sum

from khuyencong.exporting import Table

from .models import Booth, Participant


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


def event_table(queryset) -> Table:
    headings = [
        "STT",
        "Bắt đầu",
        "Kết thúc",
        "Loại",
        "Tên sự kiện",
        "Đơn vị tổ chức",
        "Địa điểm",
        "Trạng thái",
        "Số gian hàng",
        "Hỗ trợ gian hàng (đồng)",
        "Số người tham dự",
        "Khách tham quan",
        "Doanh thu (đồng)",
        "Đề án",
    ]
    events = queryset.select_related("project", "current_venue_commune").order_by("-start_on", "-pk")
    # Per event, one grouped query each (a join of booths and participants would multiply the rows).
    chosen = queryset.values("pk")
    booths = {
        row["event_id"]: row
        for row in Booth.objects.filter(event__in=chosen)
        .values("event_id")
        .annotate(count=Count("pk"), support=Sum("support"))
    }
    attended = dict(
        Participant.objects.filter(event__in=chosen, attended=True)
        .values("event_id")
        .annotate(count=Count("pk"))
        .values_list("event_id", "count")
    )
    rows = (
        [
            n,
            event.start_on,
            event.end_on,
            event.get_kind_display(),
            event.title,
            event.organiser,
            ", ".join(
                p
                for p in (event.venue, event.current_venue_commune and event.current_venue_commune.name)
                if p
            ),
            event.get_status_display(),
            booths.get(event.pk, {}).get("count", 0),
            booths.get(event.pk, {}).get("support"),
            attended.get(event.pk, 0),
            event.visitors,
            event.sales,
            event.project.code,
        ]
        for n, event in enumerate(events.iterator(), 1)
    )
    return Table(
        "Hội nghị, hội chợ", headings, rows, widths=[6, 12, 12, 18, 45, 25, 30, 12, 10, 16, 10, 12, 16, 18]
    )
