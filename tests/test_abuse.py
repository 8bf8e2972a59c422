"""Bad input and abuse: random updates, malformed policy files, markup and SQL in user text, the webhook
secret, and the bot token kept out of the logs.
"""

from __future__ import annotations

import asyncio
import html
import logging
import shutil
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pydantic import SecretStr
from sqlalchemy import func
from sqlmodel import Session, select
from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.config import Settings
from bot.desk.models import QuestionLog, RequestEvent, SupportRequest
from bot.logsafe import RedactingFilter
from bot.policies.loader import validate
from bot.policies.store import KnowledgeStore
from bot.render import texts
from bot.render.html import split_message
from bot.snapshot import Snapshot
from console.standin import BotApiStandIn, InProcessRequest, SentCall
from handlers.application import build_application
from tests.support.botapi import WEBHOOK_SECRET, in_progress, rejection, running_bot, webhook_bot
from tests.support.kb import FIXTURES, MINIMAL_KB, SHIPPED_KB
from tests.support.replies import ERROR
from tests.support.standin import Fault, FaultyStandIn
from tests.support.wait import eventually

# ----- random updates ------------------------------------------------------------------------------
# In-process, a random update costs a few milliseconds: twenty times the profile's max_examples
# (1,000 with the default profile, 10,000 with the CI profile).
RANDOM_UPDATES = 20 * hypothesis_settings.default.max_examples

class ErrorRecords(logging.Handler):
    """Collects the error handler's "Update … failed" records (and anything else at ERROR)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class InProcessBot:
    """The real Application fed with `process_update`, its Bot API calls answered by an in-process stand-in.

    (HTTP would make 10,000 updates take minutes; the handlers, filters and error handler are the same.)"""

    def __init__(self, settings: Settings, store: KnowledgeStore) -> None:
        self.loop = asyncio.new_event_loop()
        self.api = BotApiStandIn()
        self.app = build_application(
            settings, store, request=InProcessRequest(self.api), updates_request=InProcessRequest(self.api)
        )
        self.errors = ErrorRecords()
        self.fed = 0
        self.parsed = 0

    def __enter__(self) -> InProcessBot:
        logging.getLogger().addHandler(self.errors)
        self.loop.run_until_complete(self.app.initialize())
        self.loop.run_until_complete(self.app.start())
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.run_until_complete(self.app.stop())
        self.loop.run_until_complete(self.app.shutdown())
        if self.app.post_shutdown:
            self.loop.run_until_complete(self.app.post_shutdown(self.app))
        self.loop.close()
        logging.getLogger().removeHandler(self.errors)

    def feed(self, payload: dict[str, Any]) -> None:
        """One update as Telegram would POST it; payloads PTB itself cannot read are Telegram's to refuse."""
        self.fed += 1
        try:
            update = Update.de_json(payload, self.app.bot)
        except Exception:
            return
        self.parsed += 1
        self.loop.run_until_complete(self.app.process_update(update))
        self.loop.run_until_complete(self._finish_tasks())

    async def _finish_tasks(self) -> None:
        """Let what the handlers started with `create_task` (staff notifications…) finish too, so that
        whatever goes wrong there is seen with the update that caused it."""
        await eventually(lambda: not in_progress(self.app), 30, what="the handlers' tasks finished")


_ids = iter(range(1, 10**9))
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
MARKUP = "<>&;/\"'*_`[]()#@!\\~|{}\n\t\r\u200b\u202e\ufeff\x00"
SPECIAL = [
    "/start", "/help", "/yeucau", "/kiemtra", "/cancel", "/chinhsach", "/lienhe", "/yeucaucuatoi",
    "/reload", "/kbstatus", "/unanswered", "/thongke", "/inbox", "/yc YC-2026-000001", "/traloi YC-1 x",
    "/start@khuyencong_bot", "/lenh_la", "@khuyencong_bot", "<b>", "</i>", "&amp;", "&#0;", "**", "\u0000",
    "'; DROP TABLE support_request; --", "0912 345 678", "hỗ trợ mua máy móc", "👍", "\U0001f600" * 50, " ",
]
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + MARKUP + string.digits + " ", max_size=300),
    st.sampled_from(SPECIAL),
    st.tuples(st.sampled_from(SPECIAL), st.text(max_size=30)).map("".join),
    # Huge texts (Telegram allows 4,096 characters; a forged webhook could send more).
    st.tuples(st.text(min_size=1, max_size=12), st.integers(1, 10_000)).map(lambda t: (t[0] * t[1])[:10_000]),
)
SMALL_TEXT = st.text(max_size=20)
USER_ID = st.one_of(st.integers(1, 40), st.integers(1, 2**52), st.sampled_from([1, 100, 900]))
ENTITY_TYPES = [
    "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bold", "italic", "underline",
    "strikethrough", "spoiler", "blockquote", "expandable_blockquote", "code", "pre", "text_link", "text_mention",
    "custom_emoji", "date_time", "mot_kieu_moi",
]


def user() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": USER_ID, "is_bot": st.booleans(), "first_name": TEXT},
        optional={"last_name": SMALL_TEXT, "username": SMALL_TEXT, "language_code": st.sampled_from(["vi", "en", ""])},
    )


