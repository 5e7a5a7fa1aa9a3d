"""Every form and every query parameter of every URL, fuzzed: no input ends in a server error.

The URLs are the scope matrix's (`test_scope_matrix.lines()`, read from the URLconf: a URL it does
not know fails there, and one left unfuzzed fails here). Each is used, in the two-province world of
`world.py`, by a persona the matrix lets in (`PREFERENCE`; screens that differ by role a second time
as another persona, `ALSO_AS`); each project step on a new project brought to a state where the
step can be taken, and each kind of rule on its own screen.

1. Every page is opened and its forms are read from the HTML (method, action, each field with the
   values the page offers), so the fuzzer posts what a browser would, and the POST-only URLs get
   the forms other pages point at them.
2. Hypothesis then sends, for each URL: its query string (the GET forms' fields and the parameters
   views read directly, now and then cookies changed and bytes that are not UTF-8); the URL with
   its path arguments replaced (0, 10**30, random slugs and UUIDs, years outside 1900–2100) by
   GET, POST, HEAD, PUT or DELETE; and each form's POST. A form is mostly filled in right with one
   or two fields spoilt, so that the code behind a valid form runs, or one time in four spoilt
   anywhere. A spoilt value is an id that is 0, negative, past 2**63 or not a number, text with NUL
   and control characters or 10,000 characters long, an amount like "1.000.000.000.000.000.000,5",
   a day like "0001-01-01" or "31/02/2020", a year like 99999, a file that is not what it says.
3. Every page and export is read again, showing what the fuzzed forms managed to save.

What is asserted: no response is ≥ 500 and no exception leaves a view (the client re-raises it).
A POST that succeeds stays (step 3 shows it); one that raised is rolled back with its savepoint.
A failure prints the persona, method, path, query and data: all it takes to send it again.
FUZZ_EXAMPLES (default 6) sets the examples per URL, FUZZ_ONLY (part of a URL name) fuzzes some
URLs only, FUZZ_VERBOSE=1 prints the answers each URL gave (which code the fuzzer reached).
"""

from __future__ import annotations

import os
import re
import time
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khuyencong.registry.tests.workbooks import workbook_bytes

from .test_scope_matrix import SPECS, VARIANTS, expected, keys_of, lines, url_for, url_names
from .world import World, build_world, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))

# Who uses a URL: the first of these the matrix lets in (GET 200, or POST for a POST-only view).
PREFERENCE = (
    "centre_staff",
    "admin",
    "leader",
    "finance",
    "commune_officer",
    "establishment_rep",
    "province_admin",
    "ministry",
)
# Query parameters views read straight from request.GET (grep request.GET), besides their forms'.
DIRECT_PARAMS = (
    "q",
    "page",
    "province",
    "commune",
    "year",
    "as_of",
    "status",
    "source",
    "activity",
    "scope",
    "level",
    "generation",
    "file_type",
    "next",
)

# Fields views read straight from request.POST (grep request.POST): posted to the POST-only URLs
# whose form no page showed (approving over the cap is offered only on a project over it).
DIRECT_POST = ("note", "project_reference", "reason", "status", "role-role")

# ------------------------------------------------------------------ hostile values

