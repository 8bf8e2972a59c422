"""Callback data: short strings parsed strictly; every button the knowledge base can produce fits Telegram."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardMarkup

from bot.snapshot import Snapshot
from handlers import keyboards
from handlers.callbacks import MAX_BYTES, Callback, encode, parse


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("p:may-moc-thiet-bi", Callback("p", policy="may-moc-thiet-bi")),
        ("d:hoi-cho-trien-lam", Callback("d", policy="hoi-cho-trien-lam")),
        ("cl", Callback("cl")),
        ("c:cong-nghe:0", Callback("c", category="cong-nghe")),
        ("c:cong-nghe:12", Callback("c", category="cong-nghe", page=12)),
        ("no", Callback("no")),
        ("st:-", Callback("st")),
        ("st:tu-van", Callback("st", policy="tu-van")),
        ("ct", Callback("ct")),
    ],
)
def test_valid_data_parses_to_the_button_pressed(data: str, expected: Callback) -> None:
    assert parse(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "zz",
        "p",
        "p:",
        "p:May-Moc",
        "p:may moc",
        "p:may--moc",
        "p:-may",
        "p:may-moc:1",
        "cl:extra",
        "c:cong-nghe",
        "c:cong-nghe:x",
        "c:cong-nghe:1000",
        "c:cong-nghe:-1",
        "st:",
        "p:" + "a" * (MAX_BYTES - 1),
    ],
)
def test_malformed_or_oversized_data_does_not_parse(data: str | None) -> None:
    assert parse(data) is None


@pytest.mark.parametrize(
    ("action", "args", "data"),
    [("p", ("may-moc",), "p:may-moc"), ("c", ("cong-nghe", 3), "c:cong-nghe:3"), ("cl", (), "cl"), ("st", ("-",), "st:-")],
)
def test_encode_builds_data_that_parses_back(action: str, args: tuple[str | int, ...], data: str) -> None:
    assert encode(action, *args) == data
    assert parse(data) is not None


@pytest.mark.parametrize(
    ("action", "args"),
    [("p", ("Máy móc",)), ("p", ("a" * 63,)), ("c", ("cong-nghe", 1000)), ("zz", ()), ("p", ())],
)
def test_encode_refuses_data_that_would_not_parse(action: str, args: tuple[str | int, ...]) -> None:
    with pytest.raises(ValueError, match="invalid callback data"):
        encode(action, *args)


def every_keyboard(snapshot: Snapshot) -> list[InlineKeyboardMarkup]:
    kb = snapshot.kb
    boards = [keyboards.main_menu(), keyboards.categories(kb), keyboards.handoff()]
    for policy_id in kb.policies:
        boards += [keyboards.answer_card(kb, policy_id), keyboards.handoff(policy_id)]
    for category in kb.categories:
        markup, pages = keyboards.category_page(kb, category, 0)
        boards += [markup] + [keyboards.category_page(kb, category, page)[0] for page in range(1, pages)]
    boards.append(keyboards.suggestions(kb, [m.policy_id for m in snapshot.matcher.match("chi phí").matches]))
    return boards


def test_every_button_of_the_shipped_knowledge_base_fits_and_parses(shipped: Snapshot) -> None:
    buttons = [button for board in every_keyboard(shipped) for row in board.inline_keyboard for button in row]
    assert len(buttons) > 100
    for button in buttons:
        data = str(button.callback_data)
        assert len(data.encode()) <= MAX_BYTES
        assert parse(data) is not None, data
        assert 0 < len(button.text) <= keyboards.MAX_LABEL


def test_button_labels_are_titles_never_ids(shipped: Snapshot) -> None:
    kb = shipped.kb
    labels = {
        button.text for board in every_keyboard(shipped) for row in board.inline_keyboard for button in row
    }
    assert not labels & set(kb.policies)
    assert not labels & set(kb.categories)
