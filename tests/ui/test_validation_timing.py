"""The Imagine tab does not greet the user with a red error: the empty-prompt reason shows only
after they edited the prompt or tried to submit (issue 11)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import fake_profile


def test_no_red_error_before_the_user_did_anything(make_window) -> None:
    window = make_window(fake_profile())
    window.show()
    tab = window.imagine
    assert tab.reason.text() == ""  # nothing typed yet: no error
    assert not tab.submit_button.isEnabled()  # still nothing to send; the tool tip says why
    assert tab.submit_button.toolTip() == "Describe what you want to see."

    # Trying to submit the empty form shows why it cannot go.
    tab.submit()  # what Ctrl+Enter does
    assert tab.reason.text() == "Describe what you want to see."


def test_the_reason_shows_once_the_prompt_was_edited(make_window) -> None:
    window = make_window(fake_profile())
    window.show()
    tab = window.imagine
    QTest.keyClicks(tab.editor, "a fox")
    assert tab.reason.text() == "" and tab.submit_button.isEnabled()
    tab.editor.selectAll()
    QTest.keyClick(tab.editor, Qt.Key.Key_Backspace)
    assert tab.reason.text() == "Describe what you want to see."


def test_server_problems_show_at_once(make_window) -> None:
    window = make_window()  # no server: that is not the user's typing, so it is said at once
    assert "Try the demo" in window.imagine.reason.text()


def test_no_tab_greets_with_a_red_error(make_window) -> None:
    window = make_window(fake_profile())
    window.show()
    for name in ("blend", "describe", "shorten", "swap_face", "video", "upload"):
        tab = getattr(window, name)
        tab.refresh()
        assert tab.reason.text() == "", name  # nothing done yet: no error…
        assert not tab.submit_button.isEnabled() and tab.submit_button.toolTip(), name  # …but it says why
        tab.submit()  # a try shows it
        assert tab.reason.text() == tab.submit_button.toolTip(), name


def test_once_edited_a_tab_says_what_is_missing(make_window) -> None:
    window = make_window(fake_profile())
    window.show()
    tab = window.shorten
    tab.refresh()
    assert tab.reason.text() == ""
    QTest.keyClicks(tab.editor, "a fox")
    assert tab.submit_button.isEnabled()
    tab.editor.clear()
    assert tab.reason.text() == "Write or paste a prompt to shorten."