IDS = [
    "0",
    "-1",
    str(2**31),
    str(2**63),
    str(10**30),
    "abc",
    "1.5",
    "١٢٣",  # Arabic-Indic digits: int() reads them
    "²",  # a digit to str.isdigit(), not to int()
    "１２",  # full-width digits
    "",
    " 7 ",
    "+5",
    "1e3",
    "0x1F",
    "9" * 400,
]
NUMBERS = [
    "0",
    "13",
    "29",
    "30",
    "31",
    "32767",
    "32768",
    "65536",
    "-1",
    "-2147483649",
    "2147483648",
    "-9223372036854775809",
    "9223372036854775808",
    str(-(10**30)),
    "1e308",
    "-1e308",
    "1e-400",
    "nan",
    "inf",
    "-inf",
    "1.000.000.000.000.000.000,5",
    "12.345.678.901.234.567.890.123",
    "99999999999999999999,99",
    "1,000,000",
    "0,5",
    "-0",
    "1_000",
]
DATES = [
    "0001-01-01",
    "9999-12-31",
    "31/02/2020",
    "2015-13-45",
    "0000-00-00",
    "10000-01-01",
    "2020-02-30",
    "1899-12-31",
    "2101-01-01",
    "-2020-01-01",
    "01/01/0001",
    "31/12/9999",
    "29/02/2019",
    "2020-01-01T00:00",
    "1.1.2020",
]
YEARS = ["0", "1899", "2101", "99999", "-1", "0000", "1900", "2100", str(10**20)]
TEXTS = [
    "\x00",
    "a\x00b",
    "\x01\x02\x1f\x7f",
    "\x0b\x0c\x1c",
    "\u2028\u2029\u0085",
    "\ufeff\u200b\u200e",
    "\ufffe\uffff",
    "\U0010ffff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "\r\n",
    "   ",
    '=HYPERLINK("http://x")',
    "{{ 7*7 }}",
    "../../etc/passwd",
    "🙂",
    "e\u0301" * 50,
    "İ" * 50,  # lower-cases to two characters each
    "ﬃß",
    "x" * 10_000,
    "đ" * 10_000,
    "9" * 10_000,
]
# Bytes that are not UTF-8 (a lone surrogate, an overlong slash, stray bytes), sent raw.
RAW_QUERIES = [
    "q=%ED%A0%80",
    "page=%FF%FE",
    "year=%C0%AF",
    "q=%",
    "q=%zz",
    "%ED%A0%80=1",
    "province=%00",
    "as_of=%F0%9F%98",
    "q=a%2500b",
    "status=%ED%BF%BF&status=%ED%A0%80",
    "&".join(f"f{n}=1" for n in range(1200)),  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
]
RAW_BODIES = [
    b"name=%ED%A0%80&version=%FF",
    b"\xff\xfe=\xc0\xaf",
    b"a=%&b=%zz",
    b"=",
    b"&&&",
    b"&".join(b"f%d=1" % n for n in range(1200)),  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
]
# Cookies a browser may send back changed: the language, Django's messages, a CSRF token.
COOKIES = ["django_language", "messages", "csrftoken"]
FORM_TYPE = "application/x-www-form-urlencoded"
YEAR_ARGS = ["0000", "1899", "2101", "9999", "1900", "2100"]
INT_ARGS = ["0", str(2**31), str(2**63), str(10**30), "9" * 100]
# Not matched by an int or year converter: the resolver's 404, which must stay one.
UNMATCHED_ARGS = ["-1", "abc", "١٢٣", "1.5", "%00", "%ED%A0%80"]


def files(good: bool):
    """Files a person would upload (a workbook, a PDF, a photo), or ones that lie about themselves."""
    workbook = workbook_bytes(
        [["Tên cơ sở", "Xã/Phường/Thị trấn", "Tỉnh"], ["Cơ sở tải lên", "Xã Tân Hưng", "Hưng Yên"]]
    )
    right = [("danh-sach.xlsx", workbook), ("bien-ban.pdf", pdf_bytes()), ("anh.png", png_bytes())]
    wrong = [
        ("rong.pdf", b""),
        ("gia.pdf", b"%PDF-1.4 not really"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        ("bang.xlsx", b"PK\x03\x04" + b"\x00" * 64),
        ("tai-lieu.docx", b"PK\x03\x04junk"),
        ("con\x01tro\u202e.pdf", pdf_bytes()),
        ("x" * 300 + ".png", png_bytes()),
        ("anh.png", pdf_bytes()),
    ]
    return st.sampled_from(right if good else right + wrong).map(lambda f: SimpleUploadedFile(*f))


def hostile(existing: list[str]):
    """A value nobody should type, or one another screen made (an existing id)."""
    return st.one_of(
        st.sampled_from(IDS + existing),
        st.sampled_from(NUMBERS),
        st.sampled_from(DATES),
        st.sampled_from(YEARS),
        st.sampled_from(TEXTS),
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30),
        st.integers().map(str),
    )


# ------------------------------------------------------------------ forms read from the pages


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, "select" or "textarea"
    values: list[str] = field(default_factory=list)  # what the page offers


@dataclass
class Form:
    method: str
    action: str  # a path, with its query if it has one
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)


