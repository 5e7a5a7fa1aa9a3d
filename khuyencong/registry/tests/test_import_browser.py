"""The import preview on a phone, in a real Chromium: a national administrator chooses the
province of a list, reads the valid rows with their units then and today, and imports them."""

import re

import pytest
from playwright.sync_api import expect

from conftest import HUNG_YEN, province
from khuyencong.registry.models import Establishment

from .test_browser import PHONE, log_in, no_sideways_scroll
from .workbooks import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_national_administrator_previews_a_list_with_its_units_and_imports_it(live_server, page, personas):
    base = live_server.url
    log_in(page, base, personas["admin"].username)
    rows = [
        ["UBND TỈNH HƯNG YÊN"],
        ["DANH SÁCH CƠ SỞ CNNT"],
        ["STT", "Tên CS", "Đ/c", None, "Số LĐ (người)"],
        [None, None, "Xã", "H.", None],
        [1, "Hộ kinh doanh Vũ Văn Bình", "Xã Liêu Xá", "Huyện Yên Mỹ", 6],
        [2, "Cơ sở không rõ xã", "Xã Không Có", "Huyện Yên Mỹ", 2],
    ]
    data = workbook_bytes(rows, ["C3:D3"])

    page.goto(f"{base}/registry/imports/")
    assert no_sideways_scroll(page)
    page.select_option("#id_province", str(province(HUNG_YEN).pk))
    page.set_input_files("#id_file", files=[{"name": "ds-cnnt.xlsx", "mimeType": XLSX, "buffer": data}])
    page.click("main form button[type=submit]")

    table = page.locator("#valid-rows")
    expect(table).to_contain_text("Hộ kinh doanh Vũ Văn Bình")
    expect(table).to_contain_text("Xã Liêu Xá, Huyện Yên Mỹ")  # as the list wrote it
    expect(table).to_contain_text("Xã Nguyễn Văn Linh")  # today's commune
    expect(page.locator("main")).to_contain_text("Xã Không Có")  # the invalid row, with its reason
    assert no_sideways_scroll(page)

    page.get_by_role("button", name=re.compile("Nhập các dòng hợp lệ")).click()
    expect(page.get_by_role("status").filter(has_text="Mở danh sách cơ sở")).to_be_visible()
    created = Establishment.objects.get(name="Hộ kinh doanh Vũ Văn Bình")
    assert created.province == province(HUNG_YEN) and created.workers == 6
