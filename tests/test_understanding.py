"""Messages as people type them, through the real Application and the HTTP Bot API stand-in: words
read with their diacritics, small talk and complaints, long stories, two questions in one message,
near ties, and out-of-scope topics that say where to ask instead."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.matching.asking import asks_nothing, only_tells, question_core, says_none
from bot.matching.evaluation import evaluate, load_questions
from bot.matching.focus import asks_how
from bot.matching.results import Band, Match, MatchResult
from bot.policies.store import KnowledgeStore
from bot.render import texts
from bot.replies import reply_for, turns_to_another
from bot.snapshot import Snapshot
from tests.support.botapi import BotHarness, running_bot
from tests.support.desk import Desk, data_of, desk_settings, running_desk
from tests.support.replies import CONTACT

HANDOFF = ["✉️ Gửi câu hỏi cho cán bộ", "📚 Tra cứu chính sách", "📞 Liên hệ"]
GREETING = "Chào bạn! 😊 Bạn muốn hỏi gì về chính sách khuyến công? Bạn cứ gõ câu hỏi, hoặc chọn /chinhsach để xem danh sách."
THANKS = "Rất vui được giúp bạn! Nếu còn thắc mắc, bạn cứ hỏi tiếp nhé. 😊"
ACK = "Vâng! 😊 Khi cần thêm thông tin, bạn cứ gõ câu hỏi hoặc chọn /chinhsach nhé."
COMPLAINT = (
    "Xin lỗi bạn vì sự bất tiện này. 🙏 Bạn bấm «✉️ Gửi câu hỏi cho cán bộ» để cán bộ Trung tâm "
    "Khuyến công trả lời trực tiếp, hoặc gọi theo thông tin ở /lienhe."
)
GRIEVANCE = (
    "Tôi rất tiếc khi nghe điều này. 🙏 Nếu muốn hỏi về chính sách khuyến công, bạn cứ gõ câu hỏi. Cần cán bộ "
    "Trung tâm Khuyến công giúp trực tiếp, bạn bấm «✉️ Gửi câu hỏi cho cán bộ» hoặc gọi theo thông tin ở /lienhe."
)
HOI_CHO = "Hỗ trợ tham gia hội chợ, triển lãm hàng công nghiệp nông thôn"
HOI_CHO_BUTTON = "Hỗ trợ tham gia hội chợ, triển lãm hàng công nghiệp nông th…"
MAY_MOC = "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ"
DAO_TAO = "Đào tạo nghề, truyền nghề, nâng cao tay nghề cho người lao động"
DAO_TAO_BUTTON = "Đào tạo nghề, truyền nghề, nâng cao tay nghề cho người lao …"


@pytest.fixture
async def bot(settings: Settings, shipped: Snapshot) -> AsyncIterator[BotHarness]:
    """The bot on the shipped knowledge base."""
    async with running_bot(settings, KnowledgeStore(shipped)) as harness:
        yield harness


@pytest.fixture
async def desk(data_dir: Path, shipped: Snapshot) -> AsyncIterator[Desk]:
    """The bot with its request desk on the embedded SQLite database."""
    async with running_desk(desk_settings(data_dir), KnowledgeStore(shipped)) as running:
        yield running


def title_of(shipped: Snapshot, policy_id: str) -> str:
    return shipped.kb.policies[policy_id].title


def test_the_texts_written_here_are_the_bots(shipped: Snapshot) -> None:
    assert (texts.GREETING, texts.THANKS, texts.ACK, texts.COMPLAINT) == (GREETING, THANKS, ACK, COMPLAINT)
    assert texts.GRIEVANCE == GRIEVANCE
    assert title_of(shipped, "hoi-cho-trien-lam") == HOI_CHO
    assert title_of(shipped, "dao-tao-nghe") == DAO_TAO


# ----- 1. words read with their diacritics -----------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "hội chợ ở Đà Lạt có được hỗ trợ tiền thuê gian hàng không",  # "hội" is not the filler "hỏi"
        "hoi cho o da lat co duoc ho tro tien thue gian hang khong",
        "dạ cho em hỏi đi hội chợ thì được hỗ trợ gì ạ",  # "dạ" is not "đề án"
    ],
)
async def test_a_fair_question_is_answered_with_or_without_diacritics(bot: BotHarness, question: str) -> None:
    [card] = await bot.say(question)
    assert card.text.startswith(f"<b>{HOI_CHO}</b>\n\n")


@pytest.mark.parametrize("text", ["dạ vâng em cảm ơn ạ", "da vang em cam on a", "dạ em cảm ơn nhiều"])
async def test_polite_thanks_is_thanks_not_a_pollution_question(bot: BotHarness, text: str) -> None:
    [reply] = await bot.say(text)
    assert reply.text == THANKS
    assert reply.buttons == []


# ----- 2. small talk and complaints ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("ok", ACK), ("oke", ACK), ("oki", ACK), ("dạ", ACK), ("vâng ạ", ACK), ("👍", ACK), ("ok để mình xem", ACK),
     ("em cảm ơn ạ", THANKS), ("tks ad", THANKS), ("alo có ai không", GREETING), ("chào buổi tối", GREETING),
     ("cảm ơn bạn đã tư vấn nhiệt tình", THANKS), ("oke bot, để mai mình gọi", ACK), ("ad có đó không ạ", GREETING),
     ("hi, mình mới vô nhóm", GREETING)],
)
async def test_small_talk_gets_a_short_friendly_reply_and_nothing_else(bot: BotHarness, text: str, expected: str) -> None:
    [reply] = await bot.say(text)
    assert reply.text == expected
    assert reply.buttons == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("bạn là ai", texts.ABOUT_BOT), ("bot là người hay máy vậy", texts.ABOUT_BOT), ("ai đang trả lời vậy ad", texts.ABOUT_BOT),
     ("chưa hiểu lắm", texts.UNCLEAR), ("giải thích lại giúp em được không", texts.UNCLEAR),
     ("noi de hieu hon dc ko ad", texts.UNCLEAR), ("em là người thật hay máy trả lời đấy?", texts.ABOUT_BOT),
     ("bot là ai dợ, người thật hay máy", texts.ABOUT_BOT), ("ai trả lời đấy", texts.ABOUT_BOT)],
)
async def test_who_answers_or_an_answer_not_understood_points_to_a_human(
    bot: BotHarness, text: str, expected: str
) -> None:
    [reply] = await bot.say(text)
    assert reply.text == expected
    assert reply.button_texts() == HANDOFF


@pytest.mark.parametrize(
    ("text", "policy"),
    [("em không hiểu hồ sơ xin hỗ trợ gồm những gì", "thu-tuc-ho-so"), ("ai được hưởng khuyến công", "doi-tuong-ap-dung")],
)
def test_not_understanding_a_policy_or_asking_who_qualifies_is_a_question(shipped: Snapshot, text: str, policy: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)


@pytest.mark.parametrize(
    "text",
    ["hỏi mãi không được", "gửi 1 tuần rồi mà chưa ai trả lời", "goi dien len so hotline ma khong ai bat may",
     "tui đợi mấy bữa hổng thấy ai liên lạc", "cho tôi nói chuyện với người thật",
     "trả lời như không, hỏi cái gì cũng bảo liên hệ cán bộ thì cần bot làm gì"],
)
async def test_a_complaint_gets_an_apology_and_the_way_to_a_human(bot: BotHarness, text: str) -> None:
    [reply] = await bot.say(text)
    assert reply.text == COMPLAINT
    assert reply.button_texts() == HANDOFF


async def test_a_complaint_from_someone_with_requests_also_shows_where_they_stand(desk: Desk) -> None:
    request = desk.create()
    [reply] = await desk.say("gửi 1 tuần rồi mà chưa ai trả lời")
    assert reply.text.startswith(COMPLAINT + "\n\n📂 <b>Yêu cầu của bạn</b>\n")
    assert f"<b>{request.code}</b>" in reply.text
    assert "🆕 Mới tiếp nhận" in reply.text
    assert reply.button_texts() == HANDOFF


# ----- 3. long stories and natural wording -----------------------------------------------------------
STORY = (
    "Nhà tôi làm mây tre đan ở xã Phú Vinh đã ba đời. Trước đây cả xóm làm tay, giờ đơn hàng xuất khẩu nhiều "
    "mà thợ thì ít dần. Con trai tôi mới học xong trung cấp cơ khí và về phụ bố mẹ. Nhà định vay thêm người "
    "thân để đầu tư. Mua máy chẻ nan và máy vót nan tự động thì khuyến công có hỗ trợ một phần tiền không?"
)


@pytest.mark.parametrize(
    "question", [STORY, "mua cái máy cnc khắc gỗ thì có được hỗ trợ tiền không", "bên mình thì là muốn mua máy chẻ nan"]
)
async def test_what_the_person_wants_decides_not_the_story_around_it(bot: BotHarness, question: str) -> None:
    [card] = await bot.say(question)
    assert card.text.startswith(f"<b>{MAY_MOC}</b>\n\n")


POINTING_BACK = (
    "Xưởng nhuộm của tôi xả nước thải ra kênh, xã đã nhắc nhiều lần. Tôi nghe có chính sách hỗ trợ cơ sở gây ô "
    "nhiễm chuyển vào cụm công nghiệp. Chính sách đó hỗ trợ những gì?"
)


async def test_a_question_that_points_back_is_read_with_the_story_before_it(bot: BotHarness, shipped: Snapshot) -> None:
    [card] = await bot.say(POINTING_BACK)  # alone, "chính sách đó hỗ trợ những gì" is "what is khuyến công"
    assert card.text.startswith(f"<b>{title_of(shipped, 'di-doi-o-nhiem')}</b>\n\n")


# ----- 4. two questions in one message ---------------------------------------------------------------
async def test_two_questions_in_one_message_offer_both_answers(bot: BotHarness) -> None:
    [reply] = await bot.say("cho hỏi mở lớp đào tạo nghề thế nào, và tham gia hội chợ được hỗ trợ bao nhiêu?")
    assert reply.text == f"Bạn hỏi 2 việc. Bạn bấm vào từng việc để xem câu trả lời:\n• {DAO_TAO}\n• {HOI_CHO}"
    assert reply.button_texts() == [DAO_TAO_BUTTON, HOI_CHO_BUTTON, "Không phải"]
    answered, card = await bot.press(data_of(reply, HOI_CHO_BUTTON), reply)
    assert answered.method == "answerCallbackQuery"
    assert card.text.startswith(f"<b>{HOI_CHO}</b>\n\n")


@pytest.mark.parametrize(
    "text",
    [
        "Mua máy cnc có được hỗ trợ không? Còn đi hội chợ thì được hỗ trợ bao nhiêu?",
        "1. Mua máy cnc cho xưởng gỗ\n2. Tham gia hội chợ có được hỗ trợ tiền gian hàng không",
        "Xưởng em muốn mua máy cnc khắc gỗ mới. Còn đi hội chợ thì có được hỗ trợ gian hàng không?",
        "Xưởng tôi làm đồ gỗ. Cho hỏi 2 việc: 1) mua máy cnc có được hỗ trợ không 2) đi hội chợ có được hỗ trợ "
        "gian hàng không",  # numbered on one line
    ],
)
async def test_two_questions_of_their_own_offer_both_even_when_one_half_is_less_clear(
    bot: BotHarness, text: str
) -> None:
    [reply] = await bot.say(text)
    assert reply.text == f"Bạn hỏi 2 việc. Bạn bấm vào từng việc để xem câu trả lời:\n• {MAY_MOC}\n• {HOI_CHO}"


@pytest.mark.parametrize(
    "switch",
    ["còn", "thêm nữa", "ngoài ra"],
)
async def test_a_word_turning_to_another_matter_lets_a_less_clear_first_half_count(bot: BotHarness, switch: str) -> None:
    # The story before "mua máy" blurs the first half; the word that turns to another matter says that a
    # second question starts.
    [reply] = await bot.say(
        f"xưởng mộc tôi muốn chuyển sang làm đồ xuất khẩu vậy mua máy có được hỗ trợ không, {switch} đi hội chợ "
        "thì có hỗ trợ gian hàng không"
    )
    assert reply.text == f"Bạn hỏi 2 việc. Bạn bấm vào từng việc để xem câu trả lời:\n• {MAY_MOC}\n• {HOI_CHO}"


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Hộ kinh doanh làm đồ gỗ ở xã có được hưởng khuyến công không? Nếu được thì cho xin số điện thoại của "
         "trung tâm.", "doi-tuong-ap-dung", "lien-he"),
        ("mua máy ép viên nén có được hỗ trợ không, cho mình xin luôn địa chỉ trung tâm khuyến công",
         "may-moc-thiet-bi", "lien-he"),
        # A want, then a request of its own by the way ("Tiện cho em xin…"); a voice "…không mà nếu được thì…".
        ("Cơ sở em làm nước mắm ở Cát Hải muốn được hỗ trợ đi hội chợ ở Hà Nội. Tiện cho em xin số điện thoại "
         "Trung tâm Khuyến công thành phố luôn.", "hoi-cho-trien-lam", "lien-he"),
        ("cơ sở tui muốn đưa máy đóng gói tự động vô sản xuất có được khuyến công hỗ trợ không mà nếu được thì cho "
         "tui xin số điện thoại cán bộ phụ trách", "may-moc-thiet-bi", "lien-he"),
        # "Xong rồi muốn…" after a want: a second want of its own.
        ("Cơ sở chị làm mứt gừng muốn thiết kế nhãn mác và đăng ký nhãn hiệu riêng. Xong rồi muốn đưa sản phẩm đi "
         "hội chợ triển lãm luôn, được không?", "thuong-hieu", "hoi-cho-trien-lam"),
        # A lead that says one more question follows ("sẵn cho hỏi", "với lại", "Ngoài ra,", "Thứ hai,")…
        ("Nghề làm hương có thuộc ngành được hỗ trợ không, sẵn cho hỏi mua máy se hương thì được hỗ trợ bao nhiêu?",
         "nganh-nghe-uu-tien", "may-moc-thiet-bi"),
        ("Lò sấy cau nhà tôi muốn làm mô hình trình diễn công nghệ sấy mới thì được hỗ trợ bao nhiêu, với lại hồ sơ "
         "đăng ký gồm những giấy tờ gì?", "mo-hinh-trinh-dien", "thu-tuc-ho-so"),
        ("Cháu có 2 câu ạ. Thứ nhất, xưởng nước mắm của gia đình có được hỗ trợ sản xuất sạch hơn không? Thứ hai, "
         "muốn tham gia bình chọn sản phẩm công nghiệp nông thôn tiêu biểu thì làm thế nào?",
         "san-xuat-sach-hon", "san-pham-tieu-bieu"),
        ("xuong go nha toi muon xu ly bui va tieng on de khoi bi di doi thi duoc ho tro gi san cho hoi luon di hoi "
         "cho o ha noi co duoc ho tro gian hang khong", "di-doi-o-nhiem", "hoi-cho-trien-lam"),
        # …and a want that names a topic, stated rather than asked ("Em muốn biết…", "…và cũng cần…").
        ("Em muốn biết mức hỗ trợ đào tạo nghề thêu cho lao động nữ. Ngoài ra, làng thêu em muốn đi tham quan học "
         "tập kinh nghiệm ở tỉnh khác thì có được hỗ trợ không?", "dao-tao-nghe", "tham-quan-hoc-tap"),
        ("Xưởng mây tre đan của chị muốn làm website bán hàng online và cũng cần hỗ trợ thiết kế logo, bao bì cho "
         "sản phẩm.", "chuyen-doi-so", "thuong-hieu"),
        # Voice typed: two paired wants ("vừa muốn…, vừa muốn…"), a sentence opening "À mà…", and "với" after a
        # question that has ended; "mấy móc" is how a recogniser writes máy móc.
        ("dạ em vừa muốn xin hỗ trợ thành lập doanh nghiệp vừa muốn học lớp quản trị cho chủ cơ sở",
         "thanh-lap-doanh-nghiep", "nang-luc-quan-ly"),
        ("Chị mới nhận lại xưởng của bố, muốn học lớp quản trị cho chủ cơ sở. À mà bên mình có hỗ trợ làm website "
         "bán hàng không?", "nang-luc-quan-ly", "chuyen-doi-so"),
        ("alo cho em hỏi mua mấy móc cho xưởng mộc thì được hỗ trợ bao nhiêu tiền với hồ sơ nộp ở đâu",
         "may-moc-thiet-bi", "thu-tuc-ho-so"),
    ],
)
async def test_a_question_then_a_request_or_a_second_question_led_in_are_two_things(
    bot: BotHarness, shipped: Snapshot, text: str, first: str, second: str
) -> None:
    [reply] = await bot.say(text)
    assert reply.text == (
        "Bạn hỏi 2 việc. Bạn bấm vào từng việc để xem câu trả lời:\n"
        f"• {title_of(shipped, first)}\n• {title_of(shipped, second)}"
    )


@pytest.mark.parametrize(
    ("text", "policy_id"),
    [
        # "Ngoài ra" adds to a story that asks nothing before it; a negated want or a want before a bare
        # comma is what the one question is about.
        ("Cơ sở tôi làm đồ gỗ ở Đồng Kỵ, xưởng rộng 500 mét vuông, có 15 thợ. Ngoài ra tôi còn có một cửa hàng nhỏ "
         "ở Hà Nội. Muốn làm mô hình trình diễn máy sơn tĩnh điện thì được hỗ trợ bao nhiêu?", "mo-hinh-trinh-dien"),
        ("Xưởng tinh bột mì của tôi mỗi tháng tiền điện hơn 200 triệu, bã thì chưa biết đổ đi đâu. Tôi không muốn "
         "dời xưởng, chỉ muốn tiết kiệm điện nước, giảm chất thải ngay tại chỗ. Khuyến công có hỗ trợ đánh giá sản "
         "xuất sạch hơn không?", "san-xuat-sach-hon"),
        ("Tụi tui mấy lò bánh tráng muốn hùn lại lập chung một hội, có ai hỗ trợ giấy tờ với chi phí hông?",
         "lien-ket-hiep-hoi"),
        # "còn" after a comma in a story that asks nothing yet says "and also", not "and as for…".
        ("Tụi tôi có 6 cơ sở làm nước mắm, lâu nay ai làm nấy, còn phá giá nhau. Giờ anh em muốn lập hội để cùng "
         "giữ giá. Lập hiệp hội kiểu này khuyến công có hỗ trợ không?", "lien-ket-hiep-hoi"),
        # "…chưa nhận đồng nào.": a question word under a negation says "nothing", the sentence asks nothing.
        ("Xưởng tôi được duyệt đề án mua máy dệt tháng 8 năm 2025, trước khi nghị định mới có hiệu lực. Máy đã "
         "chạy nhưng chưa nghiệm thu, chưa nhận đồng nào. Đề án duyệt theo quy định cũ như thế thì có còn được làm "
         "tiếp không?", "nghi-dinh-235-diem-moi"),
        # A question sentence that opens by drawing on the story ("Rứa chừ…", "Vậy…") is the story's one question.
        ("Xã tui mới sáp nhập, cán bộ mới hỏi chi cũng không biết khuyến công là chi. Rứa chừ cơ sở ở xã mới có "
         "còn thuộc diện được hỗ trợ không?", "doi-tuong-ap-dung"),
    ],
)
async def test_a_story_with_a_want_or_a_turn_asks_one_question(
    bot: BotHarness, shipped: Snapshot, text: str, policy_id: str
) -> None:
    [card] = await bot.say(text)
    assert card.text.startswith(f"<b>{title_of(shipped, policy_id)}</b>\n\n")


async def test_a_second_question_followed_by_a_word_about_the_asker_is_still_a_question(
    bot: BotHarness, shipped: Snapshot
) -> None:
    [reply] = await bot.say("Sản xuất sạch hơn là gì vậy, và những ai thì được hưởng? Xưởng tôi chỉ có năm thợ.")
    assert reply.text == (
        "Bạn hỏi 2 việc. Bạn bấm vào từng việc để xem câu trả lời:\n"
        f"• {title_of(shipped, 'san-xuat-sach-hon')}\n• {title_of(shipped, 'doi-tuong-ap-dung')}"
    )


async def test_a_message_that_says_it_asks_two_things_offers_both(bot: BotHarness, shipped: Snapshot) -> None:
    [reply] = await bot.say("Xưởng em muốn làm lại logo, bao bì và đi hội chợ ở Hà Nội, cả hai việc có được hỗ trợ không?")
    thuong_hieu = title_of(shipped, "thuong-hieu")
    assert reply.text == f"Bạn hỏi 2 việc. Bạn bấm vào từng việc để xem câu trả lời:\n• {thuong_hieu}\n• {HOI_CHO}"


@pytest.mark.parametrize(
    "question",
    [
        "mô hình trình diễn là gì vậy, cơ sở nhỏ có làm được không",
        "san xuat sach hon la gi, co ho tro khong",
        # a tail that asks only how much, of no topic of its own, though an example has its words
        "Xưởng gỗ muốn làm mô hình trình diễn máy chà nhám mới có được hỗ trợ không, và hỗ trợ bao nhiêu?",
    ],
)
async def test_a_generic_tail_is_not_a_second_question(bot: BotHarness, question: str) -> None:
    [card] = await bot.say(question)
    assert not card.text.startswith("Bạn hỏi 2 việc")
    assert card.text.startswith("<b>")


@pytest.mark.parametrize(
    ("text", "policy_id"),
    [
        # A detail of the first question, asked in the same sentence: its prize, its members, its fee…
        ("sp cnnt tieu bieu cap tinh duoc cong nhan thi co loi ich gi, co tien thuong khong", "san-pham-tieu-bieu"),
        ("tụi em mấy lò gốm muốn lập hội, bên khuyến công có giúp ko vs tối thiểu bn thành viên", "lien-ket-hiep-hoi"),
        ("muốn đăng ký nhãn hiệu cho mứt sen, khuyến công có đỡ phí đăng ký ko", "thuong-hieu"),
        # …or a clause that says why ("chớ…", "vì…"): the machine is the reason for the advance, not asked.
        ("Tui nộp hồ sơ xin hỗ trợ từ đầu năm, được duyệt rồi. Bao giờ mới giải ngân vậy? Có tạm ứng trước được "
         "hông, chớ tiền mua máy đang thiếu.", "thu-tuc-ho-so"),
    ],
)
async def test_a_detail_or_a_reason_after_a_question_is_no_second_question(
    bot: BotHarness, shipped: Snapshot, text: str, policy_id: str
) -> None:
    [card] = await bot.say(text)
    assert card.text.startswith(f"<b>{title_of(shipped, policy_id)}</b>\n\n")


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        # "à mà" after a comma, as at a sentence start; a want late in a long first clause still asks.
        ("Mấy lò rèn trong xóm muốn liên kết làm ăn chung, à mà có hỗ trợ đi tham quan học tập ở làng rèn khác "
         "không?", "lien-ket-hiep-hoi", "tham-quan-hoc-tap"),
        # "nhiêu" alone asks how much ("bao nhiêu" spoken short).
        ("Mua máy đóng gói được hỗ trợ nhiêu tiền, với lại hồ sơ gửi đâu vậy?", "may-moc-thiet-bi", "thu-tuc-ho-so"),
        # "còn…" carries the first's words along ("sản phẩm được chọn"); it asks about the fair it names. The
        # first asks when mid-clause ("bao giờ nhận hồ sơ").
        ("Cuộc bình chọn sản phẩm tiêu biểu cấp tỉnh bao giờ nhận hồ sơ, còn sản phẩm được chọn rồi thì có được "
         "ưu tiên đi hội chợ không?", "san-pham-tieu-bieu", "hoi-cho-trien-lam"),
        # A second half that closes on a request in a clause of its own ("…, cho tôi số luôn").
        ("Xưởng chổi đót nhà tôi có thuộc diện được hưởng khuyến công không? Chưa rõ thì tôi liên hệ ai ở trung "
         "tâm khuyến công, cho tôi số luôn nhé.", "doi-tuong-ap-dung", "lien-he"),
    ],
)
async def test_a_second_question_marked_or_asked_in_its_own_words_offers_both(
    bot: BotHarness, shipped: Snapshot, text: str, first: str, second: str
) -> None:
    [reply] = await bot.say(text)
    assert reply.text == (
        "Bạn hỏi 2 việc. Bạn bấm vào từng việc để xem câu trả lời:\n"
        f"• {title_of(shipped, first)}\n• {title_of(shipped, second)}"
    )


# ----- 5. two relevant topics splitting the score ----------------------------------------------------
async def test_a_near_tie_offers_both_topics(bot: BotHarness) -> None:
    [reply] = await bot.say("chi phí")
    assert reply.text.startswith("🤔 Có phải bạn muốn hỏi về:\n")
    assert len(reply.button_texts()) == 4  # three options, then "Không phải"


# ----- 6. near misses and where to ask ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("hội chợ việc làm tháng tới tổ chức ở đâu",
         "Câu hỏi về <b>việc làm, tuyển dụng, hội chợ việc làm</b> không thuộc chính sách khuyến công nên tôi chưa "
         "trả lời được. Bạn nên hỏi <b>Trung tâm dịch vụ việc làm của tỉnh</b>."),
        ("trạm khuyến nông ở xã nằm ở đâu",
         "Câu hỏi về <b>khuyến nông, trồng trọt, chăn nuôi, thủy sản, rừng và lâm sản</b> không thuộc chính sách khuyến "
         "công nên tôi chưa trả lời được. Bạn nên hỏi <b>Trung tâm khuyến nông, hạt kiểm lâm hoặc cơ quan nông nghiệp ở "
         "địa phương</b>."),
        ("thuế môn bài hộ kinh doanh nộp bao nhiêu",
         "Câu hỏi về <b>thuế, phí, lệ phí</b> không thuộc chính sách khuyến công nên tôi chưa trả lời được. "
         "Bạn nên hỏi <b>cơ quan thuế quản lý cơ sở của bạn</b>."),
        ("cây bưởi bị sâu bệnh vàng lá thì làm sao",
         "Câu hỏi về <b>khuyến nông, trồng trọt, chăn nuôi, thủy sản, rừng và lâm sản</b> không thuộc chính sách khuyến "
         "công nên tôi chưa trả lời được. Bạn nên hỏi <b>Trung tâm khuyến nông, hạt kiểm lâm hoặc cơ quan nông nghiệp ở "
         "địa phương</b>."),
        # A selling platform's fees are not khuyến công's chuyển đổi số, whatever the platform's name.
        ("tháng này sàn Lazada thu phí sàn mấy phần trăm",
         "Câu hỏi về <b>tài khoản mạng xã hội, phí sàn và chương trình của sàn, điện thoại, internet</b> không thuộc "
         "chính sách khuyến công nên tôi chưa trả lời được. Bạn nên hỏi <b>nhà mạng hoặc bộ phận hỗ trợ của ứng dụng, sàn bán hàng bạn "
         "dùng</b>."),
    ],
)
async def test_an_out_of_scope_question_says_where_to_ask_instead(bot: BotHarness, question: str, head: str) -> None:
    [reply] = await bot.say(question)
    assert reply.text == (
        head + "\n\nNếu việc này liên quan đến cơ sở sản xuất của bạn, tôi có thể chuyển câu hỏi cho cán bộ khuyến "
        "công, hoặc bạn liên hệ trực tiếp:\n\n" + CONTACT
    )
    assert reply.button_texts() == HANDOFF


@pytest.mark.parametrize(
    ("question", "policy"),
    [
        # It names khuyến công: not a business-licence question, whatever else it mentions.
        ("cơ sở chưa đăng ký kinh doanh thì có được hưởng khuyến công không", "doi-tuong-ap-dung"),
        # A grievance told before a question of its own: the question is answered, no apology.
        ("bị hàng xóm khiếu nại khói bụi, có được hỗ trợ xử lý ô nhiễm không", "di-doi-o-nhiem"),
    ],
)
def test_a_question_is_answered_even_beside_an_out_of_scope_word_or_a_grievance(
    shipped: Snapshot, question: str, policy: str
) -> None:
    reply = reply_for(shipped, question, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)


@pytest.mark.parametrize(
    "text",
    [
        "Năm nay giá gỗ lên mà bàn ghế bán không được giá, lỗ vốn cả năm.",
        "Lớp tập huấn máy móc hôm trước toàn lý thuyết, phí công nghỉ làm đi học.",
        "Trang nộp hồ sơ trực tuyến cứ báo lỗi hoài, chán ghê.",
        "Xưởng bên cạnh làm ẩu mà được hỗ trợ máy, thiên vị quá.",
        "Gỗ lên giá, bán bàn ghế ra chẳng còn lãi, khổ thật.",
        "Chương trình hỗ trợ thì có, mà lúc cần thì chả thấy, toàn về tay người quen.",
        "Đi tham quan mô hình ở tỉnh bạn mấy lần, tiền xe tiền ăn tốn kém quá.",
        "Chính sách chỉ dành cho doanh nghiệp lớn, hộ làm mắm như nhà tôi có bao giờ được đâu.",
        # A loss, an unfairness or a burden told as an idiom, or a grievance closing a longer message.
        "Ra chợ phiên bán ba ngày, lỗ cả tiền thuê xe chở hàng.",
        "Bán trên sàn mà phí sàn ăn hết lãi, mần ăn hổng nổi.",
        "Mẫu đề án dài cả chục trang, người già như tôi viết sao nổi.",
        "Hội thảo toàn tổ chức trên thành phố, dân miền núi như tụi tôi đi một chuyến mất hai ngày, thiệt thòi quá.",
        # A rhetorical denial, or "nothing came of it", read as told, not as "where" or "what".
        "Cán bộ về ghi chép rồi đi, có ai quay lại hỏi han gì đâu.",
        "Mấy ông ngồi phòng máy lạnh chứ có ra xưởng bao giờ đâu mà biết thợ gốm cực thế nào.",
        "Làng nón bao năm nay chưa từng được ai hỗ trợ chi.",
        "Cán bộ trên tỉnh đâu hiểu dân làm bánh tráng cực thế nào.",
        # Left out, help seen only on the news, training for show, paperwork given up on.
        "Hộ nhỏ như tụi tui thì có phần đâu, tiền hỗ trợ toàn rơi vào xưởng lớn.",
        "Thợ đúc đồng như tui chẳng ai ngó ngàng, chính sách chỉ thấy trên báo đài.",
        "Chương trình khuyến công nghe thì to tát lắm mà về tới làng nghề thì chẳng còn lại gì.",
        "Đi tập huấn về thương hiệu hai buổi, nghe xong về vẫn mù tịt, học cũng như không.",
        "Lớp học nghề nói qua loa cho xong chuyện, về làm chẳng ra hồn.",
        "Hỗ trợ có mấy triệu mà máy cả tỷ, như muối bỏ biển.",
        "Đường vô xóm nghề toàn ổ gà, mưa xuống là xe hàng không vô nổi.",
        "Xin hỗ trợ làm nhãn mác mà giấy tờ đòi đủ thứ, thôi dẹp, tự bỏ tiền ra làm cho rồi.",
    ],
)
def test_a_grievance_that_asks_nothing_is_a_complaint_despite_policy_words(shipped: Snapshot, text: str) -> None:
    assert reply_for(shipped, text, date.today()).kind == "complaint"


@pytest.mark.parametrize(
    "text",
    [
        # A story that closes on a feeling (Nam Bộ, Trung, Bắc; with or without diacritics).
        "Làm hồ sơ xin hỗ trợ máy sấy mà sửa tới sửa lui cả chục lần. Chán thiệt chớ.",
        "Lò gốm nhà tui đốt củi bị phạt, giờ đổi lò ga thì hết vốn. Buồn gì đâu á.",
        "Mẻ bánh phồng tôm tuần này ẩm hết, đổ bỏ cả trăm ký. Xót ruột quá trời.",
        "Tập huấn chuyển đổi số cả ngày mà về nhà mở máy vẫn không biết làm. Nản lắm.",
        "Cả làng làm chiếu cói mà không trụ nổi với hàng nhựa. Buồn thiệt sự.",
        "Tiền thuê gian hội chợ thì trả trước, tiền hỗ trợ thì chờ nửa năm. Ngán ngẩm.",
        "Nghề đan lát giờ khó khăn quá, cả làng bỏ nghề hết. Tiếc ghê.",
        "Nhà tui giữ nghề rèn ba đời, giờ con cháu không đứa nào chịu theo. Buồn.",
        "Năm ngoái đăng ký sản phẩm tiêu biểu mà tới vòng tỉnh thì rớt. Tức điên cả người.",
        "Giá inox lên vùn vụt, làm nồi bán ra lỗ vốn, tui bực mình ghê luôn.",
        "Gửi đề án khuyến công từ tháng tư, giờ đã sang tháng mười rồi 😡",
        "met that su, nop ho so 3 lan van bi tra ve",
        # …or opens on one.
        "Mệt răng mà mệt, giấy tờ chi mà nhiều rứa.",
        "Buồn chi lạ, làm nón lá cả đời mà giờ không ai mua.",
        "Nghĩ mà tức, xưởng bên kia làm ẩu mà lại được chọn.",
        # Venting in words of its own: effort for nothing, running between offices, sarcasm.
        "Thợ học nghề xong lại bỏ qua công ty khác làm, mấy tháng dạy coi như công cốc.",
        "Ra xã hỏi thì bảo lên huyện, lên huyện bảo về xã, đi tới đi lui cả tuần.",
        "Mở bot ra mà hỏi câu nào cũng biểu gọi tổng đài, làm chi cho tốn tiền thuế.",
    ],
)
def test_venting_that_asks_nothing_is_heard_as_venting(shipped: Snapshot, text: str) -> None:
    # Which of the two texts depends on the words (see the next test); neither is a policy card.
    reply = reply_for(shipped, text, date.today())
    assert reply.kind == "complaint" and reply.html in (COMPLAINT, GRIEVANCE)


@pytest.mark.parametrize(
    ("text", "kind", "policy"),
    [
        # Giving up on applying asks for nothing, whatever "xin", "gì mà" or "đâu" it says on the way.
        ("Mẫu đơn gì mà khó hiểu quá, thôi khỏi nộp cho khỏe.", "complaint", None),
        ("Lên xã ba lần vẫn thiếu giấy, tui bó tay, không đăng ký nữa đâu.", "complaint", None),
        ("hồ sơ máy sấy gì mà bắt sửa hoài, thôi bỏ, không xin nữa", "complaint", None),
        ("Viết đề án sao mà khó thế, chịu thua luôn.", "complaint", None),
        ("giay to nhieu qua troi, thoi khoi lam cho roi", "complaint", None),
        # …or says it cannot be managed, by a question that asks nothing.
        ("Hồ sơ xin hỗ trợ máy mà đòi cả chục thứ giấy, dân quê như tui biết đâu mà lần.", "complaint", None),
        ("Hội chợ thì xa, tiền xe tốn hơn tiền bán, đi làm chi cho cực.", "complaint", None),
        ("giay to gi ma nhieu qua, nguoi gia sao ma lam noi", "complaint", None),
        ("Mấy cái đề án khuyến công đó toàn dành cho xưởng lớn, hộ nhỏ như tui xin sao nổi.", "complaint", None),
        ("Tui già rồi, chữ nghĩa đâu mà viết đề án, thôi để con cháu nó lo.", "complaint", None),
        ("Giấy tờ gì mà nhiều vậy, hồ sơ xin hỗ trợ máy gồm những gì?", "answer", "thu-tuc-ho-so"),
        # …but a question asked beside it, or after "không … nữa" as a condition, is answered.
        ("Thủ tục rắc rối quá, thôi khỏi xin máy, giờ chỉ hỏi lớp dạy nghề thêu có mở không?", "answer",
         "dao-tao-nghe"),
        ("Nếu không làm nghề nữa thì có phải trả lại tiền hỗ trợ máy không?", "answer", "thu-tuc-ho-so"),
        # Someone asked to help with something named asks for that help, not whether anyone answers.
        ("Hồ sơ nhiêu khê quá, có ai hướng dẫn tôi viết đề án xin hỗ trợ máy không?", "answer", "thu-tuc-ho-so"),
        ("xưởng ép dầu lạc nhà tôi nhỏ, muốn làm bài bản hơn mà chưa biết làm sao, có ai tư vấn giúp không",
         "answer", "tu-van"),
        # …but a plea that names what it is about leans on the story when the whole is clear.
        ("nhà làm bánh tráng, muốn có nhãn hiệu riêng, có ai hướng dẫn đăng ký không", "answer", "thuong-hieu"),
    ],
)
def test_giving_up_asks_nothing_and_asking_for_help_with_something_asks(
    shipped: Snapshot, text: str, kind: str, policy: str | None
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == (kind, policy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # About the service: an apology.
        ("Nhắn từ hôm qua mà chưa ai trả lời", COMPLAINT),
        ("gọi mấy lần không ai bắt máy", COMPLAINT),
        # …and a short protest after it asks which of nothing ("vậy là thế nào?").
        ("Nhắn bot hỏi hội chợ mà không ai trả lời, vậy là thế nào?", COMPLAINT),
        # Venting about prices, losses, officials or a trade: sympathy, and the ways on.
        ("Năm nay giá gỗ lên mà bàn ghế bán không được giá, lỗ vốn cả năm.", GRIEVANCE),
        ("Nhà tui giữ nghề rèn ba đời, giờ con cháu không đứa nào chịu theo. Buồn.", GRIEVANCE),
        # A story that asks nothing at all.
        (
            "Xưởng tôi đăng ký lớp dạy nghề cho thợ từ đầu năm, tới giờ lớp vẫn chưa mở. "
            "Thợ mới vào làm hư hàng liên tục, tháng này bù lỗ mấy chục triệu.",
            GRIEVANCE,
        ),
    ],
)
def test_a_complaint_about_the_service_gets_an_apology_and_venting_gets_sympathy(
    shipped: Snapshot, text: str, expected: str
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.html) == ("complaint", expected)


@pytest.mark.parametrize(
    ("text", "told"),
    [
        # Two sentences or more that ask nothing: told, whatever policy words they name.
        ("Năm ngoái tỉnh cho xưởng đi hội chợ ở Hà Nội, gian hàng nhỏ xíu lại ở góc khuất. "
         "Bán được có mấy bộ bàn ghế, tiền xe còn không đủ.", True),
        ("Máy sấy mua theo đề án khuyến công chạy được ba tháng thì hỏng. "
         "Gọi bên bán thì họ hẹn tuần sau, tuần sau nữa.", True),
        # A story that ends asking, with or without a question mark, is a question.
        ("Năm ngoái tỉnh cho xưởng đi hội chợ ở Hà Nội, gian hàng nhỏ xíu. "
         "Năm nay muốn đăng ký gian to hơn thì làm sao", False),
        ("Máy sấy mua theo đề án chạy được ba tháng thì hỏng. Giờ mua máy mới có được hỗ trợ nữa không", False),
        ("Nghe nói nghị định mới sửa nhiều. Nó đổi cái gì dzậy, nói giùm tui mấy điểm chính.", False),
        # One sentence, or a few words: a question or a search, not a story.
        ("hỗ trợ mua máy móc thiết bị cho xưởng cơ khí nhỏ ở vùng nông thôn miền núi phía bắc", False),
        ("Hỗ trợ hội chợ. Mức chi.", False),
    ],
)
def test_a_story_that_asks_nothing_is_told_not_asked(text: str, told: bool) -> None:
    assert only_tells(text) is told


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("Nản quá, xưởng em muốn mua máy chẻ nan thì có được hỗ trợ không?", "may-moc-thiet-bi"),
        ("Mệt mỏi vì khói lò bị hàng xóm phàn nàn, khuyến công có hỗ trợ xử lý ô nhiễm không ạ", "di-doi-o-nhiem"),
        ("Tức thiệt, người ta nhái bao bì nhà mình, giờ muốn đăng ký nhãn hiệu thì làm sao", "thuong-hieu"),
        ("Buồn vì thợ tay nghề kém, khuyến công có mở lớp đào tạo nghề tại xưởng không", "dao-tao-nghe"),
        ("Khổ quá, mua máy sấy nông sản thì được hỗ trợ bao nhiêu phần trăm", "may-moc-thiet-bi"),
        ("Thất vọng với hội chợ năm rồi, năm nay muốn đi hội chợ khác thì được hỗ trợ gian hàng không",
         "hoi-cho-trien-lam"),
        ("Bực mình vì tính sổ tay hoài sai, có hỗ trợ phần mềm quản lý bán hàng không ạ", "chuyen-doi-so"),
        ("Tiếc ghê, năm rồi lỡ hạn nộp, năm nay hạn chót nộp hồ sơ là khi nào", "thu-tuc-ho-so"),
        ("Haizz, hộ kinh doanh chưa có giấy phép thì có được hưởng khuyến công không", "doi-tuong-ap-dung"),
        ("Chán ghê, nghệ nhân làng nghề thì được hỗ trợ gì", "nghe-nhan-lang-nghe"),
        ("Cực quá, muốn mua máy tráng bánh tự động cho đỡ", "may-moc-thiet-bi"),
        ("Cho em hỏi hỗ trợ máy móc. Mệt quá.", "may-moc-thiet-bi"),
        # A complaint's short question asks which of the story's ("…số nào", "…địa chỉ nào mới đúng").
        ("Nhắn trang của trung tâm mấy hôm không ai trả lời, nản ghê. Địa chỉ nào mới đúng vậy, tôi ở Huế",
         "lien-he"),
        # A short search with a sigh is still a search.
        ("Mức hỗ trợ máy móc thiết bị. Tiếc quá.", "may-moc-thiet-bi"),
        ("hỗ trợ đào tạo nghề cho lao động nông thôn, buồn", "dao-tao-nghe"),
    ],
)
def test_a_question_with_a_feeling_word_still_gets_its_answer(shipped: Snapshot, text: str, policy: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)


@pytest.mark.parametrize(
    ("text", "nothing"),
    [
        # "hỏi" told of asking done before asks nothing now…
        ("Hỏi mấy lần rồi mà toàn bảo chờ, cực ghê", True),
        ("lên phường hỏi thì cán bộ bảo về xã", True),
        ("hỏi cái gì cũng bảo liên hệ Sở", True),
        # …but asking now does, as does a clause asking how much, how long or where.
        ("em hỏi thủ tục làm hồ sơ", False),
        ("khổ quá, lò bánh ở vùng khó khăn thì được hỗ trợ bao nhiêu phần trăm", False),
        ("mệt ghê, nộp hồ sơ ở đâu", False),
        ("xin chào, mình ở Bắc Ninh", True),
        ("xin hỗ trợ mua máy sấy", False),
        # "…cũng như không", "chẳng còn lại gì", "có phần đâu": no use, nothing, not at all.
        ("học xong về không có việc, học cũng như không", True),
        ("về tới làng thì chẳng còn lại gì", True),
        ("hộ nhỏ thì có phần đâu", True),
        ("chính sách nào cũng vậy, dân chẳng được nhờ gì", True),
        # "xin … mà …" tells of an application made.
        ("xin hỗ trợ làm bao bì mà bị trả hồ sơ", True),
        ("còn lại gì không", False),
        # "muốn chết" says how much it hurts, not what the writer wants.
        ("tiền hỗ trợ chưa về, vay nóng trả lãi muốn chết", True),
        ("muốn chuyển xưởng vô cụm công nghiệp", False),
    ],
)
def test_what_asks_nothing_only_tells(text: str, nothing: bool) -> None:
    assert asks_nothing(text) is nothing


@pytest.mark.parametrize(
    "text",
    [
        "Năm nay lỗ vốn, xưởng muốn mua máy mới thì có được hỗ trợ không?",
        "lỗ nặng quá, em muốn xin hỗ trợ mua máy sấy",
        # A question closed by its particle mid-sentence, before the grievance.
        "Cái nghị định mới đổi cái gì dzậy, tui đọc hổng hiểu, nói giùm tui mấy điểm chính.",
    ],
)
def test_a_grievance_that_also_asks_is_not_only_a_complaint(shipped: Snapshot, text: str) -> None:
    assert reply_for(shipped, text, date.today()).kind != "complaint"


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # The question in the complaint's own clause, after it: it leans on what was told before it.
        ("Nộp hồ sơ từ tháng 3 mà chưa thấy kết quả thì bao lâu mới được duyệt vậy", "thu-tuc-ho-so"),
        ("Nộp đề án từ đầu năm mà chưa thấy kết quả thì bao lâu mới được giải ngân vậy?", "thu-tuc-ho-so"),
        ("chờ mệt luôn rồi, thì bao lâu sau khi nghiệm thu mới được nhận tiền hỗ trợ", "thu-tuc-ho-so"),
        # The question in a clause of its own, after the complaint or before it.
        ("gửi mấy lần không ai trả lời, giờ muốn hỏi hỗ trợ máy móc được bao nhiêu", "may-moc-thiet-bi"),
        ("Gửi hồ sơ từ tháng 2 mà chưa thấy ai liên hệ, cho hỏi hỗ trợ đi hội chợ được bao nhiêu tiền?",
         "hoi-cho-trien-lam"),
        ("Chờ mãi không ai gọi lại, giờ em muốn hỏi mở lớp dạy nghề thì được hỗ trợ những gì?", "dao-tao-nghe"),
        ("Nhắn mấy lần chưa ai rep, xưởng tôi mua máy sấy thì có được hỗ trợ không?", "may-moc-thiet-bi"),
        ("Hỏi hoài không ai trả lời, cho mình hỏi hồ sơ xin hỗ trợ gồm những giấy tờ gì?", "thu-tuc-ho-so"),
        ("đợi lâu quá, mà cho hỏi làm nhãn hiệu bao bì có được hỗ trợ không", "thuong-hieu"),
        ("gọi tổng đài không ai bắt máy, thế hỗ trợ xử lý ô nhiễm môi trường thì được bao nhiêu?", "di-doi-o-nhiem"),
        ("Chán quá, hỏi lại lần nữa: mua máy đóng gói tự động có được hỗ trợ kinh phí không?", "may-moc-thiet-bi"),
        ("thủ tục rườm rà quá, giờ muốn hỏi sản phẩm công nghiệp nông thôn tiêu biểu thì đăng ký thế nào",
         "san-pham-tieu-bieu"),
        ("hỗ trợ mua máy móc được bao nhiêu phần trăm vậy, hỏi mãi không ai trả lời", "may-moc-thiet-bi"),
        ("Bot trả lời linh tinh, tôi hỏi là đi hội chợ triển lãm có được hỗ trợ tiền gian hàng không?",
         "hoi-cho-trien-lam"),
        ("ko ai rep, cho e hỏi đào tạo nghề thêu có được hỗ trợ tiền giáo viên ko", "dao-tao-nghe"),
        ("Tới giờ vẫn chưa có kết quả, xin hỏi hồ sơ đề án khuyến công nộp ở đâu?", "thu-tuc-ho-so"),
        ("cho mai khong ai goi lai, cho hoi hoi cho duoc ho tro bao nhieu", "hoi-cho-trien-lam"),
        ("Hỗ trợ làm website bán hàng được bao nhiêu vậy? hỏi mãi không ai trả lời", "chuyen-doi-so"),
        # A question of a few words that leans on the story for its subject, and a plea after the complaint.
        ("Nộp đề án tham quan học tập mà bị gạt, không ai giải thích. Điều kiện là gì vậy?", "tham-quan-hoc-tap"),
        ("Gửi sản phẩm đi bình chọn tiêu biểu mà bị loại, chẳng ai nói vì sao. Tiêu chí chấm điểm là gì vậy?",
         "san-pham-tieu-bieu"),
        ("Trung tâm không ai nghe máy, bực ghê. Nhờ bên mình cho xin số điện thoại khác của trung tâm khuyến công.",
         "lien-he"),
    ],
)
def test_a_complaint_that_also_asks_a_policy_question_gets_the_answer(shipped: Snapshot, text: str, policy: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)
    assert reply.html == shipped.answer_card(policy, date.today())


@pytest.mark.parametrize(
    "text",
    [
        # Questions about the service, not about a policy: why, whether anyone will act, whether it understands.
        "sao không ai trả lời vậy?",
        "hỏi mãi mà bot có hiểu không vậy?",
        "Bot trả lời sai rồi, có hiểu tiếng Việt không?",
        "Nộp hồ sơ hỗ trợ máy móc từ tháng 3 mà chưa ai trả lời, sao lâu vậy?",
        "Thủ tục rườm rà quá, sao phải nộp nhiều giấy tờ vậy?",
        "Gửi hồ sơ đi hội chợ rồi mà chưa thấy ai liên hệ, bao giờ mới có người gọi lại vậy?",
        "chờ mãi không ai gọi lại, bao giờ mới có người xuống khảo sát vậy?",
        "nộp hồ sơ đào tạo nghề từ tháng 1 tới giờ chưa thấy ai liên hệ, có ai xem hồ sơ chưa?",
        "nhắn từ thứ hai tới giờ không ai phản hồi, có ai làm việc không vậy?",
        "Hỏi về đào tạo nghề mà chưa ai trả lời, có phải bot bị hỏng không?",
        # Rhetorical questions and scoffing.
        "Chờ tiền hỗ trợ máy móc nửa năm chưa thấy đồng nào, làm ăn kiểu gì vậy?",
        "Gọi lên trung tâm khuyến công mấy lần không ai nghe máy, vậy để làm gì?",
        "nhắn cả tuần không ai rep, hỗ trợ kiểu gì vậy?",
        "Máy móc máy miếc gì, nộp hồ sơ 3 lần vẫn bị trả về, nản quá",
        # Venting that asks nothing, whatever policy words it names.
        "Hồ sơ đào tạo nghề nộp 2 tháng rồi vẫn chưa thấy kết quả gì",
        "Hứa hỗ trợ mua máy mà tới giờ chẳng thấy đâu, chán thật",
        "Thủ tục xin hỗ trợ rườm rà quá, giấy tờ gì mà nhiều thế không biết",
        "Hỏi về xử lý nước thải mà bot trả lời chuyện đào tạo nghề, không đúng câu hỏi",
        # Asking who answers for it accuses; it asks about no policy.
        "Hứa hỗ trợ chuyển đổi lò gạch mà chẳng thấy đâu, thợ thất nghiệp cả, ai chịu trách nhiệm?",
        # Scorn of the bot, of support for show and of red tape.
        "Đào tạo với chả đào tạo, học xong chẳng ai nhận vào làm",
        "bot gì mà câu nào cũng bảo gọi điện, vậy làm bot làm chi?",
        "Chương trình hỗ trợ máy móc hay hỗ trợ cho vui vậy?",
        "xin cái giấy xác nhận mà đi năm bận, đúng là hành dân là chính",
    ],
)
def test_a_complaint_that_asks_only_about_the_service_or_nothing_keeps_the_apology(shipped: Snapshot, text: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.html) == ("complaint", COMPLAINT)


@pytest.mark.parametrize(
    ("text", "let_down"),
    [
        # A promise, then the outcome that did not come.
        ("Cán bộ hứa tháng ba xuống làm đề án cho xưởng, giờ tháng chín rồi chẳng thấy gì", True),
        ("Cán bộ hứa tháng sau xuống khảo sát mà giờ vẫn biệt tăm", True),
        ("Sở hẹn thứ năm xuống thẩm định, cả nhà ở nhà chờ mà không ai tới", True),
        # An awaited step, how long ago, and what has still not happened.
        ("Lắp máy xong từ tháng 4 rồi mà tới nay tiền hỗ trợ vẫn chưa về", True),
        ("Đăng ký lớp dạy nghề từ đầu năm, giờ đã tháng mười mà lớp vẫn chưa mở", True),
        # A setback with a repetition or a time.
        ("Hồ sơ đào tạo nghề bị trả lại lần thứ ba, lần nào cũng bảo thiếu mà không nói rõ thiếu gì", True),
        ("Đăng ký đi tham quan từ tháng 2, đến lúc đi thì bị loại khỏi danh sách", True),
        # Not a let-down: no time said, a want rather than an outcome, or the negation before the step.
        ("Xưởng em đã nộp hồ sơ xin hỗ trợ máy sấy nhưng chưa được duyệt", False),
        ("Xưởng nộp hồ sơ năm ngoái, giờ không có vốn đối ứng", False),
        ("Năm ngoái không ai báo nên lỡ hạn đăng ký", False),
    ],
)
def test_a_let_down_is_a_promise_or_a_wait_then_an_outcome_that_did_not_come(
    shipped: Snapshot, text: str, let_down: bool
) -> None:
    assert shipped.matcher.small_talk.lets_down(text) is let_down


@pytest.mark.parametrize(
    "text",
    [
        "Cán bộ hứa tháng ba xuống làm đề án cho xưởng, giờ tháng chín rồi chẳng thấy gì",
        "Lắp máy xong từ tháng 4 rồi mà tới nay tiền hỗ trợ vẫn chưa về",
        "Hồ sơ đào tạo nghề bị trả lại lần thứ ba, lần nào cũng bảo thiếu mà không nói rõ thiếu gì",
        "Đăng ký lớp dạy nghề từ đầu năm, giờ đã tháng mười mà lớp vẫn chưa mở",
        # Nobody came, nobody explained: "ai tới", "ai giải thích" after a negation.
        "Sở hẹn thứ năm xuống thẩm định, cả nhà ở nhà chờ mà không ai tới",
        "Đi hội chợ được hứa hỗ trợ tiền gian hàng, tới lúc về thì chẳng ai giải thích một câu",
        # A complaint phrase with "một" typed as a figure.
        "bot hỏi 1 đằng trả lời 1 nẻo",
        # "chưa được tạm ứng đồng nào" after the complaint's "tới giờ" is "not a single đồng", no question.
        "Đề án đã duyệt mà tới giờ chưa được tạm ứng đồng nào, xưởng phải vay lãi ngoài",
    ],
)
def test_a_let_down_told_that_asks_nothing_gets_the_apology_not_a_policy(shipped: Snapshot, text: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.html) == ("complaint", COMPLAINT)


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # The same let-downs, asking when at last or what to do, get the answer.
        ("Nộp hồ sơ từ tháng 5 rồi mà giờ chưa thấy kết quả, bao lâu thì mới được duyệt", "thu-tuc-ho-so"),
        ("Đề án duyệt từ tháng 3, máy lắp xong mấy tháng mới được giải ngân vậy", "thu-tuc-ho-so"),
        ("Nộp hồ sơ năm ngoái bị trả về, giờ muốn nộp lại thì làm sao?", "thu-tuc-ho-so"),
        ("Năm ngoái lỡ hạn vì không ai báo, năm nay hạn chót nộp hồ sơ là khi nào", "thu-tuc-ho-so"),
        # A let-down, then a question in a clause of its own: the let-down's words ("zalo") do not blur it.
        ("Trung tâm hứa gửi mẫu đơn qua zalo mà chờ cả tuần chưa thấy, mẫu đơn đề nghị hỗ trợ lấy ở đâu vậy",
         "thu-tuc-ho-so"),
        # A complaint, then a question with its purpose or an alternative after it.
        ("Gọi hoài không ai bắt máy, vậy văn phòng khuyến công Thanh Hóa ở địa chỉ nào để tôi lên hỏi", "lien-he"),
        ("chờ mãi không ai gọi lại, vậy khuyến công có hỗ trợ làm bao bì sản phẩm thật không hay chỉ nói cho vui",
         "thuong-hieu"),
        # …even when the alternative is itself a complaint ("hứa suông").
        ("Hỏi hoài không ai trả lời, vậy đào tạo nghề có được hỗ trợ thật không hay lại hứa suông", "dao-tao-nghe"),
        # A complaint, then a yes/no question whose best guess is what the whole story is about.
        ("Bị dân khiếu nại tiếng ồn mà chẳng ai hướng dẫn gì. Giờ muốn dời xưởng vào cụm công nghiệp thì có được "
         "hỗ trợ di dời không?", "di-doi-o-nhiem"),
        # Supplementing a returned dossier is the procedure, not the list of priority trades.
        ("Chán quá, hồ sơ bị trả lại, giờ phải bổ sung giấy tờ gì", "thu-tuc-ho-so"),
    ],
)
def test_a_let_down_or_complaint_that_also_asks_gets_the_answer(shipped: Snapshot, text: str, policy: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)


@pytest.mark.parametrize(
    ("text", "none"),
    [
        # Under a negation, a closing question word says "nothing", "nobody", "not much".
        ("mà không nói rõ thiếu cái gì", True),
        ("giờ cuối năm rồi chẳng thấy gì", True),
        ("tới tay dân chẳng được bao nhiêu", True),
        ("ko ai huong dan gi", True),
        ("lớp tập huấn toàn đọc slide, chả thực hành gì", True),  # "chả" before any verb
        # It still asks: a verb of knowing, a new part of the clause, "chả" as a dish, or no negation.
        ("không biết hồ sơ gồm những gì", False),
        ("hộ chưa có giấy phép thì được hỗ trợ gì", False),
        ("xưởng làm chả cá được hỗ trợ gì", False),
        ("có được hỗ trợ gì không", False),
        ("máy hỏng ai sửa", False),
        # A closing "đâu" after "chứ"/"chớ" denies; after "ở", "nộp"… it asks where.
        ("mình làm nghề chớ có phải dân văn phòng đâu", True),
        ("giấy tờ nhiều chứ có ít đâu", True),
        ("có ai thèm nghe đâu", True),
        ("hộ nhỏ như nhà tôi có bao giờ được đâu", True),
        ("bao giờ thì nộp ở đâu", False),
        ("hồ sơ nộp ở đâu", False),
        ("nộp chứ, mà nộp ở đâu", False),
    ],
)
def test_a_question_word_under_a_negation_says_none(text: str, none: bool) -> None:
    assert says_none(text) is none


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("trung tâm ở địa chỉ nào để tôi tới tận nơi", "trung tâm ở địa chỉ nào"),
        ("có hỗ trợ phí đăng ký nhãn hiệu thật không hay chỉ nói cho vui", "có hỗ trợ phí đăng ký nhãn hiệu thật không"),
        # No question before the cut word: the part itself ("để" opens it, "hay" is not after a question).
        ("để em hỏi lại nhà đã", "để em hỏi lại nhà đã"),
        ("hỗ trợ máy móc hay đào tạo nghề", "hỗ trợ máy móc hay đào tạo nghề"),
    ],
)
def test_a_question_is_read_before_its_purpose_or_alternative(text: str, core: str) -> None:
    assert question_core(text) == core


@pytest.mark.parametrize(
    ("text", "how"),
    [
        # When at last: "bao lâu thì/mới", "mấy tháng mới" wherever they stand.
        ("nộp hồ sơ từ tháng năm rồi mà giờ chưa thấy kết quả thì là bao lâu thì mới được duyệt vậy", True),
        ("máy lắp xong mấy tháng mới được giải ngân vậy", True),
        ("nghiệm thu rồi mà chưa thấy tiền về bao lâu nữa thì được giải ngân vậy", True),
        # "bao nhiêu lần" early in the clause says how often; "máy tháng" is not "mấy tháng".
        ("đi lại bao nhiêu lần mà vẫn bị trả hồ sơ", False),
        ("mua máy tháng trước mới về", False),
    ],
)
def test_asking_when_at_last_asks_how(text: str, how: bool) -> None:
    assert asks_how(text) is how


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("bot ăn cơm chưa", "greeting"),
        ("ad khỏe không", "greeting"),
        ("để bác hỏi lại con trai rồi nhắn sau", "ack"),
        ("để anh bàn với nhà đã nhé", "ack"),
        ("để em hỏi lại mấy anh trong xưởng rồi tính tiếp", "ack"),
        ("chào ad, chúc ad một ngày làm việc vui vẻ", "greeting"),
        ("ad ơi còn trực không đó", "greeting"),
        ("xin lỗi, em gửi nhầm", "ack"),
        # A greeting and a word about oneself that asks for nothing ("xin" of "xin chào" asks for nothing).
        ("Xin chào, tôi mới dùng Telegram lần đầu", "greeting"),
        ("chào bạn, mình làm mộc ở Bắc Ninh", "greeting"),
        ("chào buổi sáng nghen bot", "greeting"),
        # "nghe" after whom it greets is the particle, not a trade ("nghề") or technology ("công nghệ mới").
        ("Chào bot nghe, tui mới vô đây lần đầu", "greeting"),
        # Thanks in the owner's own language (H'Mông, Khmer), to the officer too.
        ("ua tsaug cán bộ", "thanks"),
        ("ọc cun nhiều nha", "thanks"),
        # A family greeting that opens a longer introduction asking nothing.
        ("Chào cháu, bác là ông Thịnh ở làng đúc đồng Đại Bái đây, con gái bác nó cài cho bác cái này.", "greeting"),
        ("Con chào ạ, con là con gái bác Hoà làm sơn mài, con nhắn hộ bố con nhé.", "greeting"),
        # Thanks with a plan or with praise, whatever policy its words name; praise of the bot itself.
        ("dạ cảm ơn, để thứ hai em mang hồ sơ lên xã nộp", "thanks"),
        ("ok hiểu rồi, cảm ơn trung tâm nha", "thanks"),
        ("cảm ơn nha, thông tin về hội chợ chi tiết ghê", "thanks"),
        ("cám ơn, tuần sau tui lên huyện hỏi lại", "thanks"),
        ("ủa bot rep lẹ ghê", "thanks"),
        ("ok để chị đọc lại cho kỹ đã", "ack"),
    ],
)
def test_everyday_greetings_and_putting_off_are_small_talk(shipped: Snapshot, text: str, kind: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.small_talk) == ("smalltalk", kind)


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("chào bạn, mình muốn hỏi về hỗ trợ máy móc", "may-moc-thiet-bi"),
        ("chào anh, hỗ trợ gian hàng hội chợ", "hoi-cho-trien-lam"),
        # Thanks or praise that also asks: the question is answered.
        ("cảm ơn bạn, cho hỏi thêm hồ sơ đề án gồm những giấy tờ gì", "thu-tuc-ho-so"),
        ("bot trả lời nhanh ghê, vậy mua máy sấy được hỗ trợ bao nhiêu phần trăm?", "may-moc-thiet-bi"),
        # …and a topic named after thanks, without a plan, praise or wish, asks on.
        ("cảm ơn, thế còn hội chợ", "hoi-cho-trien-lam"),
        ("ok cảm ơn, vậy hỗ trợ máy móc", "may-moc-thiet-bi"),
    ],
)
def test_a_greeting_before_a_question_or_a_search_still_gets_the_answer(
    shipped: Snapshot, text: str, policy: str
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)


# ----- the realistic question sets: a regression floor a little below what the bot reaches ---------
# questions-realistic.yaml, questions-blind2.yaml, questions-blind3a/3b.yaml, 4c/4d, 5e–5n, 7a–7c, 8a–8b, 9a–9b,
# 10a–10c, 10e, 10g and 10h were written blind (without reading policies/ or the dev set) in the styles people
# type; all are tuning sets, so their floors guard against regressions, not measure generalisation (the held-out
# set does that).
@pytest.mark.parametrize(
    ("name", "floors"),
    [
        ("questions-realistic.yaml",
         {"top1": 0.95, "direct": 0.87, "oos": 0.95, "smalltalk": 0.97, "two": 0.82, "style": 0.82}),
        ("questions-styles.yaml",
         {"top1": 0.95, "direct": 0.65, "oos": 0.95, "smalltalk": 0.95, "two": 0.95, "style": 0.9}),
        # Its "standard" style has six questions: one near tie (ngành nghề vs đối tượng) is 0.83.
        ("questions-blind2.yaml",
         {"top1": 0.93, "direct": 0.9, "oos": 0.95, "smalltalk": 0.95, "two": 0.9, "style": 0.8}),
        ("questions-blind3a.yaml",
         {"top1": 0.97, "direct": 0.92, "oos": 0.93, "smalltalk": 0.95, "two": 0.9, "style": 0.85}),
        ("questions-blind3b.yaml",
         {"top1": 0.96, "direct": 0.9, "oos": 0.95, "smalltalk": 0.95, "two": 0.9, "style": 0.88}),
        ("questions-blind4c.yaml",
         {"top1": 0.94, "direct": 0.88, "oos": 0.93, "smalltalk": 0.95, "two": 0.8, "style": 0.85}),
        ("questions-blind4d.yaml",
         {"top1": 0.92, "direct": 0.86, "oos": 0.85, "smalltalk": 0.95, "two": 0.9, "style": 0.8}),
        ("questions-blind5e.yaml",
         {"top1": 0.95, "direct": 0.9, "oos": 0.93, "smalltalk": 0.95, "two": 0.9, "style": 0.85}),
        ("questions-blind5f.yaml",
         {"top1": 0.93, "direct": 0.85, "oos": 0.93, "smalltalk": 0.95, "two": 0.85, "style": 0.85}),
        # 5g and 5h were kept back while 5e/5f were tuned on, then tuned on too.
        ("questions-blind5g.yaml",
         {"top1": 0.92, "direct": 0.83, "oos": 0.85, "smalltalk": 0.8, "two": 0.85, "style": 0.75}),
        ("questions-blind5h.yaml",
         {"top1": 0.92, "direct": 0.83, "oos": 0.9, "smalltalk": 0.9, "two": 0.8, "style": 0.75}),
        ("questions-blind5i.yaml",
         {"top1": 0.95, "direct": 0.85, "oos": 0.93, "smalltalk": 0.95, "two": 0.9, "style": 0.8}),
        # 5m, 5k and 5n: written this round weighted to complaints, two topics, dialect and stories,
        # measured before tuning (0.831, 0.931, 0.923 top-1), then tuned on. 5n has no small talk.
        ("questions-blind5m.yaml",
         {"top1": 0.96, "direct": 0.92, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        ("questions-blind5k.yaml",
         {"top1": 0.94, "direct": 0.88, "oos": 0.92, "smalltalk": 0.85, "two": 0.8, "style": 0.85}),
        ("questions-blind5n.yaml",
         {"top1": 0.93, "direct": 0.88, "oos": 0.9, "smalltalk": 0.9, "two": 0.85, "style": 0.8}),
        # 7a–7c: written by region (North; Centre and Highlands; South), weighted to complaints, two topics,
        # voice-to-text and out-of-scope questions; measured before tuning (0.900, 0.883, 0.942 top-1).
        # 7a's shorthand style has five questions (one, "hs … máy móc gồm những gì", reads as machinery).
        ("questions-blind7a.yaml",
         {"top1": 0.95, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.75}),
        ("questions-blind7b.yaml",
         {"top1": 0.95, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        ("questions-blind7c.yaml",
         {"top1": 0.96, "direct": 0.92, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        # 8a–8b: the less common crafts, shorthand and typos; people writing for someone else, voice; measured
        # before tuning (0.900, 0.975 top-1).
        ("questions-blind8a.yaml",
         {"top1": 0.95, "direct": 0.88, "oos": 0.95, "smalltalk": 0.9, "two": 0.85, "style": 0.88}),
        ("questions-blind8b.yaml",
         {"top1": 0.96, "direct": 0.95, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        # 9a–9b: long stories, voice, sarcasm; plain, shorthand and mixed-language typing, remarks about the
        # bot; measured before tuning (0.908, 0.950 top-1).
        ("questions-blind9a.yaml",
         {"top1": 0.95, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        ("questions-blind9b.yaml",
         {"top1": 0.95, "direct": 0.92, "oos": 0.95, "smalltalk": 0.9, "two": 0.85, "style": 0.9}),
        # 10a–10c, 10e: two questions, complaints, typos and stories (10c was held back, then released);
        # 10g–10h: people who describe what they want in everyday words, without the policies' names.
        # Measured before tuning (0.967, 0.927, 0.967, 0.970, 0.842, 0.940 top-1).
        ("questions-blind10a.yaml",
         {"top1": 0.96, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        ("questions-blind10b.yaml",
         {"top1": 0.95, "direct": 0.88, "oos": 0.95, "smalltalk": 0.9, "two": 0.85, "style": 0.8}),
        ("questions-blind10c.yaml",
         {"top1": 0.95, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        ("questions-blind10e.yaml",
         {"top1": 0.96, "direct": 0.95, "oos": 0.9, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        # 10g has five two-question items, 10h four: each miss costs 0.2 or 0.25.
        ("questions-blind10g.yaml",
         {"top1": 0.93, "direct": 0.82, "oos": 0.93, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        ("questions-blind10h.yaml",
         {"top1": 0.93, "direct": 0.9, "oos": 0.9, "smalltalk": 0.9, "two": 0.75, "style": 0.75}),
        # 11a: plain questions, dialect and voice; measured before tuning (0.977 top-1, two questions 0.83).
        ("questions-blind11a.yaml",
         {"top1": 0.97, "direct": 0.94, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        # 11b: young owners typing fast (everyday words, short searches, typos); measured before tuning
        # (0.915 top-1, everyday wording 0.77), then tuned on.
        ("questions-blind11b.yaml",
         {"top1": 0.96, "direct": 0.88, "oos": 0.9, "smalltalk": 0.9, "two": 0.9, "style": 0.85}),
        # 11f: acknowledgements and goodbyes that name a topic, complaints; measured before tuning (0.885
        # top-1, small talk 0.59, complaints 2 of 4). Its voice style has seven items.
        ("questions-blind11f.yaml",
         {"top1": 0.97, "direct": 0.9, "oos": 0.95, "smalltalk": 0.95, "two": 0.9, "style": 0.85}),
        # 11g: questions just outside khuyến công beside their in-scope twins; measured before tuning (0.831
        # top-1, out-of-scope recall 0.70).
        ("questions-blind11g.yaml",
         {"top1": 0.96, "direct": 0.88, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        # 13a: Northern and Central owners, co-op heads (stories, voice); 13b: Southern and Highland owners typing
        # fast (shorthand, no diacritics, dialect); measured before tuning (0.962, 0.962 top-1).
        ("questions-blind13a.yaml",
         {"top1": 0.97, "direct": 0.94, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        ("questions-blind13b.yaml",
         {"top1": 0.96, "direct": 0.88, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.9}),
        # 13c: people asking for someone else, other offices' official-sounding questions; 13d: craft villages and
        # small food producers typing short (measured before tuning: 0.930, 0.950 top-1). Six two-question items
        # each: one miss costs 0.17.
        ("questions-blind13c.yaml",
         {"top1": 0.97, "direct": 0.92, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        ("questions-blind13d.yaml",
         {"top1": 0.96, "direct": 0.92, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.9}),
        # 13e: other offices' near misses beside in-scope twins, small talk naming a topic; 13f: needs told in everyday
        # words without the policies' names (measured before tuning: 0.970, 0.860 top-1). Eight or nine stories each.
        ("questions-blind13e.yaml",
         {"top1": 0.97, "direct": 0.94, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.85}),
        ("questions-blind13f.yaml",
         {"top1": 0.94, "direct": 0.85, "oos": 0.93, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        # 13g: needs in owners' own words, all three regions (0.880 top-1 before tuning; two styles of four items,
        # six two-question items); 13h: a day of messages after the 2025 province mergers (0.960).
        ("questions-blind13g.yaml",
         {"top1": 0.93, "direct": 0.78, "oos": 0.93, "smalltalk": 0.9, "two": 0.65, "style": 0.65}),
        ("questions-blind13h.yaml",
         {"top1": 0.97, "direct": 0.92, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.85}),
        # 13i: plain words of people's own (0.900 top-1 before tuning; eight stories); 13j: a month's mix at a
        # provincial centre (0.970).
        ("questions-blind13i.yaml",
         {"top1": 0.91, "direct": 0.78, "oos": 0.9, "smalltalk": 0.9, "two": 0.8, "style": 0.7}),
        ("questions-blind13j.yaml",
         {"top1": 0.97, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        # 13k: everyday owners, half in their own words (0.930 before tuning); 13l: phones and voice, English words
        # mixed in (0.960). Small styles of four to ten items.
        ("questions-blind13k.yaml",
         {"top1": 0.95, "direct": 0.84, "oos": 0.95, "smalltalk": 0.9, "two": 0.9, "style": 0.75}),
        ("questions-blind13l.yaml",
         {"top1": 0.95, "direct": 0.92, "oos": 0.9, "smalltalk": 0.9, "two": 0.8, "style": 0.7}),
        # 13m: a broad mix (0.940 before tuning); 13n: delta, coast and mountains, long polite messages (0.940, not
        # tuned on: its typo style has three items, two of them read as two questions).
        ("questions-blind13m.yaml",
         {"top1": 0.94, "direct": 0.88, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        ("questions-blind13n.yaml",
         {"top1": 0.93, "direct": 0.9, "oos": 0.9, "smalltalk": 0.9, "two": 0.9, "style": 0.3}),
        # 13o: young owners of the Red River delta, shorthand and slang (0.930 before tuning); 13p: older owners of
        # the Centre and the Highlands, long stories (0.930); 13q: southern everyday speech, near-miss questions of
        # other offices (0.910). 13r: people speaking for an organisation (0.900); 13s: voice-to-text (0.950, its
        # story style is one item); 13t: mid-conversation messages and quick searches (0.930).
        ("questions-blind13o.yaml",
         {"top1": 0.97, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.9}),
        ("questions-blind13p.yaml",
         {"top1": 0.96, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.5}),
        ("questions-blind13q.yaml",
         {"top1": 0.96, "direct": 0.88, "oos": 0.9, "smalltalk": 0.9, "two": 0.8, "style": 0.7}),
        ("questions-blind13r.yaml",
         {"top1": 0.95, "direct": 0.88, "oos": 0.9, "smalltalk": 0.9, "two": 0.8, "style": 0.75}),
        ("questions-blind13s.yaml",
         {"top1": 0.95, "direct": 0.87, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.0}),
        ("questions-blind13t.yaml",
         {"top1": 0.97, "direct": 0.88, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.9}),
        # 13u: owners who write Vietnamese simply or as a second language (0.840 before tuning); 13v: an even mix,
        # needs in the owners' own words, measured after the tuning on 13o–13u (0.910; a sightseeing tour of a craft
        # village is still read as a study tour).
        ("questions-blind13u.yaml",
         {"top1": 0.92, "direct": 0.88, "oos": 0.8, "smalltalk": 0.85, "two": 0.8, "style": 0.7}),
        ("questions-blind13v.yaml",
         {"top1": 0.96, "direct": 0.95, "oos": 0.85, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        # 13w: small-town owners in their own words (0.950 before tuning); 13x: the Central coasts and the Mekong in a
        # hurry (0.940). Both measured after the tuning on 13o–13v.
        ("questions-blind13w.yaml",
         {"top1": 0.97, "direct": 0.93, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.85}),
        ("questions-blind13x.yaml",
         {"top1": 0.95, "direct": 0.88, "oos": 0.9, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        # 13y: a random week of messages (0.980); 13z: sceptical owners who ask for exact figures and deadlines, often
        # two at once (0.920). Both written and measured after all the tuning above, and not tuned on.
        ("questions-blind13y.yaml",
         {"top1": 0.97, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.7}),
        ("questions-blind13z.yaml",
         {"top1": 0.91, "direct": 0.82, "oos": 0.9, "smalltalk": 0.9, "two": 0.6, "style": 0.6}),
        # 14a: Mekong Delta family workshops (0.980 before tuning); 14b: northern founders' terse searches (0.960);
        # 14c: Central artisans, very polite, details packed in (0.940). Written after all the tuning above.
        ("questions-blind14a.yaml",
         {"top1": 0.98, "direct": 0.95, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.9}),
        ("questions-blind14b.yaml",
         {"top1": 0.98, "direct": 0.95, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.9}),
        ("questions-blind14c.yaml",
         {"top1": 0.97, "direct": 0.88, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.85}),
        # 14d: elderly artisans' long stories (0.960 before tuning); 14e: busy Southeast and Highlands owners
        # (0.960); 14f: women's household businesses, warm and referring back (0.940).
        ("questions-blind14d.yaml",
         {"top1": 0.98, "direct": 0.93, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.9}),
        ("questions-blind14e.yaml",
         {"top1": 0.97, "direct": 0.93, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        ("questions-blind14f.yaml",
         {"top1": 0.96, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        # 14g: dictated by voice (0.950 before tuning); 14h: Vietnamese as a second language (0.960); 14i: a random
        # week with implied questions (0.980).
        ("questions-blind14g.yaml",
         {"top1": 0.97, "direct": 0.93, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.8}),
        ("questions-blind14h.yaml",
         {"top1": 0.97, "direct": 0.9, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.7}),
        ("questions-blind14i.yaml",
         {"top1": 0.98, "direct": 0.95, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.9}),
        # 14l: officials and staff writing for others (0.960 before tuning); 14m: hurried Southern owners (0.960).
        ("questions-blind14l.yaml",
         {"top1": 0.97, "direct": 0.93, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.85}),
        ("questions-blind14m.yaml",
         {"top1": 0.98, "direct": 0.95, "oos": 0.95, "smalltalk": 0.9, "two": 0.8, "style": 0.6}),
        # 14j: a random week (0.980); 14k: owners who have applied before (0.950). Written and measured after the
        # tuning on 14a–14i, and not tuned on (the tuning on 14l and 14m came after).
        ("questions-blind14j.yaml",
         {"top1": 0.97, "direct": 0.93, "oos": 0.95, "smalltalk": 0.9, "two": 0.6, "style": 0.6}),
        ("questions-blind14k.yaml",
         {"top1": 0.94, "direct": 0.9, "oos": 0.95, "smalltalk": 0.85, "two": 0.8, "style": 0.8}),
    ],
)
def test_the_realistic_question_sets_meet_their_floor(shipped: Snapshot, name: str, floors: dict[str, float]) -> None:
    report = evaluate(shipped, load_questions(PROJECT_ROOT / "cases" / name), date.today())
    misses = "\n".join(f"{m['expect']} → {m['got']}: {m['q']}" for m in report["misses"])
    assert report["top1_accuracy"] >= floors["top1"], misses
    assert report["direct_answer_rate"] >= floors["direct"], misses
    assert report["oos_precision"] >= floors["oos"] and report["oos_recall"] >= floors["oos"], misses
    assert report.get("smalltalk_accuracy", 1.0) >= floors["smalltalk"], misses
    assert report.get("two_topic_accuracy", 1.0) >= floors["two"], misses
    assert all(row["accuracy"] >= floors["style"] for row in report["styles"].values()), report["styles"]


def _ranked(band: Band, *scores: tuple[str, float]) -> MatchResult:
    return MatchResult(band, tuple(Match(policy, score) for policy, score in scores))


@pytest.mark.parametrize(
    ("focus", "whole", "better"),
    [
        # The part scores higher but cannot tell its two best apart, while the whole can: keep the whole.
        (
            _ranked("suggest", ("nganh-nghe-uu-tien", 0.33), ("dao-tao-nghe", 0.32)),
            _ranked("suggest", ("dao-tao-nghe", 0.31), ("nganh-nghe-uu-tien", 0.25)),
            False,
        ),
        # The part scores higher and leads clearly: it says better what is asked.
        (
            _ranked("suggest", ("dao-tao-nghe", 0.40), ("nganh-nghe-uu-tien", 0.30)),
            _ranked("suggest", ("dao-tao-nghe", 0.31), ("nganh-nghe-uu-tien", 0.25)),
            True,
        ),
        # Both tied: the higher score wins as before.
        (
            _ranked("suggest", ("tu-van", 0.40), ("thu-tuc-ho-so", 0.39)),
            _ranked("suggest", ("tu-van", 0.31), ("thu-tuc-ho-so", 0.30)),
            True,
        ),
        # Higher by no more than FOCUS_MARGIN: the same evidence, and the whole ranks both topics it names.
        (
            _ranked("suggest", ("thu-tuc-ho-so", 0.3594), ("tu-van", 0.2674)),
            _ranked("suggest", ("may-moc-thiet-bi", 0.3593), ("thu-tuc-ho-so", 0.3047)),
            False,
        ),
        (
            _ranked("suggest", ("thu-tuc-ho-so", 0.3714), ("tu-van", 0.2674)),
            _ranked("suggest", ("may-moc-thiet-bi", 0.3593), ("thu-tuc-ho-so", 0.3047)),
            True,
        ),
        # A better band wins whatever the margin.
        (
            _ranked("answer", ("lien-he", 0.50), ("thu-tuc-ho-so", 0.49)),
            _ranked("suggest", ("thu-tuc-ho-so", 0.31), ("lien-he", 0.20)),
            True,
        ),
    ],
)
def test_a_question_part_replaces_the_whole_message_only_when_it_is_clearer(
    focus: MatchResult, whole: MatchResult, better: bool
) -> None:
    assert focus.clearer_than(whole) is better


# ----- out of scope beside in-scope words: what the state charges, licences, shows one visits ------
@pytest.mark.parametrize(
    ("question", "kind", "policies"),
    [
        # The first half only tells (two sentences, no question): the story of the one question asked.
        (
            "Xưởng tôi làm đồ gỗ ở Bình Định, 15 thợ. Tôi đang tính mua máy chà nhám tự động mới rồi mời các xưởng"
            " trong làng tới xem để làm theo. Người ta bảo vậy là làm mô hình trình diễn. Vậy thì được hỗ trợ tối"
            " đa bao nhiêu?",
            "answer",
            ("mo-hinh-trinh-dien",),
        ),
        # A first half that asks is still a question of its own.
        (
            "Khuyến công hỗ trợ mua máy sấy tối đa bao nhiêu, còn đăng ký nhãn hiệu cho sản phẩm thì được hỗ trợ gì",
            "two",
            ("may-moc-thiet-bi", "thuong-hieu"),
        ),
    ],
)
def test_a_story_told_before_its_question_makes_no_second_question(
    shipped: Snapshot, question: str, kind: str, policies: tuple[str, ...]
) -> None:
    reply = reply_for(shipped, question, date.today())
    assert (reply.kind, reply.policy_ids[: len(policies)]) == (kind, policies)


@pytest.mark.parametrize(
    ("text", "policy", "score_below"),
    [
        # Long messages that spread their weight over story words: below the answer threshold (0.45),
        # but leading every other policy by far more than CLEAR_LEAD, so answered directly.
        ("Xưởng cơ khí của tui ở Hòa Vang có 8 thợ, làm khung cửa sắt, giờ muốn mua máy cắt tự động thì được hỗ "
         "trợ mấy phần trăm?", "may-moc-thiet-bi", 0.45),
        ("Hồi trước ông bà tui làm nghề đan nón, giờ tui muốn mở lớp cho mấy đứa nhỏ trong xóm học nghề thì có "
         "được nhà nước hỗ trợ gì không?", "dao-tao-nghe", 0.45),
    ],
)
def test_a_long_message_with_a_clear_lead_is_answered_directly(
    shipped: Snapshot, text: str, policy: str, score_below: float
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)
    assert reply.match is not None and reply.match.top is not None and reply.match.top.score < score_below


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # Leads by 0.125 at 0.35 (a lead answer), but turns to another matter with "Còn…": the lead may be
        # only the first question's, so "did you mean" stays, or both questions once the second is read
        # ("đi học thêm" is training).
        ("Tui làm nghề mộc ở Kim Bồng, muốn sắm máy bào tự động thì được hỗ trợ không? Còn nếu đi học thêm nghề "
         "chạm thì sao?", "may-moc-thiet-bi"),
    ],
)
def test_a_lead_answer_is_withheld_from_a_message_that_turns_to_another_matter(
    shipped: Snapshot, text: str, first: str
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert reply.kind in ("suggest", "two") and reply.policy_ids[0] == first


@pytest.mark.parametrize(
    ("text", "turns"),
    [
        ("Hồ sơ nộp ở đâu? Còn nếu muốn học nghề thì sao?", True),
        ("Mua máy sấy thì được hỗ trợ không. Xong rồi còn vụ đăng ký nhãn hiệu thì làm sao?", True),
        ("Máy sấy thì được hỗ trợ không? Ngoài ra có lớp kế toán không?", True),
        ("Xưởng tui muốn mua máy cắt tự động thì được hỗ trợ mấy phần trăm?", False),
        ("Nghị định mới thì đề án cũ còn hiệu lực không?", False),  # "còn" = still
    ],
)
def test_what_turns_to_another_matter(text: str, turns: bool) -> None:
    assert turns_to_another(text) is turns


@pytest.mark.parametrize(
    ("text", "kind", "first"),
    [
        # Social-welfare words ("người khuyết tật") win over the policies, but the message names khuyến
        # công and vocational training leads at 0.40 by 0.18: the matcher's clear-lead rule answers it.
        ("Cho hỏi khuyến công có hỗ trợ đào tạo nghề đan cho người khuyết tật không ạ?", "answer", "dao-tao-nghe"),
        # The lexicon reads "đề án khuyến công" as "đề án": the programme is still named as typed, so a
        # dossier question that "mất bao lâu" draws to the civil-registry topic is answered, not refused.
        ("ho so de an khuyen cong mat bao lau moi duoc duyet", "answer", "thu-tuc-ho-so"),
        # Named in the story, not in the question sentence: "bao lâu… kết quả" alone draws to passports.
        ("Xưởng tôi làm bún ở Hưng Yên, năm nay định xin khuyến công. Nộp xong thì bao lâu mới có kết quả?",
         "answer", "thu-tuc-ho-so"),
    ],
)
def test_a_message_that_names_khuyen_cong_is_read_as_the_policies_rank_it(
    shipped: Snapshot, text: str, kind: str, first: str
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_ids[0]) == (kind, first)


@pytest.mark.parametrize(
    ("text", "kind", "policy", "topic"),
    [
        # "cần giấy tờ gì" asks about a dossier; the out-of-scope topics' examples no longer say it without
        # their own words, so a dossier question that names no other office is the dossier policy's…
        ("hồ sơ cần những giấy tờ gì", "answer", "thu-tuc-ho-so", None),
        ("hồ sơ xin hỗ trợ cần những giấy tờ gì", "answer", "thu-tuc-ho-so", None),
        # …while one that names the office's matter still goes there.
        ("làm visa cần giấy tờ gì", "unknown", None, "ho-tich-dan-su"),
        ("đăng ký tạm trú cần giấy tờ gì", "unknown", None, "ho-tich-dan-su"),
        ("đăng ký kết hôn cần giấy tờ gì", "unknown", None, "ho-tich-dan-su"),
        ("cấp sổ đỏ lần đầu cần giấy tờ gì", "unknown", None, "dat-dai"),
        # "làm sổ đỏ", as people say it, is the land office's, wherever the land lies.
        ("làm sổ đỏ mất bao lâu", "unknown", None, "dat-dai"),
        ("Đất nhà xưởng ở phường mới sáp nhập thì làm sổ đỏ ở đâu?", "unknown", None, "dat-dai"),
        # Farm-produce prices are the market's; buying by a partner firm is still the linkage policy.
        ("Bưởi năm nay rớt giá, thương lái ép giá quá thì bán cho ai?", "unknown", None, "thoi-tiet-gia-ca"),
        ("Chỗ nào thu mua mít giá cao vậy?", "unknown", None, "thoi-tiet-gia-ca"),
        ("HTX muốn liên kết với doanh nghiệp thu mua sản phẩm mây tre thì có được hỗ trợ không?", "answer",
         "lien-ket-hiep-hoi", None),
    ],
)
def test_dossier_land_and_price_questions_go_where_their_own_words_say(
    shipped: Snapshot, text: str, kind: str, policy: str | None, topic: str | None
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == (kind, policy)
    assert (reply.match.out_of_scope if reply.match else None) == topic


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Thanks, then a longer plan for later, close the talk whatever policy words the plan names.
        ("Cảm ơn anh nhiều nha, để tuần sau tôi gom đủ giấy tờ rồi lên xã nộp hồ sơ xin hỗ trợ máy sấy", "smalltalk"),
        ("cảm ơn chị nhiều lắm, để em về bàn với ông xã rồi tháng sau em làm hồ sơ xin hỗ trợ máy", "smalltalk"),
        # …but thanks before a question still get its answer.
        ("cảm ơn anh nhiều nha, cho em hỏi thêm là lớp dạy nghề thêu ở xã khi nào mở vậy", "answer"),
    ],
)
def test_thanks_then_a_longer_plan_for_later_close_the_talk(shipped: Snapshot, text: str, kind: str) -> None:
    assert reply_for(shipped, text, date.today()).kind == kind


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # Owners who have never heard the policies' names say what they want in everyday words.
        ("Tôi vừa được giao trông coi xưởng bánh của gia đình, có lớp nào dạy cách điều hành và tính giá thành không?",
         "nang-luc-quan-ly"),
        ("Nhà tôi muốn làm cái lò mẫu để bà con trong thôn đến xem rồi bắt chước, có được hỗ trợ không?",
         "mo-hinh-trinh-dien"),
        ("Xưởng đậu phụ của tôi tốn nước quá, phế phẩm đổ đi nhiều, có ai giúp không?", "san-xuat-sach-hon"),
        ("Tôi muốn hàng nhà làm có tên tuổi riêng, in nhãn cho đàng hoàng thì hỏi ở đâu?", "thuong-hieu"),
        ("Doanh nghiệp tôi tính làm đường sá cho một khu sản xuất tập trung ở xã, nhà nước có góp không?",
         "cum-cong-nghiep"),
        ("Xưởng tôi cần người rành xuống xem rồi chỉ cách sắp xếp lại, có được hỗ trợ không?", "tu-van"),
        ("Nghe nói tỉnh có đợt chấm chọn hàng thủ công, muốn gửi giỏ mây đi thì làm sao?", "san-pham-tieu-bieu"),
        # The state chipping in is a request for its support.
        ("nhà nước có góp phần nào khi tôi mua máy xay bột không", "may-moc-thiet-bi"),
        # A question closed by the Central "hè" still asks, whatever the owner then admits not knowing.
        ("chú ơi, có lớp mô dạy chủ cơ sở tính giá thành không hè, tui mới ra làm chủ chưa rành chi hết",
         "nang-luc-quan-ly"),
        # The tone mark on the other vowel ("khoá" for "khóa") is the same word.
        ("có khoá học nào cho người mới ra làm chủ xưởng không", "nang-luc-quan-ly"),
    ],
)
def test_a_need_told_in_everyday_words_gets_the_policy_that_meets_it(
    shipped: Snapshot, text: str, policy: str
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)


@pytest.mark.parametrize(("typed", "read_as"), [("khoá", "khóa"), ("hoà", "hòa"), ("thuỷ", "thủy")])
def test_a_tone_mark_on_the_other_vowel_reads_as_the_same_word(shipped: Snapshot, typed: str, read_as: str) -> None:
    assert shipped.matcher.words.resolve(typed) == (read_as, 1.0)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A yes-or-no question typed without commas, closed by how tiring the work is: the question is answered…
        ("chị ơi có hỗ trợ mua máy se nhang không em làm tay mỏi quá", "answer"),
        # …while tiredness with the service stays a complaint.
        ("nộp hồ sơ xin hỗ trợ máy có ai xem không chờ mệt quá", "complaint"),
    ],
)
def test_a_run_on_question_closed_by_a_feeling_about_the_work_is_answered(
    shipped: Snapshot, text: str, kind: str
) -> None:
    assert reply_for(shipped, text, date.today()).kind == kind


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # Farm pests and a child's school place, named as people name them, are other offices' matters.
        ("lúa nhà tôi bị rầy, xịt thuốc sâu nào cho hết", "khuyen-nong"),
        ("xin cho con vào lớp 1 ở trường gần nhà thì cần giấy gì", "giao-thong-y-te-giao-duc"),
    ],
)
def test_pests_and_school_places_in_everyday_words_say_where_to_ask(shipped: Snapshot, text: str, topic: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.match.out_of_scope if reply.match else None) == ("unknown", topic)


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # Whether a household or a cooperative qualifies, with a company as the feared alternative: who is
        # eligible, not how to set up a company.
        ("Cơ sở làm chổi đót của tôi chỉ là hộ gia đình, có được nhận khuyến công không hay phải lập công ty?",
         "doi-tuong-ap-dung"),
        ("htx mình làm miến dong, hỏi có được hưởng hỗ trợ ko hay phải là cty mới đc", "doi-tuong-ap-dung"),
        ("xuong moc cua toi chua co giay phep cong ty, co duoc ho tro khuyen cong khong hay phai lap cong ty truoc",
         "doi-tuong-ap-dung"),
        ("Tôi làm tương ớt tại nhà, muốn xin khuyến công thì có phải lên doanh nghiệp mới được không?",
         "doi-tuong-ap-dung"),
        ("Xưởng chằm nón của mẹ tôi chỉ là hộ nhỏ. Vậy tiền nhà nước hỗ trợ có đến lượt nhà tôi không?",
         "doi-tuong-ap-dung"),
        # Saying the workshop is no company is a detail: the support the message names is the ask.
        ("Bên tôi là hợp tác xã chứ không phải công ty, muốn mua máy sấy nông sản thì được hỗ trợ bao nhiêu?",
         "may-moc-thiet-bi"),
        # Setting up a company is still the set-up policy's question.
        ("Tôi muốn lập công ty sản xuất gạch ở xã đặc biệt khó khăn thì được hỗ trợ chi phí thành lập không?",
         "thanh-lap-doanh-nghiep"),
        ("Hộ kinh doanh của tôi muốn chuyển lên doanh nghiệp thì khuyến công hỗ trợ những khoản nào?",
         "thanh-lap-doanh-nghiep"),
    ],
)
def test_a_household_asking_if_it_qualifies_or_needs_a_company_gets_who_is_eligible(
    shipped: Snapshot, text: str, policy: str
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)