def chat() -> st.SearchStrategy[dict[str, Any]]:
    private = st.fixed_dictionaries({"id": USER_ID, "type": st.just("private")}, optional={"first_name": TEXT})
    group = st.fixed_dictionaries(
        # Group ids spread widely: the flood limiter allows each group 20 messages a minute.
        {"id": st.integers(-(10**13), -1), "type": st.sampled_from(["group", "supergroup", "channel"])},
        optional={"title": TEXT, "is_forum": st.booleans()},
    )
    odd = st.fixed_dictionaries({"id": st.integers(-(2**60), 2**60), "type": st.sampled_from(["sender", "kiểu lạ", ""])})
    return st.one_of(private, private, group, odd)


ENTITY = st.fixed_dictionaries(
    {"type": st.sampled_from(ENTITY_TYPES), "offset": st.integers(-5, 12_000), "length": st.integers(-5, 12_000)},
    optional={"url": SMALL_TEXT, "language": SMALL_TEXT, "custom_emoji_id": SMALL_TEXT, "user": user()},
)


def message(depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "from": user(),
        "text": TEXT,
        "entities": st.lists(ENTITY, max_size=4),
        "caption": TEXT,
        "caption_entities": st.lists(ENTITY, max_size=2),
        "contact": st.fixed_dictionaries(
            {"phone_number": TEXT, "first_name": SMALL_TEXT}, optional={"user_id": USER_ID}
        ),
        "sticker": st.fixed_dictionaries(
            {"file_id": SMALL_TEXT, "file_unique_id": SMALL_TEXT, "type": st.just("regular"), "width": st.just(512),
             "height": st.just(512), "is_animated": st.booleans(), "is_video": st.booleans()}
        ),
        "photo": st.lists(
            st.fixed_dictionaries({"file_id": SMALL_TEXT, "file_unique_id": SMALL_TEXT, "width": st.integers(0, 9),
                                   "height": st.integers(0, 9)}), max_size=2
        ),
        "new_chat_members": st.lists(user(), max_size=2),
        "left_chat_member": user(),
        "message_thread_id": st.integers(0, 2**31),
        "sender_chat": chat(),
        "is_automatic_forward": st.booleans(),
        "some_future_field": st.dictionaries(SMALL_TEXT, SMALL_TEXT, max_size=2),
    }
    if depth == 0:
        optional["reply_to_message"] = message(depth + 1)
    return st.fixed_dictionaries(
        {"message_id": st.integers(-5, 2**31), "date": st.integers(0, 2**32), "chat": chat()}, optional=optional
    )


@st.composite
def private_message(draw: st.DrawFn) -> dict[str, Any]:
    """What most updates are: a user typing in a private chat (commands carry their entity)."""
    user_id = draw(USER_ID)
    text = draw(TEXT)
    found: dict[str, Any] = {
        "message_id": draw(st.integers(1, 2**31)),
        "date": draw(st.integers(0, 2**32)),
        "chat": {"id": user_id, "type": "private", "first_name": draw(SMALL_TEXT)},
        "from": {"id": user_id, "is_bot": False, "first_name": draw(TEXT), "language_code": "vi"},
        "text": text,
    }
    if text.startswith("/") and text.split():
        found["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    elif draw(st.booleans()):
        found["entities"] = draw(st.lists(ENTITY, max_size=3))
    return found


CALLBACK_DATA = st.one_of(
    st.text(max_size=70),
    st.from_regex(r"(p|d|c|cl|no|el|st|ct|ea|eb|rn|rk|rs|re|rc|sa|sr|ip|ua|ux|rt)(:[a-z0-9_-]{0,24}){0,3}", fullmatch=True),
    st.sampled_from(["p:may-moc-thiet-bi", "st:-", "el:-", "ua:0", "ux:0:thuong-hieu", "sa:1", "rt:1:5", "ip:0", "rs"]),
)
CALLBACK = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=12), "from": user(), "chat_instance": SMALL_TEXT},
    optional={"data": CALLBACK_DATA, "message": message(1), "inline_message_id": SMALL_TEXT, "game_short_name": SMALL_TEXT},
)
@st.composite
def private_callback(draw: st.DrawFn) -> dict[str, Any]:
    """A button pressed under a message the bot sent to this user."""
    user_id = draw(USER_ID)
    bot_message = {"message_id": draw(st.integers(1, 2**31)), "date": 0, "text": draw(SMALL_TEXT),
                   "chat": {"id": user_id, "type": "private"},
                   "from": {"id": 7000000001, "is_bot": True, "first_name": "Trợ lý khuyến công"}}
    return {"id": draw(st.text(min_size=1, max_size=8)), "chat_instance": "ci", "data": draw(CALLBACK_DATA),
            "from": {"id": user_id, "is_bot": False, "first_name": draw(TEXT)}, "message": bot_message}


