"""The prompt model: parsing, in-place edits that leave the rest alone, and the validation rules."""

from __future__ import annotations

import pytest

from mjdesk.core import prompt as P
from mjdesk.core.prompt import Severity, parse, validate

URL = "https://example.com/a.png"
URL2 = "https://example.com/b.jpg"


def errors(text: str, **kw: int) -> list[str]:
    return [i.message for i in validate(text, **kw) if i.severity is Severity.ERROR]


def warnings(text: str, **kw: int) -> list[str]:
    return [i.message for i in validate(text, **kw) if i.severity is Severity.WARNING]


# -- parsing ---------------------------------------------------------------------------------------


def test_parse_splits_body_and_params_with_aliases() -> None:
    p = parse("a red fox, watercolor --ar 16:9 --s 250 --c 10 --w 5 --q 2 --version 6.1 --seed 42")
    assert p.body == "a red fox, watercolor"
    assert [x.name for x in p.params] == ["ar", "stylize", "chaos", "weird", "quality", "v", "seed"]
    assert p.value("stylize") == "250" and p.get("s") is p.get("stylize")
    assert p.get("stylize").written == "s" and p.get("stylize").flag == "--s"
    assert p.model == ("v", "6.1")


def test_multi_word_values_run_to_the_next_parameter() -> None:
    p = parse("street --no cars, people, signs --sref 123 https://x.io/s.png::2 random --sw 300")
    assert p.value("no") == "cars, people, signs"
    assert p.references("sref") == ["123", "https://x.io/s.png", "random"]
    assert p.value("sw") == "300"


def test_leading_urls_are_image_prompts() -> None:
    p = parse(f"{URL} {URL2} a cat in a hat --iw 1.5")
    assert p.image_urls == (URL, URL2)
    assert p.description == "a cat in a hat"
    assert errors(p.text) == []


def test_flags_optional_values_and_speed() -> None:
    p = parse("cat --tile --niji --turbo")
    assert p.has("tile") and p.value("niji") == "" and p.speed == "turbo"
    assert p.model == ("niji", "")


def test_em_dash_is_read_as_double_hyphen() -> None:
    p = parse("cat —ar 3:2 —v 7")
    assert p.value("ar") == "3:2" and p.value("v") == "7"


def test_double_hyphen_inside_a_word_is_not_a_parameter() -> None:
    p = parse("a well--known face --ar 1:1")
    assert p.body == "a well--known face" and [x.name for x in p.params] == ["ar"]


def test_raw_both_spellings() -> None:
    assert parse("x --style raw").raw and parse("x --raw").raw and not parse("x --style 4a").raw


def test_unknown_parameter_is_kept_verbatim_and_warned() -> None:
    text = "cat --foo bar baz --ar 1:1"
    p = parse(text)
    assert p.value("foo") == "bar baz"
    assert any("--foo" in w for w in warnings(text))
    assert P.set_param(text, "ar", "2:3") == "cat --foo bar baz --ar 2:3"


# -- editing --------------------------------------------------------------------------------------


def test_set_param_replaces_value_in_place_keeping_spelling_and_spacing() -> None:
    text = "fox  in   snow --s 100   --ar 1:1 --zzz keep"
    assert P.set_param(text, "stylize", "750") == "fox  in   snow --s 750   --ar 1:1 --zzz keep"


def test_set_param_appends_when_missing_and_removes_with_none() -> None:
    assert P.set_param("fox", "chaos", "20") == "fox --chaos 20"
    assert P.set_param("fox --chaos 20 --ar 1:1", "c", None) == "fox --ar 1:1"
    assert P.set_param("--tile --chaos 20", "tile", None) == "--chaos 20"
    assert P.set_param("fox ", "ar", "4:5") == "fox --ar 4:5"


def test_set_param_same_value_is_identity() -> None:
    text = "fox --ar 16:9  "
    assert P.set_param(text, "ar", "16:9") is text


def test_remove_takes_every_duplicate() -> None:
    assert P.remove_param("a --s 1 --b --s 2", "stylize") == "a --b"


def test_flags_toggle() -> None:
    assert P.set_flag("a", "tile", True) == "a --tile"
    assert P.set_flag("a --tile", "tile", True) == "a --tile"
    assert P.set_flag("a --tile --ar 1:1", "tile", False) == "a --ar 1:1"


def test_raw_toggle_understands_both_spellings() -> None:
    assert P.set_raw("a", True) == "a --style raw"
    assert P.set_raw("a --raw", True) == "a --raw"
    assert P.set_raw("a --raw --v 7", False) == "a --v 7"
    assert P.set_raw("a --style raw --v 7", False) == "a --v 7"
    assert P.set_raw("a --style raw 4a", False) == "a --style 4a"


def test_model_switch_between_v_and_niji() -> None:
    assert P.set_model("a --v 6.1 --ar 1:1", "niji", "6") == "a --ar 1:1 --niji 6"
    assert P.set_model("a --niji 6", "v", "7") == "a --v 7"
    assert P.set_model("a --niji 6", "niji", "") == "a --niji"
    assert P.set_model("a --version 6 --s 5", "v", "7") == "a --version 7 --s 5"
    assert P.set_model("a --v 7 --s 5", None) == "a --s 5"


def test_speed_is_exclusive() -> None:
    assert P.set_speed("a --fast", "relax") == "a --relax"
    assert P.set_speed("a --relax --ar 1:1", None) == "a --ar 1:1"


