"""Every page of the menu, for every persona, on a 1024-px screen and a 375-px phone, in a real
Chromium: no sideways scrolling, no English left over, no raw code, no WCAG 2.1 A/AA violation.

The pages are the links of the menu (base.html's navigation) that each persona sees; from each,
the list's first row (one detail page per list) and that record's history or timeline, and the
pages one step off the menu (new-record forms, rules, the roll-up, overdue lists). The data is the scope
matrix's small world (khuyencong/tests/world.py): two provinces, running projects with payments,
milestones, visits, documents, plans, imports and rules, all made through the model steps.

How each check decides (so that a failure names what to fix):
- Overflow: the document is wider than the window (`scrollWidth > clientWidth`). A wide table
  inside `.table-responsive` scrolls in its own box and is fine; the failure lists the elements
  that stick out past the right edge.
- Untranslated: the visible text, the page title and the labels only assistive technology reads
  (aria-label, title, placeholder, alt) are compared with the Vietnamese catalogue
  (khuyencong/locale/vi/LC_MESSAGES/django.po) and Django's own: any English msgid whose
  Vietnamese differs that appears as a whole phrase in the page was shown untranslated. Strings
  never marked for translation are not in any catalogue, so a second net catches English function
  words ("the", "of", "and", "None", ...) that Vietnamese text never holds. Names of users, which
  are data and may be English (the test users are "Leader", "Staff"), are taken out first.
- Raw code: a whole word that is snake_case (`appraisal_centre`) or three dotted lower-case parts
  (`registry.need.created`), i.e. an internal name that reached the screen.
- Accessibility: axe-core (pinned through the axe-playwright-python package, which ships
  axe.min.js; no network needed) with the rules tagged wcag2a, wcag2aa, wcag21a, wcag21aa. It reads
  each persona's first page whole, then `main` once per distinct shape of page, at both widths.
  A planted fault (an image without alt text, a too-wide block) shows the checks do catch.

All findings are gathered and reported together, so one run lists every page to fix.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import django
import polib
import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings
from django.test import Client

from khuyencong.accounts.models import User
from khuyencong.tests.world import build_world

WIDTHS = (1024, 375)
HEIGHT = 800
# The personas of docs/programme.md §5 that use the site, and the public (None: not signed in).
PERSONAS = (
    "centre_staff",
    "leader",
    "finance",
    "commune_officer",
    "establishment_rep",
    "ministry",
    "province_admin",
    None,
)
PUBLIC_PAGES = ("/", "/accounts/login/", "/accounts/password/reset/")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Links that answer with a file, not a page.
NOT_A_PAGE = re.compile(r"\.(xlsx|csv|pdf|png|jpe?g)$|/(export|download|file|photo|invalid)(/|$|\.)")

SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
DOTTED = re.compile(r"[a-z]+(?:\.[a-z_]+){2,}")
# English words Vietnamese text never holds: a net for strings never marked for translation.
ENGLISH_WORDS = frozenset(
    {"the", "The", "of", "and", "with", "for", "from", "this", "This", "that", "is", "are", "not"}
    | {"None", "True", "False", "Yes", "No"}
)

# What a person (or a screen reader) is given on the page, one string per line.
PAGE_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  // The menu is folded away on narrow screens: read its words all the same.
  document.querySelectorAll('nav').forEach(n => parts.push(n.textContent));
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(name);
      if (value) parts.push(value);
    }
  }
  document.querySelectorAll('input[type=submit], input[type=button]').forEach(b => parts.push(b.value));
  return parts.join('\\n');
}"""