UPDATE_BODY = st.one_of(
    private_message().map(lambda m: {"message": m}),
    private_message().map(lambda m: {"message": m}),
    private_message().map(lambda m: {"message": m}),
    private_callback().map(lambda q: {"callback_query": q}),
    private_callback().map(lambda q: {"callback_query": q}),
    message().map(lambda m: {"message": m}),
    message().map(lambda m: {"message": m}),
    message().map(lambda m: {"edited_message": m}),
    message().map(lambda m: {"channel_post": m}),
    CALLBACK.map(lambda q: {"callback_query": q}),
    CALLBACK.map(lambda q: {"callback_query": q}),
    st.fixed_dictionaries({"id": SMALL_TEXT, "from": user(), "query": TEXT, "offset": SMALL_TEXT}).map(
        lambda q: {"inline_query": q}
    ),
    st.dictionaries(st.sampled_from(["kieu_cap_nhat_moi", "business_message", "purchased_paid_media"]),
                    st.dictionaries(SMALL_TEXT, SMALL_TEXT, max_size=3), min_size=1, max_size=1),
    st.just({}),  # only an update_id
)


@pytest.fixture(scope="module")
def random_update_bot(tmp_path_factory: pytest.TempPathFactory, shipped: Snapshot) -> Iterator[InProcessBot]:
    data = tmp_path_factory.mktemp("abuse-data")
    # A copy of the policies: random admin button presses (ux:…) may add example questions to it.
    policies = tmp_path_factory.mktemp("abuse-policies") / "policies"
    shutil.copytree(SHIPPED_KB, policies)
    settings = Settings(
        _env_file=None,
        data_dir=data,
        policies_dir=policies,
        watch_policies=False,
        flood_max_per_second=1_000_000,  # the stand-in has no flood limit; throttling would only slow the test
        staff_user_ids={900},
        staff_chat_id=-100,
        admin_user_ids={1},
        user_message_limit=1_000_000,  # users 1–40 come back often; the spam limit is tested elsewhere
    )
    with InProcessBot(settings, KnowledgeStore(shipped)) as bot:
        yield bot
    # Most generated payloads are real updates that reached the handlers.
    assert bot.parsed >= 0.9 * bot.fed, (bot.parsed, bot.fed)