class FormFinder(HTMLParser):
    """Every <form> of a page with its fields, as html.parser sees them (also inputs tied by form=)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.by_id: dict[str, Form] = {}
        self.open: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def _owner(self, attrs) -> Form | None:
        return self.by_id.get(attrs["form"]) if attrs.get("form") else self.open

    def _add(self, form: Form | None, name: str | None, kind: str, value: str | None):
        if form is None or not name:
            return None
        entry = form.fields.setdefault(name, Field(name, kind))
        if value is not None and value not in entry.values:
            entry.values.append(value)
        return entry

    def handle_starttag(self, tag, attrs):
        attrs = {k: v if v is not None else "" for k, v in attrs}
        if tag == "form":
            self.open = Form(
                method=(attrs.get("method") or "get").lower(),
                action=urljoin(self.page, attrs.get("action") or self.page),
                multipart=attrs.get("enctype") == "multipart/form-data",
            )
            self.forms.append(self.open)
            if attrs.get("id"):
                self.by_id[attrs["id"]] = self.open
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            default = "on" if kind in ("checkbox", "radio") else ""
            if kind != "file" or attrs.get("name"):
                self._add(self._owner(attrs), attrs.get("name"), kind, attrs.get("value", default))
        elif tag == "button" and attrs.get("name"):
            self._add(self._owner(attrs), attrs["name"], "button", attrs.get("value", ""))
        elif tag == "select":
            self.select = self._add(self._owner(attrs), attrs.get("name"), "select", None)
        elif tag == "option" and self.select is not None:
            self.select.values.append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = self._add(self._owner(attrs), attrs.get("name"), "textarea", None)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.values.append(data.strip("\n"))

    def handle_endtag(self, tag):
        if tag == "form":
            self.open = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea is not None and not self.textarea.values:
                self.textarea.values.append("")
            self.textarea = None


def line_of(path: str):
    """(name, variant) of the matrix line a path belongs to, or None (admin, media, elsewhere)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    name = match.view_name
    if name in VARIANTS:
        variant = next((v for v in match.kwargs.values() if v in VARIANTS[name]), None)
        return (name, variant) if variant else None
    return (name, None) if name in SPECS else None


# ------------------------------------------------------------------ who, where

# A second persona for the screens whose form or queries depend on who uses them.
ALSO_AS = {
    "accounts:user_list": "province_admin",
    "accounts:user_invite": "province_admin",
    "accounts:user_detail": "province_admin",
    "registry:establishment_list": "ministry",
    "registry:establishment_create": "commune_officer",
    "registry:establishment_edit": "commune_officer",
    "registry:need_create": "establishment_rep",
    "registry:need_create_contact": "commune_officer",
    "projects:list": "establishment_rep",
    "projects:create": "establishment_rep",
    "plans:index": "ministry",
    "activities:course_detail": "commune_officer",
    "activities:trainee_list": "commune_officer",
}

# The main road of a project, and the state each step leaves it in (the ladder below climbs it).
ROAD = [
    ("submit", "submitted"),
    ("start_appraisal", "under_appraisal"),
    ("complete_appraisal", "appraised"),
    ("propose", "proposed"),
    ("approve", "approved"),
    ("contract", "contracted"),
    ("start", "in_progress"),
    ("request_acceptance", "awaiting_acceptance"),
    ("accept", "accepted"),
    ("settle", "settled"),
]
STATES = ["draft", *(state for _step, state in ROAD)]


