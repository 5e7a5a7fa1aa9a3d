"""A province programme to run projects in: this year's local and national plans, a batch each, a decision."""

import datetime

import pytest
from django.utils import timezone

from conftest import HUNG_YEN, province
from khuyencong.documents.models import Document
from khuyencong.plans.models import Batch, FundingSource, Plan

M = 1_000_000


@pytest.fixture
def programme(db, personas):
    today = timezone.localdate()
    hy = province(HUNG_YEN)
    decision = Document.objects.create(
        symbol="15/QĐ-UBND",
        issued_on=today - datetime.timedelta(days=40),
        issuer="UBND tỉnh Hưng Yên",
        summary="Phê duyệt kế hoạch khuyến công",
        province=hy,
    )
    batches = {}
    for code in ("KCĐP", "KCQG"):
        source = FundingSource.objects.get(code=code)
        plan = Plan.objects.create(province=hy, year=today.year, source=source, title=f"Kế hoạch {code}")
        batches[code] = Batch.objects.create(
            plan=plan,
            number=1,
            amount=2_000 * M,
            approved_on=today - datetime.timedelta(days=30),
            decision=decision,
        )
    return {"province": hy, "decision": decision, "batches": batches, "today": today}