def test_set_body_keeps_parameters() -> None:
    assert P.set_body("old words --ar 2:3 --tile", "new words") == "new words --ar 2:3 --tile"
    assert P.set_body("old words", "new") == "new"


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "a --ar 1:1",
        "x --no a, b --s 5",
        "u —v 7 --tile",
        "  spaced   --c 5  ",
    ],
)
def test_parse_never_loses_text(text: str) -> None:
    p = parse(text)
    assert p.text == text
    for param in p.params:
        assert text[param.start : param.end].endswith(param.value)


# -- validation -----------------------------------------------------------------------------------


def test_a_good_prompt_has_no_issues() -> None:
    text = (
        f"cinematic still of a lighthouse --ar 21:9 --v 7 --s 400 --c 15 --w 100 --q 2 --seed 7 "
        f"--no fog --style raw --sref 12345 {URL} --sw 200 --oref {URL2} --ow 300 --fast"
    )
    assert validate(text) == []


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "Describe"),
        ("--ar 1:1", "description"),
        ("a --s 1001", "--s must be a whole number from 0 to 1000"),
        ("a --stylize -1", "from 0 to 1000"),
        ("a --chaos 101", "from 0 to 100"),
        ("a --weird 3001", "from 0 to 3000"),
        ("a --seed 4294967296", "4294967295"),
        ("a --seed 1.5", "whole number"),
        ("a --ar 16/9", "width:height"),
        ("a --ar 1.5:1", "width:height"),
        ("a --ar 0:1", "width:height"),
        ("a --q 3", ".25, .5, 1, 2 or 4"),
        ("a --v seven", "model version"),
        ("a --tile yes", "takes no value"),
        ("a --ar", "needs a value"),
        ("a --ar 1:1 --aspect 2:3", "more than once"),
        ("a --sw 100", "--sw only works together with --sref"),
        ("a --cw 50 --v 6", "--cw only works together with --cref"),
        ("a --ow 50", "--ow only works together with --oref"),
        (f"a --oref {URL} --v 6.1", "V7 or later"),
        (f"a --oref {URL} --niji 6", "not with Niji"),
        (f"a --oref {URL} {URL2}", "single image"),
        (f"a --cref {URL} --v 7", "use --oref"),
        ("a --cref 1234 --v 6", "image links"),
        ("a --sref style-x", "style codes"),
        (f"a --sref {URL}::x", "weight"),
        ("a --iw 1", "image prompts"),
        (f"{URL} a --iw 3.5", "from 0 to 3"),
        (f"{URL} a --iw 2.5 --v 5.2", "Before V6"),
        ("a --v 7 --niji 6", "either --v or --niji"),
        ("a --fast --relax", "one speed"),
        ("a --q 4 --v 6", "--q 4 needs V7"),
        ("a --sw 1001 --sref 1", "from 0 to 1000"),
        (f"a --cref {URL} --cw 101 --v 6", "from 0 to 100"),
        (f"a --oref {URL} --ow 0", "from 1 to 1000"),
        ("a --exp 101 --v 7", "from 0 to 100"),
        ("a --exp 10 --v 6.1", "--exp needs V7 or later"),
        ("a --draft --v 6", "--draft needs V7 or later"),
        ("a --hd --v 7", "--hd needs V8"),
        ("a --hd --niji 7", "--hd needs V8"),
        (f"a --cref {URL} --v 8.1", "use --oref"),
    ],
)
def test_errors(text: str, fragment: str) -> None:
    found = errors(text)
    assert any(fragment in m for m in found), found


def test_iw_is_fine_with_attached_reference_images() -> None:
    assert errors("a --iw 1", reference_images=1) == []
    assert errors("--ar 1:1", reference_images=1) == []


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("a --v 9", "Version 9"),
        ("a --niji 3", "Niji version 3"),
        (f"a --cref {URL}", "default model"),
        (f"a --cref {URL} --niji 7", "Niji 7"),
        ("a --zoom 1.5", "Custom Zoom"),
        ("a --hd", "default model may be older"),
        ("a --q .5 --v 7", "1, 2 or 4"),
        ("a --tile --v 8.1", "V8 does not list --tile"),
        ("a --exp 20 --niji 7", "Niji may ignore"),
    ],
)
def test_warnings_do_not_block(text: str, fragment: str) -> None:
    assert errors(text) == []
    assert any(fragment in m for m in warnings(text)), warnings(text)


def test_the_v8_models_and_their_parameters_are_known() -> None:
    for version in ("8", "8.1", "8.2"):
        assert validate(f"a harbour --v {version} --hd --exp 25 --s 400 --oref {URL} --ow 200 --draft") == []
    assert validate("a harbour --v 7 --exp 100 --q 4 --draft") == []


def test_cref_with_v6_is_fine() -> None:
    assert validate(f"a --cref {URL} {URL2} --cw 40 --v 6.1") == []


def test_errors_come_first_and_carry_the_param() -> None:
    issues = validate("a --foo --s 2000")
    assert issues[0].severity is Severity.ERROR and issues[0].param == "stylize"
    assert issues[-1].severity is Severity.WARNING
    assert P.has_errors(issues)


def test_messages_are_marked_templates() -> None:
    issue = validate("a --s 2000")[0]
    assert "{flag}" in issue.template and issue.args["flag"] == "--s"
    assert issue.message == issue.template.format(**issue.args)