def project_at(world: World, state: str):
    """A new project of the "home" commune brought to `state` by the real steps, so that a step's
    form reaches the step itself rather than stopping at "not possible in this state"."""
    from django.utils import timezone

    from khuyencong.plans.models import AppraisalCriterion
    from khuyencong.projects.models import Acceptance, Project
    from khuyencong.registry.models import ActivityType

    staff, leader = world.personas["centre_staff"], world.personas["leader"]
    finance, today = world.personas["finance"], timezone.localdate()
    batch, decision = world.batches["HY"], world.documents["HY"]
    project = Project.create_draft(
        staff,
        title=f"Đề án ở bước {state}",
        activity_type=ActivityType.in_force().get(code="1"),
        source=batch.plan.source,
        year=today.year,
        province=batch.plan.province,
        commune=world.registry["home"].commune,
        applicant=world.registry["home"],
        implementing_unit="Trung tâm Khuyến công",
        support_amount=50 * 10**6,  # the half the world's Hưng Yên rule allows
        counterpart_amount=50 * 10**6,
        total_amount=100 * 10**6,
    )
    for item in project.dossier_items.all():
        item.review("accepted", staff, note="Bản giấy")
    moves = {
        "submit": lambda: project.submit(staff),
        "start_appraisal": lambda: project.start_appraisal(staff),
        "complete_appraisal": lambda: project.complete_appraisal(leader),
        "propose": lambda: project.propose(staff),
        "approve": lambda: project.approve(leader, batch, decision, 50 * 10**6, on=today),
        "contract": lambda: project.contract(staff),
        "start": lambda: project.start(staff),
        "request_acceptance": lambda: project.request_acceptance(staff),
        "accept": lambda: project.accept(leader, Acceptance(accepted_on=today, record_number="BB-1")),
        "settle": lambda: project.settle(finance, 40 * 10**6, today, decision=decision),
    }
    for step, reached in ROAD[: STATES.index(state)]:
        moves[step]()
        if reached == "under_appraisal" and state != "under_appraisal":
            for kind, who in [("centre", staff)] + (
                [("finance", finance)] if project.source.finance_appraisal else []
            ):
                criteria = AppraisalCriterion.in_force(project.rule_date).filter(step=kind)
                project.record_appraisal(who, kind, {str(c.pk): c.max_score for c in criteria}, "Đạt", "pass")
        project.refresh_from_db()
    assert project.status == state, (project.status, state)
    return project


def other_rule_kinds(world: World) -> list[Target]:
    """The rule screens for the kinds of rule the matrix does not name (it checks "support" only):
    each kind has its own form."""
    from django.urls import reverse

    from khuyencong.plans.rules import RULES

    targets = []
    for kind, (model, _title) in RULES.items():
        if kind == "support":
            continue
        targets.append(
            Target("plans:rule_create", None, "admin", reverse("plans:rule_create", args=[kind]), False)
        )
        row = model.objects.order_by("pk").first()
        targets.append(
            Target("plans:rule_edit", None, "admin", reverse("plans:rule_edit", args=[kind, row.pk]), False)
        )
    return targets


def step_url(world: World, name: str, variant: str) -> str:
    """A step's URL on a project where the step can be taken; an appraisal's on one under appraisal."""
    from django.urls import reverse

    from khuyencong.projects.models import STEPS

    if name == "projects:appraisal":
        return reverse(name, args=[project_at(world, "under_appraisal").pk, variant])
    state = next(s for s in STATES if s in STEPS[variant].sources)
    return reverse(name, args=[project_at(world, state).pk, variant])


@dataclass
class Target:
    name: str
    variant: str | None
    persona: str
    url: str
    post_only: bool
    route: str = ""
    get_forms: list[Form] = field(default_factory=list)
    post_forms: list[Form] = field(default_factory=list)

    @property
    def line(self):
        return (self.name, self.variant)


def target_for(world: World, name, variant, spec, personas=PREFERENCE) -> Target | None:
    method = "POST" if spec.post_only else "GET"
    if spec.kind == "public":
        url = url_for(world, name, spec, None)
        return Target(name, variant, "anonymous", url, bool(spec.post_only))
    for persona in personas:
        for key in keys_of(spec):
            want = expected(spec, persona, key, method)
            if want == 200:
                url = step_url(world, name, variant) if variant else url_for(world, name, spec, key)
                return Target(name, variant, persona, url, bool(spec.post_only))
    return None


class Clients:
    """One signed-in client per persona (signing in writes a session each time); a new one for
    anonymous each time, whom a fuzzed login form may have signed in."""

    def __init__(self, world: World):
        self.world = world
        self.signed_in: dict[str, Client] = {}

    def of(self, persona: str) -> Client:
        if persona == "anonymous":
            return Client(raise_request_exception=True)
        if persona not in self.signed_in:
            client = Client(raise_request_exception=True)
            client.force_login(self.world.personas[persona])
            self.signed_in[persona] = client
        return self.signed_in[persona]


