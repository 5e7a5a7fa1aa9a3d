"""Vietnamese alphabetical order (vntext.sort_key)."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from khuyencong.vntext import sort_key

VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def test_provinces_sort_in_vietnamese_order():
    names = [
        "Đồng Tháp",
        "Cao Bằng",
        "Điện Biên",
        "Cà Mau",
        "Đắk Lắk",
        "Dak",
        "An Giang",
        "Ê",
        "Bắc Ninh",
        "Zeta",
    ]
    assert sorted(names, key=sort_key) == [
        "An Giang",
        "Bắc Ninh",
        "Cà Mau",
        "Cao Bằng",
        "Dak",
        "Đắk Lắk",
        "Điện Biên",
        "Đồng Tháp",
        "Ê",
        "Zeta",
    ]


def test_tones_order_after_the_letters_in_dictionary_order():
    assert sorted(["má", "mạ", "mà", "ma", "mã", "mả", "mác"], key=sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
        "mác",
    ]


names = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6), max_size=3).map(
    " ".join
)


@given(st.lists(names))
def test_plain_lower_case_names_keep_their_ordinary_order(words):
    assert sorted(words, key=sort_key) == sorted(words)


def _word(letters_and_tones):
    return unicodedata.normalize("NFC", "".join(letter + tone for letter, tone in letters_and_tones))


syllables = st.lists(st.tuples(st.sampled_from(VIETNAMESE_LETTERS), st.sampled_from(TONES)), max_size=8)


@given(syllables, syllables)
# Found by hypothesis: a tone on a letter with no precomposed form ("b" + grave) must stay a tone.
@example(one=[("a", ""), ("b", ""), ("a", "")], other=[("a", ""), ("b", "\u0300"), ("ă", "")])
def test_the_letters_decide_before_the_tones(one, other):
    plain_one = _word((letter, "") for letter, _tone in one)
    plain_other = _word((letter, "") for letter, _tone in other)
    if sort_key(plain_one)[0] < sort_key(plain_other)[0]:
        assert sort_key(_word(one)) < sort_key(_word(other))


@given(st.text(max_size=20), st.text(max_size=20))
def test_only_equal_texts_have_equal_keys(one, other):
    assert (sort_key(one) == sort_key(other)) == (one == other)
    assert sort_key(one.upper())[0] == sort_key(one.lower())[0] or one.upper().lower() != one.lower()
