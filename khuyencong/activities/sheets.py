"""The activities' exports: one `Table` each (khuyencong/exporting.py gives xlsx and CSV)."""

from __future__ import annotations

from django.db.models import Count, Sum

from khuyencong.exporting import Table

from .models import Booth, Participant


def course_table(queryset) -> Table:
    """Every course of the list with its planned and actual trainees, completed and employed."""
    from .outputs import course_counts

    counts = course_counts(queryset.values("pk"))
    courses = queryset.select_related("project", "current_venue_commune").order_by("-start_on", "-pk")
    headings = [
        "STT",
        "Tên lớp",
        "Nghề đào tạo",
        "Địa điểm",
        "Xã/phường nơi học",
        "Ngày bắt đầu",
        "Ngày kết thúc",
        "Học viên kế hoạch",
        "Học viên thực tế",
        "Hoàn thành",
        "Có việc làm sau đào tạo",
        "Giáo viên",
        "Đề án",
    ]
    rows = (
        [
            n,
            course.title,
            course.trade,
            course.venue,
            course.current_venue_commune.name if course.current_venue_commune_id else "",
            course.start_on,
            course.end_on,
            course.planned_trainees,
            counts[course.pk]["trainees"],
            counts[course.pk]["trainees_completed"],
            counts[course.pk]["employed_after_training"],
            "; ".join(course.teacher_names),
            course.project.code,
        ]
        for n, course in enumerate(courses.iterator(chunk_size=2000), 1)
    )
    return Table(
        "Lớp đào tạo nghề", headings, rows, widths=[6, 40, 25, 30, 25, 12, 12, 10, 10, 10, 12, 30, 18]
    )


def trainee_table(queryset) -> Table:
    """Trainees (personal data): the caller passes only those `Trainee.objects.visible_to` the user."""
    headings = [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Năm sinh",
        "Dân tộc",
        "Xã/phường nơi ở",
        "Cơ sở",
        "Lớp",
        "Đề án",
        "Hoàn thành",
        "Số chứng chỉ",
        "Có việc làm sau đào tạo",
        "Nơi làm việc",
    ]
    rows = (
        [
            n,
            trainee.full_name,
            trainee.get_sex_display(),
            trainee.birth_year,
            trainee.ethnicity,
            trainee.current_commune.name if trainee.current_commune_id else "",
            trainee.establishment.name if trainee.establishment_id else "",
            trainee.course.title,
            trainee.course.project.code,
            "Có" if trainee.completed else "Không",
            trainee.certificate_number,
            "Có" if trainee.employed_after_training else "Không",
            trainee.employed_at,
        ]
        for n, trainee in enumerate(
            queryset.select_related("course__project", "current_commune", "establishment").iterator(
                chunk_size=2000
            ),
            1,
        )
    )
    return Table("Học viên", headings, rows, widths=[6, 28, 8, 8, 10, 25, 30, 35, 18, 10, 14, 12, 30])


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