def existing_ids(world: World) -> list[str]:
    pks = {str(p.pk) for p in world.provinces.values()}
    pks |= {str(e.current_commune_id) for e in world.registry.values() if hasattr(e, "current_commune_id")}
    for group in (
        world.registry,
        world.projects,
        world.documents,
        world.plans,
        world.batches,
        world.products,
    ):
        pks |= {str(o.pk) for o in group.values()}
    return sorted(pks)


# ------------------------------------------------------------------ sending and checking


@dataclass
class Outcome:
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    statuses: dict = field(default_factory=dict)
    # With FUZZ_VERBOSE set: the answers each target gave, to see which code the fuzzer reached.
    target: str = ""
    by_target: dict = field(default_factory=dict)


def body_of(response) -> bytes:
    if response.streaming:
        # The client closes the response once its content is read, as a WSGI server would
        # (closing it here too would fire request_finished and close the test's connection).
        return b"".join(response.streaming_content)
    return response.content


def short(value) -> str:
    """A value as Python that makes it again, with long runs written as a product."""
    if isinstance(value, list):
        return "[" + ", ".join(short(v) for v in value) + "]"
    if isinstance(value, SimpleUploadedFile):
        return f"<file {value.name!r}, {value.size} bytes>"
    if isinstance(value, str) and len(value) > 80:
        for size in range(1, 4):
            unit = value[:size]
            if unit * (len(value) // size) == value:
                return f"{unit!r} * {len(value) // size}"
        return f"{value[:60]!r} + … ({len(value)} characters)"
    if isinstance(value, bytes) and len(value) > 80:
        return f"{value[:60]!r} + … ({len(value)} bytes)"
    return repr(value)


def described(data) -> str:
    if isinstance(data, dict):
        return "{" + ", ".join(f"{k!r}: {short(v)}" for k, v in data.items()) + "}"
    return short(data)


def where_it_broke(error: BaseException) -> str:
    """The project's own frames of a traceback (the framework's are the same every time) and the error."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "site-packages" not in f.filename]
    lines = [
        f"  {f.filename.split('/khuyencong/', 1)[-1]}:{f.lineno} in {f.name}: {f.line}" for f in frames[-4:]
    ]
    return "\n".join([*lines, f"  {type(error).__name__}: {str(error)[:300]}"])


def send(
    outcome: Outcome,
    client: Client,
    who: str,
    method: str,
    path: str,
    data=None,
    *,
    form=False,
    query=None,
    raw_query="",
    **kw,
):
    """One request in its own savepoint: kept if it answers, rolled back if the view raised.

    `data` is a dict of fields; `form=True` sends it urlencoded as a browser does, otherwise
    multipart (or raw bytes as they are). `query` is added to the path, then `raw_query` as it is."""
    outcome.requests += 1
    body = data
    sent_path = path
    if query or raw_query:
        sent_path += "?" + "&".join(filter(None, [urlencode(query or {}, doseq=True), raw_query]))
    if form:
        body, kw = urlencode(data, doseq=True), {**kw, "content_type": FORM_TYPE}
    elif isinstance(data, bytes):
        kw = {**kw, "content_type": FORM_TYPE}
    request = " ".join(
        filter(
            None,
            [
                f"{who} {method} {path!r}",
                query and f"query={described(query)}",
                raw_query and f"raw query={short(raw_query)}",
                data is not None and f"data={described(data)}",
                kw.get("headers") and f"headers={kw['headers']}",
            ],
        )
    )
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(sent_path, **kw)
            elif method == "POST":
                response = client.post(sent_path, body if body is not None else {}, **kw)
            else:
                response = client.generic(method, sent_path, **kw)
            body_of(response)
    except Exception as error:
        outcome.failures.append(f"{request}\n{where_it_broke(error)}")
        return None
    status = response.status_code
    outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
    tally = outcome.by_target.setdefault(outcome.target, {})
    tally[f"{method} {status}"] = tally.get(f"{method} {status}", 0) + 1
    if status >= 500:
        outcome.failures.append(f"{request}: {status}")
    return status


ROUTE_ARG = re.compile(r"<(?:(\w+):)?(\w+)>")


def path_with(route: str, replacements: dict[str, str]) -> str:
    """The route with each <converter:name> replaced by the given text (percent-encoded)."""
    return "/" + ROUTE_ARG.sub(lambda match: replacements[match.group(2)], route)


def arg_strategy(converter: str, existing: list[str]):
    if converter == "int":
        return st.sampled_from(INT_ARGS + existing + UNMATCHED_ARGS)
    if converter == "year":
        return st.sampled_from(YEAR_ARGS + UNMATCHED_ARGS)
    if converter == "slug":
        return st.one_of(
            st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
            st.sampled_from(["review", "submit", "centre", "finance", "support", "x" * 300]),
        )
    if converter == "uuid":
        return st.uuids().map(str)
    return st.one_of(st.sampled_from(["MQ", "set-password", "", "%00"]), st.text(max_size=20).map(quote))


def route_args(route: str) -> list[tuple[str, str]]:
    """(converter, name) of each argument of a route."""
    return [(m.group(1) or "str", m.group(2)) for m in ROUTE_ARG.finditer(route)]


# ------------------------------------------------------------------ the test


@pytest.fixture
def world(personas, registry, hy_communes, settings):
    settings.UNIT_SEARCH_RATE = (10**9, 60)  # the rate limit has its own test; here it would hide the search
    return build_world(personas, registry, hy_communes)


@pytest.fixture
def clients(world):
    return Clients(world)


def discover(world: World, clients: Clients) -> list[Target]:
    """Each URL line with its persona, and the forms read from every page that opens."""
    targets, forms = [], []
    for name, variant, spec in lines():
        target = target_for(world, name, variant, spec)
        assert target is not None, f"no persona may use {name} {variant or ''}: the fuzzer cannot reach it"
        also = [target_for(world, name, variant, spec, [ALSO_AS[name]])] if name in ALSO_AS else []
        if name == "plans:rule_edit":
            also += other_rule_kinds(world)
        for each in [target, *also]:
            assert each is not None, f"{ALSO_AS[name]} may not use {name}"
            each.route = resolve(urlsplit(each.url).path).route
            targets.append(each)
            if each.post_only:
                continue
            response = clients.of(each.persona).get(each.url)
            if response.get("Content-Type", "").startswith("text/html"):
                finder = FormFinder(each.url)
                finder.feed(response.content.decode())
                forms += [(each.persona, form) for form in finder.forms]
    # One form of each kind per target: the same form for another record (each dossier item's
    # review) adds nothing. The one the target's own page posts to itself is preferred.
    chosen = {}
    for persona, form in forms:
        line = line_of(form.action)
        if line is None:
            continue
        fitting = [t for t in targets if t.line == line]
        target = next(
            (
                t
                for t in fitting
                if t.persona == persona and urlsplit(t.url).path == urlsplit(form.action).path
            ),
            next((t for t in fitting if t.persona == persona), fitting[0]),
        )
        key = (id(target), form.method, tuple(sorted(form.fields)))
        own = urlsplit(form.action).path == urlsplit(target.url).path
        if key not in chosen or own:
            chosen[key] = (target, form)
    for target, form in chosen.values():
        (target.get_forms if form.method == "get" else target.post_forms).append(form)
    return targets


def plausible_values(world: World) -> dict[str, list[str]]:
    """What a person would type into a field the page left empty, by the field's name or type,
    so that a form can pass its validation and the code behind it runs."""
    from django.utils import timezone

    from conftest import PASSWORD

    communes = [str(e.commune_id) for k, e in world.registry.items() if k in ("home", "other")]
    provinces = [str(world.provinces["HY"].pk)]
    establishments = [str(world.registry["home"].pk), str(world.registry["other"].pk)]
    today = timezone.localdate()
    return {
        # by name (a prefix such as "role-" or "cert-" is dropped)
        "commune": communes,
        "unit": communes + provinces,
        "province": provinces,
        "applicant": establishments,
        "establishment": establishments,
        "beneficiaries": establishments,
        "username": ["staff", "moi_them"],
        "year": [str(today.year)],
        "month": [today.replace(day=1).isoformat()],
        "amount": ["10.000.000"],
        "new_amount": ["2.100.000.000"],
        "support_amount": ["40.000.000"],
        "counterpart_amount": ["60.000.000"],
        "total_amount": ["100.000.000"],
        "approved_support": ["40.000.000"],
        "symbol": ["99/QĐ-UBND"],
        "tax_code": ["0900000099"],
        "email": ["thu@example.vn"],
        "old_password": [PASSWORD],
        "password": [PASSWORD],
        "new_password1": ["Mat-khau-moi-2026"],
        "new_password2": ["Mat-khau-moi-2026"],
        # by type
        ":text": ["Thử nghiệm"],
        ":textarea": ["Nội dung thử nghiệm"],
        ":number": ["5"],
        ":date": [today.isoformat()],
        ":email": ["thu@example.vn"],
        ":search": ["co so"],
        ":tel": ["0912345678"],
        ":password": [PASSWORD],
    }


def good_values(entry: Field, plausible: dict[str, list[str]]) -> list:
    """Values of a field that should pass: what the page offers, else what a person would type."""
    if entry.kind in ("checkbox", "radio"):
        return [*entry.values, None]
    offered = [v for v in entry.values if v != ""]
    if entry.kind == "select" and offered:
        return entry.values  # "" too: an optional choice left empty is a right answer
    if offered:
        return offered
    bare = entry.name.rsplit("-", 1)[-1]
    return plausible.get(bare) or plausible.get(f":{entry.kind}") or entry.values or [""]


def fuzz_target(
    world: World, clients: Clients, target: Target, outcome: Outcome, existing: list[str]
) -> None:
    client = clients.of(target.persona)
    who = target.persona
    pool = hostile(existing)
    plausible = plausible_values(world)
    query_fields = {f.name: f for form in target.get_forms for f in form.fields.values()}
    for name in DIRECT_PARAMS:
        query_fields.setdefault(name, Field(name, "text"))
    args = route_args(target.route)
    spoilt = st.one_of(pool, pool, st.none(), st.lists(pool, min_size=2, max_size=3))

    def fill(data, fields: list[Field], label: str) -> dict:
        """Every field filled in: mostly right with one or two fields spoilt (so the code behind a
        valid form runs), or, one time in four, anything anywhere."""
        chaos = data.draw(st.integers(0, 3), label=f"{label}: chaos") == 0
        names = [f.name for f in fields]
        spoil = set() if chaos or not names else data.draw(st.sets(st.sampled_from(names), max_size=2))
        filled = {}
        for entry in fields:
            good = st.sampled_from(good_values(entry, plausible))
            if entry.kind == "file":
                strategy = (
                    st.one_of(st.none(), files(good=False)) if chaos or entry.name in spoil else files(True)
                )
            elif chaos:
                strategy = st.one_of(good, spoilt)
            else:
                strategy = spoilt if entry.name in spoil else good
            drawn = data.draw(strategy, label=entry.name)
            if drawn is not None:
                filled[entry.name] = drawn
        return filled

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def fuzz(data):
        # The page's query string: its filters and what the view reads directly.
        query = fill(data, list(query_fields.values()), "query")
        query = {k: v for k, v in query.items() if k in query_fields and data.draw(st.booleans(), label=k)}
        raw = data.draw(st.sampled_from(["", *RAW_QUERIES]), label="raw query")
        headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
        cookies = {
            name: data.draw(pool, label=name) for name in COOKIES if data.draw(st.booleans(), label=name)
        }
        if cookies:
            session = client.cookies.get("sessionid")
            pairs = {**cookies, **({"sessionid": session.value} if session else {})}
            headers["Cookie"] = "; ".join(f"{k}={quote(v)}" for k, v in pairs.items())
        method = "POST" if target.post_only else "GET"
        base = target.url.split("?")[0]
        send(outcome, client, who, method, base, query=query, raw_query=raw, headers=headers)
        # The path with other arguments.
        if args:
            replaced = {
                name: quote(data.draw(arg_strategy(converter, existing), label=f"<{name}>"), safe="%")
                for converter, name in args
            }
            method = data.draw(st.sampled_from(["GET", "POST", "HEAD", "PUT", "DELETE"]), label="method")
            send(outcome, client, who, method, path_with(target.route, replaced))
        # Each form the pages point here, filled in.
        for form in target.post_forms:
            post = fill(data, list(form.fields.values()), form.action)
            send(outcome, client, who, "POST", form.action, post, form=not form.multipart)
        if target.post_only and not target.post_forms:
            post = fill(data, [Field(name, "text") for name in DIRECT_POST], "direct")
            send(outcome, client, who, "POST", target.url, post, form=True)
        if not target.post_forms or data.draw(st.integers(0, 4), label="raw body") == 0:
            body = data.draw(st.sampled_from(RAW_BODIES), label="body")
            send(outcome, client, who, "POST", target.url, body)

    fuzz()
    # A fuzzer signed out by one of its own requests (the logout form, a password change) would
    # go on getting the login page and test nothing.
    if who != "anonymous":
        assert "_auth_user_id" in client.session, f"{outcome.target}: the session was lost while fuzzing"


def test_every_url_is_fuzzed():
    """Every URL of the URLconf is a line of the matrix, and so a target here."""
    fuzzed = {name for name, _variant, _spec in lines()}
    assert sorted(set(url_names()) - fuzzed) == []


def test_no_input_to_any_url_gives_a_server_error(world, clients):
    started = time.monotonic()
    targets = discover(world, clients)
    assert {t.name for t in targets} == set(url_names()), "a URL is left unfuzzed"
    outcome = Outcome()
    existing = existing_ids(world)
    timings = {}
    only = os.environ.get("FUZZ_ONLY")  # e.g. "projects:step" to send one family again
    for target in targets:
        if only and only not in target.name:
            continue
        begin = time.monotonic()
        outcome.target = f"{target.name} {target.variant or ''} as {target.persona}"
        fuzz_target(world, clients, target, outcome, existing)
        timings[f"{target.name} {target.variant or ''}"] = time.monotonic() - begin
    # Read every page and export again, now holding what the fuzzed forms saved.
    outcome.target = "read again"
    for target in targets:
        if not target.post_only:
            send(outcome, clients.of(target.persona), target.persona, "GET", target.url)
    if os.environ.get("FUZZ_VERBOSE"):
        for name, tally in outcome.by_target.items():
            print(f"{name:60} {dict(sorted(tally.items()))}")
    slowest = sorted(timings.items(), key=lambda item: -item[1])[:5]
    print(
        f"\n{outcome.requests} requests in {time.monotonic() - started:.0f} s; statuses {outcome.statuses}; "
        f"slowest: {', '.join(f'{n} {s:.1f}s' for n, s in slowest)}"
    )
    assert outcome.failures == [], f"{len(outcome.failures)} server errors:\n\n" + "\n\n".join(
        outcome.failures
    )


# ------------------------------------------------------------------ deleting what others need


def test_deleting_a_record_others_depend_on_says_what_and_loses_nothing(world, clients):
    from django.urls import reverse

    from khuyencong.registry.models import Establishment

    from .test_scope_matrix import fingerprint

    client = clients.of("centre_staff")
    applicant = world.registry["home"]  # the applicant of the "home" project
    before = fingerprint()
    response = client.post(reverse("registry:establishment_delete", args=[applicant.pk]))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Không thể xóa" in page
    assert f"Đề án: {world.projects['home']}" in page  # what refers to it, named
    assert fingerprint() == before
    assert Establishment.objects.filter(pk=applicant.pk).exists()


def test_deleting_a_product_takes_its_photos_with_it(world, clients):
    from django.core.files.base import ContentFile
    from django.urls import reverse

    from khuyencong.registry.models import Product, ProductPhoto

    # Not the world's product: a contest entry keeps that one (a product in a contest is not deleted).
    product = Product.objects.create(establishment=world.registry["home"], name="Sản phẩm mới", group="food")
    ProductPhoto.objects.create(product=product, image=ContentFile(png_bytes(), name="anh.png"))
    client = clients.of("centre_staff")
    response = client.post(reverse("registry:product_delete", args=[product.pk]))
    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()
    assert not ProductPhoto.objects.filter(product_id=product.pk).exists()
    assert not world.registry["home"].products.filter(name="Sản phẩm mới").exists()