@pytest.mark.timeout(900)
@hypothesis_settings(
    max_examples=RANDOM_UPDATES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(body=UPDATE_BODY)
def test_random_updates_raise_nothing_and_every_reply_is_valid_telegram_html(
    random_update_bot: InProcessBot, body: dict[str, Any]
) -> None:
    bot = random_update_bot
    before_sent, before_errors = len(bot.api.sent), len(bot.errors.records)
    bot.feed({"update_id": next(_ids), **body})
    assert [r.getMessage()[:2000] for r in bot.errors.records[before_errors:]] == []
    for call in bot.api.sent[before_sent:]:
        assert rejection(call.method, call.params) is None, (call.method, call.params)
        assert call.text != ERROR


# ----- malformed policy files -----------------------------------------------------------------------
MINIMAL = MINIMAL_KB
MAY_MOC = (MINIMAL / "may-moc.yaml").read_text(encoding="utf-8")
MALFORMED = FIXTURES / "malformed"


def edit(old: str, new: str) -> bytes:
    assert old in MAY_MOC, old
    return MAY_MOC.replace(old, new, 1).encode()


def billion_laughs(levels: int) -> bytes:
    lines = ['lol0: &l0 "lol"']
    lines += [f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


# (case, file, content, the first error reported). Each file replaces its namesake in a copy of the
# minimal knowledge base; `validate` must reject it with exactly that file:line and message.
CASES: list[tuple[str, str, bytes]] = [
    ("billion-laughs", "may-moc.yaml", billion_laughs(9)),
    ("alias-bomb-inside-a-policy", "may-moc.yaml", (MALFORMED / "alias_bomb_examples.yaml").read_bytes()),
    ("recursive-alias", "may-moc.yaml", edit("examples:\n", "examples: &ex\n  - *ex\n")),
    ("deep-flow-nesting", "may-moc.yaml", b"id: [" + b"[" * 5_000 + b"]" * 5_000 + b"]\n"),
    ("deep-block-nesting", "may-moc.yaml", "".join("  " * i + f"k{i}:\n" for i in range(500)).encode()),
    ("huge-file", "may-moc.yaml", MAY_MOC.encode() + b"# " + b"x" * 600_000 + b"\n"),
    ("huge-shared-file", "_lexicon.yaml", b"lexicon:\n" + b"  - " + b"y" * 700_000 + b"\n"),
    ("very-long-line-unclosed-quote", "may-moc.yaml", edit('title: "Hỗ trợ máy móc thiết bị"', 'title: "' + "dài " * 60_000)),
    ("duplicate-key", "may-moc.yaml", edit("category: cong-nghe\n", "category: cong-nghe\ncategory: thi-truong\n")),
    ("duplicate-nested-key", "may-moc.yaml", edit("        cap_vnd: 300000000\n", "        cap_vnd: 300000000\n        cap_vnd: 1\n")),
    ("latin-1", "may-moc.yaml", MAY_MOC.encode("utf-8").replace("máy".encode(), "máy".encode("latin-1"), 1)),
    ("utf-16-with-bom", "may-moc.yaml", MAY_MOC.encode("utf-16")),
    ("tab-indentation", "may-moc.yaml", edit("  - id: thiet-bi\n    item:", "  - id: thiet-bi\n\titem:")),
    ("unclosed-double-quote", "may-moc.yaml", edit('  - "may moc thiet bi"\n', '  - "may moc thiet bi\n')),
    ("unclosed-single-quote", "may-moc.yaml", edit('summary: "Hỗ trợ một phần', "summary: 'Hỗ trợ một phần")),
    ("unclosed-bracket", "may-moc.yaml", edit("keywords: [máy móc, thiết bị, dây chuyền]", "keywords: [máy móc, thiết bị, dây chuyền")),
    ("unclosed-brace", "may-moc.yaml", edit("legal_basis:\n  - doc: tt-28-2018-btc", "legal_basis:\n  - {doc: tt-28-2018-btc")),
    ("python-object-tag", "may-moc.yaml", edit("category: cong-nghe", "category: !!python/object/apply:os.system [id]")),
    ("python-name-tag", "may-moc.yaml", edit("category: cong-nghe", "category: !!python/name:os.system")),
    ("custom-tag", "may-moc.yaml", edit("category: cong-nghe", "category: !include khac.yaml")),
    ("top-level-list", "may-moc.yaml", b"- id: may-moc\n- title: x\n"),
    ("top-level-string", "may-moc.yaml", b"day la mot cau van\n"),
    ("top-level-number", "may-moc.yaml", b"42\n"),
    ("empty-file", "may-moc.yaml", b""),
    ("null-document", "may-moc.yaml", b"~\n"),
    ("only-comments", "may-moc.yaml", b"# chua viet gi\n# ca\n"),
    ("binary-garbage", "may-moc.yaml", bytes((n * 97 + 13) % 256 for n in range(4096))),
    ("nul-byte", "may-moc.yaml", edit("category: cong-nghe", "category: cong\x00nghe")),
    ("control-character-escape", "may-moc.yaml", edit('title: "Hỗ trợ máy móc thiết bị"', 'title: "Hỗ trợ\\x07 máy móc"')),
    ("lone-surrogate-escape", "may-moc.yaml", edit('  - "dây chuyền đóng gói"', '  - "dây chuyền \\ud800 đóng gói"')),
    ("impossible-date", "may-moc.yaml", edit("last_reviewed: 2026-11-25", "last_reviewed: 2026-02-30")),
    ("year-zero", "may-moc.yaml", edit("effective_from: 2018-05-11", "effective_from: 0000-05-11")),
    ("five-thousand-digit-number", "may-moc.yaml", edit("cap_vnd: 300000000", "cap_vnd: " + "9" * 5_000)),
    ("bad-explicit-int", "may-moc.yaml", edit("cap_vnd: 300000000", "cap_vnd: !!int ba-tram-trieu")),
    ("bad-explicit-bool", "may-moc.yaml", edit("last_reviewed: 2026-11-25", "last_reviewed: 2026-11-25\nx: !!bool maybe")),
    ("infinite-number", "may-moc.yaml", edit("cap_vnd: 300000000", "cap_vnd: .inf")),
    ("two-documents", "may-moc.yaml", MAY_MOC.encode() + b"---\nid: khac\n"),
    ("yaml-2-directive", "may-moc.yaml", b"%YAML 2.0\n---\n" + MAY_MOC.encode()),
    ("undefined-alias", "may-moc.yaml", edit("related: [hoi-cho]", "related: *lien-quan")),
    ("unhashable-key", "may-moc.yaml", edit("related: [hoi-cho]", "? [a, b]\n: c\nrelated: [hoi-cho]")),
    ("merge-of-a-scalar", "may-moc.yaml", edit("related: [hoi-cho]", "<<: 5\nrelated: [hoi-cho]")),
    ("colon-in-plain-value", "may-moc.yaml", edit('item: "Máy móc thiết bị"', "item: Máy móc: thiết bị")),
    ("bad-indentation", "may-moc.yaml", edit("    unit: \"cơ sở\"", "      unit: \"cơ sở\"")),
    ("shared-file-wrong-type", "_legal.yaml", b"- nd-45-2012\n- tt-28-2018-btc\n"),
    ("shared-file-alias-bomb", "_facts.yaml", billion_laughs(12)),
]


FIRST_ERROR = {
    'billion-laughs': "may-moc.yaml:2: quá nhiều bí danh YAML (alias '*'): tối đa 8 mỗi tệp",
    'alias-bomb-inside-a-policy': "may-moc.yaml:10: quá nhiều bí danh YAML (alias '*'): tối đa 8 mỗi tệp",
    'recursive-alias': 'may-moc.yaml:10: examples[0]: phải là một chuỗi văn bản',
    'deep-flow-nesting': 'may-moc.yaml:1: lồng nhau quá sâu: tối đa 32 cấp',
    'deep-block-nesting': 'may-moc.yaml:32: lồng nhau quá sâu: tối đa 32 cấp',
    'huge-file': 'may-moc.yaml:1: tệp quá lớn (600,880 byte; tối đa 524,288 byte)',
    'huge-shared-file': '_lexicon.yaml:1: tệp quá lớn (700,014 byte; tối đa 524,288 byte)',
    'very-long-line-unclosed-quote': 'may-moc.yaml:4: lỗi cú pháp YAML: thụt lề không thẳng hàng, hoặc thiếu dấu nháy đóng ở dòng trên',
    'duplicate-key': "may-moc.yaml:4: khóa 'category' bị lặp lại (đã có ở dòng 3)",
    'duplicate-nested-key': "may-moc.yaml:24: khóa 'cap_vnd' bị lặp lại (đã có ở dòng 23)",
    'latin-1': 'may-moc.yaml:2: tệp không phải văn bản UTF-8 (byte 0xe1); hãy lưu lại với mã UTF-8',
    'utf-16-with-bom': 'may-moc.yaml:1: tệp không phải văn bản UTF-8 (byte 0xff); hãy lưu lại với mã UTF-8',
    'tab-indentation': 'may-moc.yaml:19: lỗi cú pháp YAML: có ký tự Tab; YAML chỉ thụt lề bằng dấu cách',
    'unclosed-double-quote': 'may-moc.yaml:15: lỗi cú pháp YAML: thụt lề không thẳng hàng, hoặc thiếu dấu nháy đóng ở dòng trên',
    'unclosed-single-quote': 'may-moc.yaml:30: lỗi cú pháp YAML: tệp kết thúc giữa chừng (thiếu dấu nháy đóng?)',
    'unclosed-bracket': "may-moc.yaml:10: lỗi cú pháp YAML: thiếu dấu đóng ngoặc ']'",
    'unclosed-brace': "may-moc.yaml:28: lỗi cú pháp YAML: thiếu dấu đóng ngoặc '}'",
    'python-object-tag': 'may-moc.yaml:3: lỗi cú pháp YAML: thẻ YAML không được phép (chỉ dùng YAML cơ bản)',
    'python-name-tag': 'may-moc.yaml:3: lỗi cú pháp YAML: thẻ YAML không được phép (chỉ dùng YAML cơ bản)',
    'custom-tag': 'may-moc.yaml:3: lỗi cú pháp YAML: thẻ YAML không được phép (chỉ dùng YAML cơ bản)',
    'top-level-list': "may-moc.yaml:1: tệp phải là một bảng gồm các trường 'tên: giá trị'",
    'top-level-string': "may-moc.yaml:1: tệp phải là một bảng gồm các trường 'tên: giá trị'",
    'top-level-number': "may-moc.yaml:1: tệp phải là một bảng gồm các trường 'tên: giá trị'",
    'empty-file': "may-moc.yaml:1: tệp phải là một bảng gồm các trường 'tên: giá trị'",
    'null-document': "may-moc.yaml:1: tệp phải là một bảng gồm các trường 'tên: giá trị'",
    'only-comments': "may-moc.yaml:1: tệp phải là một bảng gồm các trường 'tên: giá trị'",
    'binary-garbage': 'may-moc.yaml:1: tệp không phải văn bản UTF-8 (byte 0xcf); hãy lưu lại với mã UTF-8',
    'nul-byte': 'may-moc.yaml:3: lỗi cú pháp YAML: có ký tự điều khiển không được phép (mã #x0000)',
    'control-character-escape': 'may-moc.yaml:2: có ký tự không hợp lệ (mã U+0007) trong giá trị',
    'lone-surrogate-escape': 'may-moc.yaml:16: có ký tự không hợp lệ (mã U+D800) trong giá trị',
    'impossible-date': 'may-moc.yaml:29: ngày «2026-02-30» không hợp lệ (dạng YYYY-MM-DD, và ngày phải có thật)',
    'year-zero': 'may-moc.yaml:22: ngày «0000-05-11» không hợp lệ (dạng YYYY-MM-DD, và ngày phải có thật)',
    'five-thousand-digit-number': 'may-moc.yaml:23: số «9999999999999999999999999999999999999999…» không hợp lệ hoặc quá dài',
    'bad-explicit-int': 'may-moc.yaml:23: số «ba-tram-trieu» không hợp lệ hoặc quá dài',
    'bad-explicit-bool': 'may-moc.yaml:30: «maybe» không phải true hoặc false',
    'infinite-number': 'may-moc.yaml:23: support[0].values[0].cap_vnd: phải là một số hữu hạn (không dùng .inf hay .nan)',
    'two-documents': "may-moc.yaml:30: lỗi cú pháp YAML: tệp chỉ được chứa một tài liệu YAML (bỏ dòng '---' thứ hai)",
    'yaml-2-directive': 'may-moc.yaml:1: lỗi cú pháp YAML: phiên bản YAML không được hỗ trợ (chỉ dùng %YAML 1.x)',
    'undefined-alias': 'may-moc.yaml:28: lỗi cú pháp YAML: bí danh (alias) chưa được định nghĩa',
    'unhashable-key': 'may-moc.yaml:28: lỗi cú pháp YAML: khóa không hợp lệ',
    'merge-of-a-scalar': "may-moc.yaml:28: lỗi cú pháp YAML: khóa gộp '<<' chỉ dùng với một bảng hoặc danh sách các bảng",
    'colon-in-plain-value': "may-moc.yaml:19: lỗi cú pháp YAML: dấu ':' không hợp lệ ở đây (thụt lề sai hoặc thiếu dấu nháy)",
    'bad-indentation': 'may-moc.yaml:20: lỗi cú pháp YAML: thụt lề không thẳng hàng, hoặc thiếu dấu nháy đóng ở dòng trên',
    'shared-file-wrong-type': "_legal.yaml:1: tệp phải là một bảng gồm các trường 'tên: giá trị'",
    'shared-file-alias-bomb': "_facts.yaml:2: quá nhiều bí danh YAML (alias '*'): tối đa 8 mỗi tệp",
}


@pytest.mark.timeout(10)  # fails (instead of hanging) when validate takes longer
@pytest.mark.parametrize(("case", "name", "content"), CASES, ids=[case for case, _, _ in CASES])
def test_a_malformed_policy_file_is_rejected_with_file_and_line_without_crashing_or_hanging(
    tmp_path: Path, case: str, name: str, content: bytes
) -> None:
    folder = tmp_path / "kb"
    shutil.copytree(MINIMAL, folder)
    (folder / name).write_bytes(content)
    kb, issues = validate(folder)
    errors = [str(i) for i in issues if i.severity == "error"]
    assert kb is None
    assert errors[0] == FIRST_ERROR[case], errors


def test_there_are_at_least_thirty_malformed_variants() -> None:
    assert len(CASES) >= 30
    assert set(FIRST_ERROR) == {case for case, _, _ in CASES}


@pytest.mark.parametrize(
    "content",
    [b"\xef\xbb\xbf" + MAY_MOC.encode(), MAY_MOC.replace("\n", "\r\n").encode()],
    ids=["utf-8-bom", "windows-line-endings"],
)
def test_what_windows_editors_save_is_not_malformed(tmp_path: Path, content: bytes) -> None:
    folder = tmp_path / "kb"
    shutil.copytree(MINIMAL, folder)
    (folder / "may-moc.yaml").write_bytes(content)
    kb, issues = validate(folder)
    assert kb is not None, [str(i) for i in issues]
    assert kb.policies["may-moc"].title == "Hỗ trợ máy móc thiết bị"


async def test_a_malformed_file_during_a_running_reload_is_rejected_and_the_bot_carries_on(
    settings: Settings, tmp_path: Path
) -> None:
    """Every variant, written into the live folder of a running bot and /reload-ed: refused with the same
    file:line, the last good version keeps answering."""
    live = tmp_path / "kb"
    shutil.copytree(MINIMAL, live)
    config = settings.model_copy(
        update={"policies_dir": live, "watch_policies": False, "admin_user_ids": {1}, "eligibility_cases_dir": None,
                "user_message_limit": 1_000}
    )
    store = KnowledgeStore.load(config)
    good = store.current.kb
    async with running_bot(config, store) as bot:
        for case, name, content in CASES:
            original = (live / name).read_bytes()
            (live / name).write_bytes(content)
            [reply] = await bot.say("/reload", user_id=1)
            assert reply.text.startswith("❌ <b>Không nạp được thay đổi chính sách</b>"), (case, reply.text)
            assert f"• <code>{html.escape(FIRST_ERROR[case], quote=False)}</code>" in reply.text, (case, reply.text)
            assert store.current.kb is good
            (live / name).write_bytes(original)
        [answer] = await bot.say("mua máy móc có được hỗ trợ không")
        assert answer.text.startswith("<b>Hỗ trợ máy móc thiết bị</b>\n\n")


# ----- markup and SQL in what users type ------------------------------------------------------------
NAME = "<b>Lan</b> & <script>alert(1)</script>"
BUSINESS = 'Cơ sở <i>Bánh</i> &amp; <a href="http://x.vn">Tư Lan</a>'
COMMUNE = "xã </code><pre>Hàm Thuận"
QUESTION = "'; DROP TABLE support_request; -- <b>hỗ trợ</b> & **máy móc** <tg-spoiler>x</tg-spoiler>?"
STAFF_REPLY = "<i>Chào</i> chị & <u>anh</u> </b>"
FOLLOW_UP = "Dạ <b>cảm ơn</b> & </i> ' OR 1=1 --"
STAFF, STAFF_CHAT = 900, -100


def literal(text: str) -> str:
    """How text must appear in a Telegram HTML message to be shown exactly as typed."""
    return html.escape(text, quote=False)


def in_staff_chat(call: SentCall) -> dict[str, Any]:
    """A message the bot sent to the staff group, as Telegram puts it in reply_to_message."""
    message = dict(call.params["_message"])
    message["chat"] = {"id": STAFF_CHAT, "type": "supergroup", "title": "Cán bộ khuyến công"}
    return message


async def test_markup_in_names_business_names_and_questions_is_shown_literally_and_sql_is_stored_literally(
    settings: Settings, shipped: Snapshot
) -> None:
    config = settings.model_copy(
        update={"staff_user_ids": {STAFF}, "staff_chat_id": STAFF_CHAT, "watch_policies": False}
    )
    owner = {"user_id": 100, "first_name": "<b>Lan</b>"}
    staff = {"user_id": STAFF, "first_name": "Minh", "chat_id": STAFF_CHAT, "chat_type": "supergroup"}
    async with running_bot(config, KnowledgeStore(shipped)) as bot:
        intro, ask_name = await bot.say("/yeucau", expect=2, **owner)
        assert intro.text == texts.REQ_INTRO
        assert ask_name.button_texts() == ["Dùng tên «<b>Lan</b>»"]  # button labels are plain text
        await bot.say(NAME, **owner)
        await bot.say(BUSINESS, **owner)
        await bot.say(COMMUNE, **owner)
        await bot.say("0912 345 678", expect=2, **owner)
        [summary] = await bot.say(QUESTION, **owner)
        assert summary.text == texts.REQ_SUMMARY.format(
            name=literal(NAME), business=literal(BUSINESS), commune=literal(COMMUNE), phone="0912345678",
            topic=texts.REQ_GENERAL_TOPIC, question=literal(QUESTION), check="",
        )
        calls = await bot.press("rs", summary, expect=3, user_id=100)
        [notification] = [c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == STAFF_CHAT]
        with Session(bot.app.bot_data.engine) as session:
            [stored] = session.exec(select(SupportRequest)).all()
            events = [(e.kind, e.text) for e in session.exec(select(RequestEvent))]
        code = stored.code
        assert (stored.name, stored.business_name, stored.commune, stored.question) == (
            NAME, BUSINESS, COMMUNE, QUESTION
        )
        assert events == [("created", QUESTION)]
        assert notification.text == texts.STAFF_NEW.format(
            code=code, name=literal(NAME), phone="0912345678", business=literal(BUSINESS),
            form="chưa rõ loại hình", commune=literal(COMMUNE), topic="—", question=literal(QUESTION), check="",
        )

        [inbox] = await bot.say("/inbox", **staff)
        assert f"{literal(NAME)}, {literal(COMMUNE)}: 🆕 Mới tiếp nhận\n  {literal(QUESTION[:120])}" in inbox.text
        [details] = await bot.say(f"/yc {code}", **staff)
        assert literal(NAME) in details.text and literal(QUESTION) in details.text and NAME not in details.text

        calls = await bot.say(STAFF_REPLY, expect=3, reply_to=in_staff_chat(notification), **staff)
        [relayed] = [c for c in calls if int(c.params["chat_id"]) == 100]
        [confirmed] = [c for c in calls if int(c.params["chat_id"]) == STAFF_CHAT and c.method == "sendMessage"]
        assert relayed.text == texts.OWNER_STAFF_REPLY.format(code=code, text=literal(STAFF_REPLY))
        assert confirmed.text == texts.STAFF_RELAYED.format(code=code)
        calls = await bot.say(FOLLOW_UP, expect=2, reply_to=relayed.params["_message"], **owner)
        [follow_up] = [c for c in calls if int(c.params["chat_id"]) == STAFF_CHAT]
        [sent] = [c for c in calls if int(c.params["chat_id"]) == 100]
        assert follow_up.text == texts.STAFF_FOLLOWUP.format(code=code, text=literal(FOLLOW_UP))
        assert sent.text == texts.OWNER_FOLLOWUP_SENT.format(code=code)
        with Session(bot.app.bot_data.engine) as session:
            trail = [(e.kind, e.text) for e in session.exec(select(RequestEvent).order_by(RequestEvent.id))]
            assert session.exec(select(func.count()).select_from(SupportRequest)).one() == 1  # the table is still there
        assert ("staff_reply", STAFF_REPLY) in trail and ("user_message", FOLLOW_UP) in trail

        # The same text asked as a question: answered like any other, logged as typed.
        await bot.say(QUESTION, user_id=101)
        bot.app.bot_data.question_log.flush()
        with Session(bot.app.bot_data.engine) as session:
            assert QUESTION in session.exec(select(QuestionLog.question)).all()


# ----- the webhook secret -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "secret", ["", "S3CRET", "s3cre", "s3cret2", "s3cr3t"], ids=["empty", "other-case", "prefix", "longer", "look-alike"]
)
async def test_webhook_refuses_a_secret_that_is_almost_right(settings: Settings, shipped: Snapshot, secret: str) -> None:
    async with webhook_bot(settings, KnowledgeStore(shipped)) as hook:
        response = await hook.post(
            json={"update_id": 1, "message": hook.api.message("/help")},
            headers={"X-Telegram-Bot-Api-Secret-Token": secret},
        )
        assert response.status_code == 403
        await hook.settled()
        assert hook.api.messages() == []


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"update_id": 1, "message": {"message_id": 1, "text": "/help"', "application/json", 500),
        (b'{"update_id": "mot", "message": 5}', "application/json", 400),
        (b"update_id=1", "application/x-www-form-urlencoded", 403),
    ],
    ids=["truncated-json", "not-an-update", "not-json"],
)
async def test_webhook_with_the_secret_but_a_garbage_body_processes_nothing_and_keeps_serving(
    settings: Settings, shipped: Snapshot, body: bytes, content_type: str, status: int
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Content-Type": content_type}
    async with webhook_bot(settings, KnowledgeStore(shipped)) as hook:
        response = await hook.post(content=body, headers=headers)
        assert response.status_code == status
        await hook.settled()
        assert hook.api.messages() == []
        good = await hook.post(json={"update_id": 2, "message": hook.api.message("/help")},
                               headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
        assert good.status_code == 200
        await hook.settled()
        assert [call.text for call in hook.api.messages()] == [texts.HELP]


# ----- the bot token never reaches the logs ---------------------------------------------------------
REAL_LOOKING_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
LIBRARIES = ("telegram", "httpx", "httpcore", "tornado", "apscheduler", "handlers", "bot")


@pytest.fixture
def everything_logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """DEBUG everywhere (libraries included, whatever an earlier test set), through the redacting filter
    configure_logging puts on the production handler."""
    saved = {name: logging.getLogger(name).level for name in LIBRARIES}
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    redactor = RedactingFilter()
    caplog.handler.addFilter(redactor)
    yield caplog
    caplog.handler.removeFilter(redactor)
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


async def leak(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A handler failing with an error that quotes the Bot API URL (as httpx errors do)."""
    raise RuntimeError(f"Client error '404 Not Found' for url '{context.bot.base_url}/getChat'")


async def test_the_bot_token_never_appears_in_the_logs_even_in_a_traceback(
    settings: Settings, shipped: Snapshot, everything_logged: pytest.LogCaptureFixture
) -> None:
    secret_part = REAL_LOOKING_TOKEN.split(":")[1]
    config = settings.model_copy(
        update={"telegram_bot_token": SecretStr(REAL_LOOKING_TOKEN), "admin_user_ids": {1}, "network_retries": 1}
    )
    api = FaultyStandIn()
    async with running_bot(config, KnowledgeStore(shipped), api) as bot:
        assert bot.app.bot.token == REAL_LOOKING_TOKEN
        bot.app.add_handler(CommandHandler("hong", leak), group=-10)
        [menu] = await bot.say("/start")
        await bot.press("cl", menu)
        await bot.say("hỗ trợ mua máy móc thiết bị tiên tiến tối đa bao nhiêu")
        await bot.say("/kbstatus", user_id=1)
        apology, _ = await bot.say("/hong", expect=2)
        assert apology.text == ERROR
        api.faults.append(Fault("server_error", times=1, methods=frozenset({"sendMessage"})))
        await bot.say("/help")  # one failed call, logged with its error, then retried
    records = everything_logged.records
    assert any(r.name == "handlers.errors" and "Traceback" in r.getMessage() for r in records)  # the traceback was logged
    assert any("[token]" in r.getMessage() + (r.exc_text or "") for r in records)  # …with the token taken out
    assert any(r.name == "httpx" for r in records)  # request lines (with the token in the URL) were logged too
    for record in records:
        logged = record.getMessage() + (record.exc_text or "")
        assert REAL_LOOKING_TOKEN not in logged and secret_part not in logged, (record.name, logged)
    assert secret_part not in everything_logged.text


@pytest.mark.parametrize(
    "text",
    ["😀" * 3_000, "Xin chào " + "0𐀀𐀀𐀀" * 2_500, "<b>" + "🙏 cảm ơn " * 900 + "</b>", "𝐁" * 4_097],
    ids=["emoji", "astral-name", "bold-emoji-lines", "one-over"],
)
def test_long_texts_of_characters_beyond_u_ffff_are_split_the_way_telegram_counts(text: str) -> None:
    """Telegram counts UTF-16 code units: an emoji is two. Every part must be accepted, nothing lost."""
    parts = split_message(text)
    assert all(rejection("sendMessage", {"text": part, "parse_mode": "HTML"}) is None for part in parts)
    assert all(len(part.encode("utf-16-le")) // 2 <= 4096 for part in parts)
    if "<" not in text:
        assert "".join(parts).replace("\n", "") == text.replace("\n", "")


# ----- a user who starts one thing in the middle of another -----------------------------------------
async def test_a_support_request_started_in_the_middle_of_an_eligibility_check_gets_its_answers(
    settings: Settings, shipped: Snapshot
) -> None:
    """Found by the soak benchmark: the check's "please use the buttons" used to swallow the form's answers."""
    config = settings.model_copy(update={"staff_user_ids": {STAFF}, "staff_chat_id": STAFF_CHAT, "watch_policies": False})
    async with running_bot(config, KnowledgeStore(shipped)) as bot:
        [choose] = await bot.say("/kiemtra")
        assert choose.text == texts.CHECK_CHOOSE
        first = next(b["callback_data"] for row in choose.buttons for b in row if b["callback_data"] != "el:-")
        _, question = await bot.press(first, choose)
        assert question.text.startswith("❓ <b>Câu 1/")
        intro, ask_name = await bot.say("/yeucau", expect=2)
        assert (intro.text, ask_name.text) == (texts.REQ_INTRO, texts.REQ_ASK_NAME)
        [reply] = await bot.say("Nguyễn Thị Lan")
        assert reply.text == texts.REQ_ASK_BUSINESS
        [reply] = await bot.say("Cơ sở bánh tráng Tư Lan")
        assert reply.text == texts.REQ_ASK_COMMUNE
        # The check is still there for its buttons.
        _, still = await bot.press(question.buttons[0][0]["callback_data"], question)
        assert still.text.startswith("❓ <b>Câu 2/") or still.text.startswith("📋 <b>Kết quả kiểm tra điều kiện</b>")