# Elements sticking out past the window's right edge, outside a scrolling table box.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-responsive')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    if ([...el.children].some(c => c.getBoundingClientRect().right > width + 1)) continue;
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    out.push(`${el.tagName.toLowerCase()}${id}${cls} (right ${Math.round(box.right)})`);
    if (out.length >= 5) break;
  }
  return out.length ? out : ['(document wider than the window)'];
}"""

NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

# Words marked as being in another language (the language switcher's "English"): not leftovers.
OTHER_LANGUAGE = """() => [...document.querySelectorAll('[lang]:not(html)')]
  .filter(el => !el.lang.startsWith('vi')).map(el => el.textContent.trim()).filter(Boolean)"""

# The page's markup without its words and per-session values: equal shapes, equal axe answers.
SHAPE = """() => {
  const walk = node => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent.trim() ? 'T' : '';
    if (node.nodeType !== Node.ELEMENT_NODE || node.tagName === 'SCRIPT') return '';
    const attrs = [...node.attributes]
      .filter(a => !(a.name === 'value' && node.type === 'hidden'))
      .map(a => a.name + '=' + (/^(href|action|value|src|data-.*)$/.test(a.name) || /\\d/.test(a.value) ? '' : a.value))
      .join(' ');
    // Rows of the same markup count once: a list of two and a list of three have one shape.
    const children = [...node.childNodes].map(walk).filter((c, i, all) => c !== all[i - 1]);
    return `<${node.tagName} ${attrs}>` + children.join('') + '>';
  };
  return walk(document.querySelector('main'));
}"""

# Where a page leads that is swept too: a list's first row; a record's history or timeline
# (where action codes could surface); a list's form for a new record, and the pages one step off
# the menu (rules, the national roll-up, overdue lists).
LEADS_TO = """() => {
  const hrefs = selector => [...document.querySelectorAll(selector)].map(a => a.getAttribute('href'));
  return {
    first: hrefs('main table tbody tr a[href]').slice(0, 1),
    more: hrefs('main a[href$="/history/"], main a[href$="/timeline/"]'),
    side: hrefs('main a[href$="/new/"], main a[href$="/rules/"], main a[href$="/overdue/"], main a[href*="/overview/"]'),
  };
}"""


def _translated_msgids() -> list[str]:
    """English msgids whose Vietnamese differs, longest first (a phrase before its words)."""
    catalogues = [
        Path(settings.BASE_DIR) / "khuyencong" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
        Path(django.__file__).parent / "conf" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    ]
    ours = catalogues[0]
    msgids = set()
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            text = entry.msgid.strip()
            if not entry.msgstr or entry.msgstr.strip() == text or "%" in text or "{" in text:
                continue
            # Django's own catalogue holds single words ("and", "No") that also occur in data;
            # from it only phrases count.
            if len(re.findall(r"[A-Za-z]{2,}", text)) < (1 if path == ours else 2):
                continue
            msgids.add(text)
    return sorted(msgids, key=len, reverse=True)


class Phrases:
    """Whole-phrase matching of many phrases at once. A regular expression of thousands of
    alternatives costs a tenth of a second per page, so each page is matched against only the
    phrases it holds as substrings (a fast check), longest first, as the whole list would be."""

    def __init__(self, phrases, before: str = r"(?<!\w)"):
        self.phrases = sorted(set(phrases), key=len, reverse=True)
        self.before = before
        self._patterns: dict[tuple[str, ...], re.Pattern] = {}

    def pattern_for(self, text: str) -> re.Pattern | None:
        present = tuple(p for p in self.phrases if p in text)
        if not present:
            return None
        if present not in self._patterns:
            alternatives = "|".join(re.escape(p) for p in present)
            self._patterns[present] = re.compile(rf"{self.before}(?:{alternatives})(?!\w)")
        return self._patterns[present]

    def split(self, text: str) -> tuple[list[str], str]:
        """The phrases found (sorted, once each) and the text without them."""
        pattern = self.pattern_for(text)
        if pattern is None:
            return [], text
        return sorted({m.group(0) for m in pattern.finditer(text)}), pattern.sub(" ", text)


def _untranslated(text: str, catalogue: Phrases) -> list[str]:
    found, rest = catalogue.split(text)
    words = {w for w in re.findall(r"[A-Za-z]+", rest) if w in ENGLISH_WORDS}
    return found + sorted(words - set(found))


def _raw_codes(text: str) -> list[str]:
    codes = set()
    for token in text.split():
        token = token.strip(",.;:()[]\"'«»“”!?")
        if SNAKE.fullmatch(token) or DOTTED.fullmatch(token):
            codes.add(token)
    return sorted(codes)


def _user_names() -> Phrases:
    """Users' names are data, not the interface's words: they are taken out of the page's text."""
    names = {n for pair in User.objects.values_list("username", "full_name") for n in pair if n}
    return Phrases(names, before=r"(?<![\w.])")


def _menu_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("nav a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if _is_page(h, base)]


def _is_page(href: str | None, base: str) -> bool:
    if not href or href.startswith("#"):
        return False
    parts = urlsplit(href)
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != base:
        return False
    return not NOT_A_PAGE.search(parts.path) and not parts.path.startswith("/admin/")


def _session_cookie(user, base: str) -> list[dict]:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}]


