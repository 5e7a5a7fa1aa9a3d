"""Demo data: Hưng Yên's registry as it stood in 2015, and one demo user per role.

Deterministic (a fixed random seed) and idempotent: every record is looked up by its
natural key before it is created, so running the loader twice changes nothing.
The 2015 records sit in the 2015 districts and communes (legacy units).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from khuyencong.accounts.models import Role, RoleAssignment, ScopeLevel, User
from khuyencong.audit.log import save_audited
from khuyencong.geo.models import AdminUnit
from khuyencong.vntext import fold

from .models import ActivityType, Certification, CraftVillage, Establishment, Need, Product

PROVINCE_CODE = 33  # Hưng Yên, in both the legacy and the current lists
DEMO_PASSWORD = "khuyencong2015"
# What the log says of the records the demo loader made (shown on every history page).
DEMO_NOTE = "Dữ liệu mẫu (manage.py load_demo)"
SEED = 2015
ESTABLISHMENTS_PER_DISTRICT = 32

# (village name, craft, legacy district, legacy commune, households, workers)
VILLAGES = [
    ("Làng nghề đúc đồng Lộng Thượng", "Đúc đồng", "Huyện Văn Lâm", "Xã Đại Đồng", 420, 1100),
    ("Làng nghề tái chế nhựa Minh Khai", "Tái chế nhựa", "Huyện Văn Lâm", "Thị trấn Như Quỳnh", 380, 1500),
    ("Làng nghề chạm bạc Huệ Lai", "Chạm bạc", "Huyện Yên Mỹ", "Xã Ngọc Long", 150, 320),
    ("Làng nghề tương Bần", "Chế biến tương", "Thị xã Mỹ Hào", "Phường Bần Yên Nhân", 260, 540),
    ("Làng nghề bún Thiện Phiến", "Chế biến bún", "Huyện Tiên Lữ", "Xã Thiện Phiến", 120, 260),
    ("Làng nghề mây tre đan Phú Ủng", "Mây tre đan", "Huyện Ân Thi", "Xã Phù Ủng", 200, 450),
    ("Làng nghề đồ gỗ Đông Tảo", "Mộc dân dụng", "Huyện Khoái Châu", "Xã Đông Tảo", 90, 210),
    ("Làng nghề hương Cao Thôn", "Làm hương", "Huyện Văn Giang", "Xã Xuân Quan", 110, 230),
]

TRADES = [
    ("Mây tre đan", "handicraft", ["Giỏ mây", "Khay tre", "Đèn mây"]),
    ("Chế biến nông sản", "food", ["Long nhãn sấy", "Miến dong", "Bột sắn dây"]),
    ("Cơ khí nhỏ", "machinery", ["Máy tuốt lúa", "Khung cửa sắt", "Phụ tùng máy nông nghiệp"]),
    ("Mộc dân dụng", "handicraft", ["Bàn ghế gỗ", "Tủ gỗ", "Tượng gỗ"]),
    ("May mặc", "other", ["Quần áo bảo hộ", "Áo sơ mi", "Túi vải"]),
    ("Chế biến thực phẩm", "food", ["Tương Bần", "Bún khô", "Bánh cuốn"]),
    ("Đúc đồng", "handicraft", ["Chuông đồng", "Lư hương đồng", "Tượng đồng"]),
    ("Thêu ren", "handicraft", ["Tranh thêu", "Khăn thêu"]),
    ("Sản xuất vật liệu xây dựng", "other", ["Gạch không nung", "Ngói màu"]),
    ("Tái chế nhựa", "other", ["Hạt nhựa tái sinh", "Túi nilon"]),
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lương"]
MIDDLES = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quang", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quý",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thảo",
    "Tuấn",
    "Vinh",
    "Yến",
]
NEED_TEXTS = {
    "1": "Mở lớp đào tạo nghề {trade} cho 30 lao động nông thôn",
    "3": "Hỗ trợ xây dựng mô hình trình diễn kỹ thuật, đầu tư máy móc cho nghề {trade}",
    "4": "Tham gia hội chợ hàng công nghiệp nông thôn khu vực phía Bắc",
    "5": "Tư vấn thiết kế mẫu mã, bao bì sản phẩm",
    "6": "Giới thiệu sản phẩm trên bản tin Công Thương và website của Sở",
    "2": "Tập huấn quản lý, thương mại điện tử cho chủ cơ sở",
}


@dataclass
class DemoLogin:
    username: str
    role: str
    scope: str


def _person(rng: random.Random) -> str:
    middle = rng.choice(MIDDLES)
    return f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}"


class DemoLoader:
    def __init__(self, stdout=None):
        self.rng = random.Random(SEED)
        self.out = stdout
        self.province_2015 = AdminUnit.objects.legacy().provinces().get(code=PROVINCE_CODE)
        self.province_today = AdminUnit.objects.current().provinces().get(code=PROVINCE_CODE)
        self.admin = None

    def commune(self, district: str, commune: str) -> AdminUnit:
        return (
            AdminUnit.objects.legacy()
            .communes()
            .get(parent__parent=self.province_2015, parent__name=district, name=commune)
        )

    @transaction.atomic
    def load(self) -> list[DemoLogin]:
        self.admin = self._user(
            "admin", "Quản trị hệ thống", Role.ADMINISTRATOR, ScopeLevel.NATIONAL, superuser=True
        )
        villages = self._villages()
        establishments = self._establishments(villages)
        self._products(establishments)
        self._needs(establishments)
        return self._logins(establishments)

    # Users --------------------------------------------------------------------------------

    def _user(self, username, full_name, role, level, unit=None, establishment=None, superuser=False) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                email=f"{username}@demo.khuyencong.vn",
                is_staff=superuser,
                is_superuser=superuser,
            )
            user.set_password(DEMO_PASSWORD)
            save_audited(user, self.admin, note=DEMO_NOTE)
        held = {"role": role, "scope_level": level, "unit": unit, "establishment": establishment}
        if not user.role_assignments.filter(**held).exists():
            RoleAssignment(user=user, granted_by=self.admin, **held).grant(self.admin, note=DEMO_NOTE)
        return user

    def _logins(self, establishments: list[Establishment]) -> list[DemoLogin]:
        today = self.province_today
        by_commune: dict[int, int] = {}
        for est in establishments:
            by_commune[est.current_commune_id] = by_commune.get(est.current_commune_id, 0) + 1
        busiest = AdminUnit.objects.get(pk=max(sorted(by_commune), key=lambda pk: by_commune[pk]))
        owner = establishments[0]
        self._user("canbo", "Cán bộ Trung tâm KC&XTTM", Role.CENTRE_STAFF, ScopeLevel.PROVINCE, today)
        self._user("lanhdao", "Lãnh đạo Sở Công Thương", Role.LEADER, ScopeLevel.PROVINCE, today)
        self._user("taichinh", "Chuyên viên Sở Tài chính", Role.FINANCE_APPRAISER, ScopeLevel.PROVINCE, today)
        self._user("canboxa", "Cán bộ xã", Role.COMMUNE_OFFICER, ScopeLevel.COMMUNE, busiest)
        self._user(
            "coso",
            owner.representative or "Chủ cơ sở",
            Role.ESTABLISHMENT_REP,
            ScopeLevel.ESTABLISHMENT,
            establishment=owner,
        )
        self._user("bocongthuong", "Cục Công Thương địa phương", Role.MINISTRY_VIEWER, ScopeLevel.NATIONAL)
        # A province's own administrator: grants roles inside the province only.
        self._user("quantri", "Quản trị hệ thống tỉnh", Role.ADMINISTRATOR, ScopeLevel.PROVINCE, today)
        return [
            DemoLogin("admin", Role.ADMINISTRATOR.label, "Toàn quốc"),
            DemoLogin("quantri", Role.ADMINISTRATOR.label, today.name),
            DemoLogin("canbo", Role.CENTRE_STAFF.label, today.name),
            DemoLogin("lanhdao", Role.LEADER.label, today.name),
            DemoLogin("taichinh", Role.FINANCE_APPRAISER.label, today.name),
            DemoLogin("canboxa", Role.COMMUNE_OFFICER.label, busiest.full_name()),
            DemoLogin("coso", Role.ESTABLISHMENT_REP.label, owner.name),
            DemoLogin("bocongthuong", Role.MINISTRY_VIEWER.label, "Toàn quốc"),
        ]

    # Registry -------------------------------------------------------------------------------

    def _villages(self) -> list[CraftVillage]:
        villages = []
        for name, craft, district, commune_name, households, workers in VILLAGES:
            commune = self.commune(district, commune_name)
            village = CraftVillage.objects.filter(name=name, commune=commune).first()
            if village is None:
                village = CraftVillage(
                    name=name, craft=craft, commune=commune, households=households, workers=workers
                )
                save_audited(village, self.admin, note=DEMO_NOTE)
            villages.append(village)
        return villages

    def _establishment_for(
        self, index: int, commune: AdminUnit, villages_here: list[CraftVillage]
    ) -> Establishment:
        rng = self.rng
        trade, _group, products = rng.choice(TRADES)
        village = rng.choice(villages_here) if villages_here and rng.random() < 0.7 else None
        if village is not None:
            trade = village.craft
        owner = _person(rng)
        roll = rng.random()
        place = commune.name.split(" ", 1)[1] if " " in commune.name else commune.name
        if roll < 0.6:
            form, name, tax = Establishment.LegalForm.HOUSEHOLD, f"Hộ kinh doanh {owner}", None
            if rng.random() < 0.3:
                tax = f"09{rng.randrange(10**8):08d}"
        elif roll < 0.8:
            form = Establishment.LegalForm.ENTERPRISE
            name = f"Công ty TNHH {trade} {place} {index:03d}"
            tax = f"09{rng.randrange(10**8):08d}"
            if rng.random() < 0.1:
                tax += f"-{rng.randrange(1, 20):03d}"
        elif roll < 0.9:
            form, name, tax = Establishment.LegalForm.COOPERATIVE, f"Hợp tác xã {trade} {place}", None
        else:
            form, name, tax = Establishment.LegalForm.COOPERATIVE_GROUP, f"Tổ hợp tác {trade} {place}", None
        return Establishment(
            name=name,
            legal_form=form,
            tax_code=tax,
            representative=owner,
            phone=f"0221{rng.randrange(10**6):06d}"
            if rng.random() < 0.5
            else f"09{rng.randrange(10**8):08d}",
            address=f"Thôn {rng.choice(['Đông', 'Tây', 'Nam', 'Bắc', 'Thượng', 'Hạ', 'Trung'])}",
            commune=commune,
            trade=trade,
            craft_village=village,
            main_products=", ".join(products[:2]),
            workers=rng.randrange(2, 120),
            year_founded=rng.randrange(1990, 2015),
            source=Establishment.Source.MANUAL,
        )

    def _establishments(self, villages: list[CraftVillage]) -> list[Establishment]:
        result = []
        districts = AdminUnit.objects.filter(parent=self.province_2015).order_by("code")
        index = 0
        for district in districts:
            communes = list(AdminUnit.objects.filter(parent=district).order_by("code"))
            for n in range(ESTABLISHMENTS_PER_DISTRICT):
                index += 1
                commune = communes[n % len(communes)] if n < len(communes) else self.rng.choice(communes)
                here = [v for v in villages if v.commune_id == commune.id]
                candidate = self._establishment_for(index, commune, here)
                existing = Establishment.objects.filter(
                    name_key=fold(candidate.name), commune=commune
                ).first()
                if existing is None and candidate.tax_code:
                    existing = Establishment.objects.filter(tax_code=candidate.tax_code).first()
                if existing is None:
                    candidate.created_by = self.admin
                    save_audited(candidate, self.admin, note=DEMO_NOTE)
                    existing = candidate
                result.append(existing)
        return result

    def _products(self, establishments: list[Establishment]) -> None:
        rng = random.Random(SEED + 1)
        groups = {trade: (group, names) for trade, group, names in TRADES}
        for est in establishments[::2]:
            group, names = groups.get(est.trade, ("handicraft", [est.main_products or est.trade]))
            name = rng.choice(names)
            certified = rng.random() < 0.15
            year = rng.choice([2013, 2014, 2015])
            if est.products.filter(name=name).exists():
                continue
            product = Product(
                establishment=est, name=name, group=group, description=f"{name} do {est.name} sản xuất."
            )
            save_audited(product, self.admin, note=DEMO_NOTE)
            if certified:
                save_audited(
                    Certification(product=product, kind=Certification.Kind.TYPICAL_PROVINCIAL, year=year),
                    self.admin,
                    note=DEMO_NOTE,
                )

    def _needs(self, establishments: list[Establishment]) -> None:
        rng = random.Random(SEED + 2)
        types = {t.code: t for t in ActivityType.objects.filter(code__in=NEED_TEXTS)}
        weights = {"1": 5, "6": 3, "3": 2, "4": 2, "5": 1, "2": 1}
        codes = [code for code, weight in weights.items() for _ in range(weight)]
        for est in establishments[::3]:
            code = rng.choice(codes)
            cost = rng.randrange(20, 400) * 1_000_000
            collector = rng.choice([Need.Collector.SURVEY, Need.Collector.CENTRE, Need.Collector.SELF])
            roll = rng.random()
            if est.needs.exists():
                continue
            need = Need(
                establishment=est,
                commune=est.commune,
                activity_type=types[code],
                description=NEED_TEXTS[code].format(trade=est.trade.lower()),
                estimated_cost=cost,
                collected_by=collector,
                created_by=self.admin,
            )
            save_audited(need, self.admin, note=DEMO_NOTE)
            if roll < 0.4:
                need.review(by=self.admin)
            if roll < 0.2:
                need.include(by=self.admin, project_reference="KCĐP-2015")
