"""The text of the hits of a search (platform_app.core.highlight): escaped, the words found marked, cut to a
line around the first of them."""

from platform_app.core.highlight import CONTEXT_LENGTH, START, STOP, excerpt, found_in, headlined, marked, words_of


def test_the_words_of_a_search_longest_first_each_once():
    assert words_of("border  Borders, management!") == ["management", "Borders", "border"]
    # Words differing in case only are one word: the matching ignores case.
    assert words_of("Border border") == ["border"]
    assert words_of("<script>") == ["script"]
    assert words_of("  ") == []


def test_marked_escapes_everything_and_marks_each_word_in_any_case():
    assert marked("Border <b>management</b> & borders", ["border"]) == (
        "<mark>Border</mark> &lt;b&gt;management&lt;/b&gt; &amp; <mark>border</mark>s"
    )
    assert marked("<i>x</i>", []) == "&lt;i&gt;x&lt;/i&gt;"
    # A longer word is marked whole where a shorter one is a part of it.
    assert marked("borderless border", ["borderless", "border"]) == ("<mark>borderless</mark> <mark>border</mark>")


def test_an_excerpt_is_cut_around_the_first_word_found():
    text = " ".join(["alpha"] * 40) + " quillwort " + " ".join(["omega"] * 60)
    line = excerpt([text], ["quillwort"])
    assert line.startswith("… ") and line.endswith(" …")
    assert "<mark>quillwort</mark>" in line
    assert len(line) < CONTEXT_LENGTH + 40
    # No word is cut in the middle: the line starts and ends on whole words.
    inner = line.removeprefix("… ").removesuffix(" …").replace("<mark>", "").replace("</mark>", "")
    assert all(word in {"alpha", "quillwort", "omega"} for word in inner.split())


def test_an_excerpt_comes_from_the_text_holding_a_word_else_the_first():
    assert excerpt(["", "Plain text.", "A quillwort here."], ["quillwort"]) == "A <mark>quillwort</mark> here."
    assert excerpt(["Plain <text>.", "Other."], ["absent"]) == "Plain &lt;text&gt;."
    assert excerpt(["", "  "], ["x"]) == ""
    short = excerpt(["Quillwort at the start"], ["quillwort"])
    assert short == "<mark>Quillwort</mark> at the start"


def test_a_passage_of_the_database_is_escaped_whole_and_only_its_delimiters_become_marks():
    passage = f'<script>alert(1)</script> {START}border{STOP} <mark onclick="x()">&amp;</mark>'
    assert found_in(passage) and not found_in("no word found")
    assert headlined(passage) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>border</mark> "
        "&lt;mark onclick=&quot;x()&quot;&gt;&amp;amp;&lt;/mark&gt;"
    )
    assert headlined(None) == ""