class Sweep:
    def __init__(self, base: str):
        self.base = base
        self.findings: list[str] = []
        self.pages = 0
        self.axe_runs = 0
        self.shapes: set[str] = set()
        self.catalogue = Phrases(_translated_msgids())
        self.user_names = _user_names()

    def check(self, page, who: str, path: str, *, whole: bool = False) -> dict[str, list[str]]:
        """Open the page and check it at each width; return the pages it leads to that are swept
        too: its first row's link if it is a list, its history or timeline if it is a record."""
        try:
            response = page.goto(self.base + path, wait_until="load")
        except Exception as error:  # a download or a crash: say which link
            self.findings.append(f"{who} {path}: could not open ({error.__class__.__name__})")
            return {}
        self.pages += 1
        where = f"{who} {urlsplit(page.url).path}"
        if response is None or response.status >= 400:
            self.findings.append(f"{where}: HTTP {response.status if response else '?'}")
            return {}
        text = page.evaluate(PAGE_TEXT)
        for part in page.evaluate(OTHER_LANGUAGE):
            text = text.replace(part, " ")
        text = self.user_names.split(text)[1]
        for item in _untranslated(text, self.catalogue):
            self.findings.append(f"{where}: untranslated {item!r}")
        for code in _raw_codes(text):
            self.findings.append(f"{where}: raw code {code!r}")
        # The layout around `main` is one template: axe reads the whole document on each persona's
        # first page, then only `main`, and only when its shape (markup without words or
        # per-session values) is new: another persona's copy of the same screen gives the same answer.
        shape = page.evaluate(SHAPE)
        run_axe = whole or shape not in self.shapes
        self.shapes.add(shape)
        context = "document" if whole else "document.querySelector('main')"
        if run_axe:
            page.evaluate(AXE_SCRIPT)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.evaluate(NEXT_FRAME)  # the page's own resize handlers have run
            for element in page.evaluate(OVERFLOW):
                self.findings.append(f"{where} @{width}px: overflow {element}")
            if run_axe:
                self.findings.extend(f"{where} @{width}px: {v}" for v in _axe(page, context))
                self.axe_runs += 1
        leads = page.evaluate(LEADS_TO)
        return {kind: [link for link in links if _is_page(link, self.base)] for kind, links in leads.items()}

    def follow(self, page, who, path, seen, leads=(), *, menu=False, whole=False):
        """Sweep the page, then (once each) its first lead of the next kind: a list's first
        record, then that record's history or timeline; not every record of the world. A menu
        page also leads to its side pages (new-record form, rules, roll-up, overdue)."""
        if path in seen:
            return
        seen.add(path)
        found = self.check(page, who, path, whole=whole)
        if leads:
            for link in found.get(leads[0], [])[:1]:
                self.follow(page, who, link, seen, leads[1:])
        if menu:
            for link in found.get("side", []):
                self.follow(page, who, link, seen)


def _axe(page, context: str = "document") -> list[str]:
    results = page.evaluate(f"options => axe.run({context}, options)", AXE_OPTIONS)
    return [
        f"axe {v['id']} on " + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in results["violations"]
    ]


def _the_checks_catch_a_planted_fault(page) -> None:
    """A sweep that finds nothing must be because there is nothing: plant an image with no
    alternative text and a too-wide block, and see both reported."""
    page.evaluate(
        """() => {
          const img = document.createElement('img'); img.src = 'data:,'; document.body.append(img);
          const wide = document.createElement('div'); wide.style.width = '2000px'; wide.textContent = 'x';
          document.body.append(wide);
        }"""
    )
    page.evaluate(AXE_SCRIPT)
    assert any(v.startswith("axe image-alt") for v in _axe(page))
    assert page.evaluate(OVERFLOW)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_menu_page_fits_speaks_vietnamese_and_passes_axe_for_every_persona(
    live_server, browser, personas, registry, hy_communes
):
    started = time.monotonic()
    build_world(personas, registry, hy_communes)
    base = live_server.url
    sweep = Sweep(base)
    for key in PERSONAS:
        who = key or "public"
        context = browser.new_context(
            viewport={"width": WIDTHS[0], "height": HEIGHT}, locale="vi-VN", base_url=base
        )
        if key:
            context.add_cookies(_session_cookie(personas[key], base))
        page = context.new_page()
        page.goto(base + "/")
        todo = ["/", *_menu_links(page, base)] if key else list(PUBLIC_PAGES)
        seen: set[str] = set()
        for path in todo:
            sweep.follow(page, who, path, seen, ("first", "more"), menu=True, whole=path == todo[0])
        if key is None:
            _the_checks_catch_a_planted_fault(page)
        context.close()
    elapsed = time.monotonic() - started
    print(
        f"page sweep: {sweep.pages} pages at {len(WIDTHS)} widths, {sweep.axe_runs} axe runs, {elapsed:.0f} s"
    )
    assert sweep.pages >= 60, f"only {sweep.pages} pages were swept"
    assert sweep.findings == [], "\n".join(sweep.findings)


def test_the_text_checks_name_raw_codes_and_english_left_over():
    """The detectors themselves, without a browser: what the sweep would report on a page."""
    text = "Thẩm định · appraisal_centre · registry.need.created · tệp quyet-dinh_ab12.pdf, 3.5.2026"
    assert _raw_codes(text) == ["appraisal_centre", "registry.need.created"]
    catalogue = Phrases(_translated_msgids())
    assert _untranslated("Kế hoạch · Back to the project · None · Cơ sở home", catalogue) == [
        "Back to the project",
        "None",
    ]
    assert _untranslated("Quay lại đề án · Tỉnh Hưng Yên · 100 triệu đồng", catalogue) == []


def test_names_are_taken_out_whole_and_the_longest_first():
    """A user's name leaves the text only as a whole word; a longer name wins over its prefix."""
    names = Phrases(["Staff", "Staff Two", "a.b"], before=r"(?<![\w.])")
    found, rest = names.split("Staff Two · Staffing · Staff. · x.a.b · a.b")
    assert found == ["Staff", "Staff Two", "a.b"]
    assert "Staffing" in rest and "x.a.b" in rest
    assert "Two" not in rest
