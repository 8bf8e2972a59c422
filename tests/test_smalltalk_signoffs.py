"""Closing the talk by naming what was talked about: "ok, vụ máy sấy em ghi lại rồi", "mai hỏi tiếp vụ hội
chợ nha, bye" only tell (noted, understood, put off, goodbye) and get the short friendly reply, not the card
of the policy they name; a question after the "ok", or a need told with a request, still gets its answer.
Complaints about rude staff or a broken website get the apology with the way to a human."""

from __future__ import annotations

from datetime import date

import pytest

from bot.matching.asking import asks_nothing, says_none
from bot.render import texts
from bot.replies import reply_for
from bot.snapshot import Snapshot


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Noted or saved what a policy said.
        ("dạ vâng, vụ hỗ trợ máy sấy em ghi lại rồi ạ", "ack"),
        ("da vang, vu ho tro may say em ghi lai roi a", "ack"),
        ("ok, mẫu đơn đăng ký hội chợ mình lưu lại rồi nha", "ack"),
        ("oke, sdt trung tam minh luu r nhe", "ack"),
        ("ok bot, vụ chuyển đổi số tui note lại rồi", "ack"),
        # Understood, whatever it restates first ("muốn … thì phải …" is a rule, not a want).
        ("oke, thủ tục hồ sơ thì mình nắm rồi", "ack"),
        ("ok, vậy là muốn được hỗ trợ thì phải có đề án, biết vậy đã", "ack"),
        ("dạ, mức hỗ trợ máy móc con hiểu rồi, cảm ơn cô", "thanks"),
        # Put off for later, or to talk over at home.
        ("uh, chuyện đào tạo nghề để tháng sau tính tiếp", "ack"),
        ("ờ, vụ vay vốn thì từ từ em tính", "ack"),
        ("ừ thì chuyện làm thương hiệu năm sau tao mới tính", "ack"),
        ("à, ra là vậy, để cháu về nói lại với ba cháu", "ack"),
        ("cảm ơn nha, chuyện dời xưởng để chú về bàn với mấy đứa nhỏ", "thanks"),
        ("ok tks, vụ htx e nắm r, để e bàn vs mấy a em", "thanks"),
        # "không sao" is no matter, not "why".
        ("không sao đâu, vụ hội chợ để mai tính", "ack"),
        ("hong sao, de tui tinh", "ack"),
        # Off to get the papers ready.
        ("ok e hiểu rồi, để e chuẩn bị hồ sơ đã", "ack"),
        ("de em ve chuan bi giay to da", "ack"),
        # Goodbye, asking on another day ("hoi cho" typed plain is "hội chợ", not "hỏi").
        ("thôi khuya rồi, mai hỏi tiếp vụ máy móc nha bot, ngủ ngon", "ack"),
        ("thoi khuya roi, mai hoi tiep vu may moc nha bot", "ack"),
        ("dc r, hoi cho thi de e tinh sau", "ack"),
        # "có gì" is "if anything comes up": thanks, and the rest put off.
        ("dạ vâng em cảm ơn ạ, có gì em hỏi tiếp vụ máy móc sau", "thanks"),
        ("cảm ơn, có gì em hỏi thêm về hội chợ sau", "thanks"),
        # A wish asks nothing, however long, and whatever it names.
        ("chào buổi sáng, chúc các anh chị khuyến công một ngày làm việc vui vẻ", "greeting"),
        # Thanks, a wish and goodbye in sentences of their own: each only small talk.
        ("Cảm ơn em nhiều nhé, chúc em một ngày làm việc vui vẻ. Chào em!", "thanks"),
        # A goodbye after putting the talk off.
        ("Thôi để mai em hỏi tiếp, chào trung tâm nhé", "ack"),
    ],
)
def test_a_sign_off_that_names_a_topic_is_small_talk(shipped: Snapshot, text: str, kind: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.small_talk) == ("smalltalk", kind)


@pytest.mark.parametrize(
    ("text", "kind", "policy"),
    [
        # A question after the "ok", with or without a question mark or diacritics.
        ("cảm ơn, cho hỏi thêm máy sấy có được không", "answer", "may-moc-thiet-bi"),
        ("cam on, cho hoi them may say co dc ko", "answer", "may-moc-thiet-bi"),
        ("ok. mua máy thì nộp hồ sơ ở đâu", "answer", "thu-tuc-ho-so"),
        ("oke ghi lại rồi, hạn nộp là ngày nào", "answer", "thu-tuc-ho-so"),
        ("thôi để mai, mà hội chợ tháng mấy", "answer", "hoi-cho-trien-lam"),
        ("hổng sao, mà hỗ trợ máy móc được bao nhiêu phần trăm", "answer", "may-moc-thiet-bi"),
        ("ok hiểu rồi, vậy còn hội chợ thì sao?", "answer", "hoi-cho-trien-lam"),
        ("để em chuẩn bị hồ sơ thì cần những giấy tờ gì ạ", "answer", "thu-tuc-ho-so"),
        # A need told with a request, even beside a plan for later.
        ("em muốn mua máy sấy, nhờ bên mình tư vấn", "answer", "may-moc-thiet-bi"),
        ("cảm ơn, xưởng em tính mua máy sấy, để em hỏi bên mình tư vấn giúp", "answer", "may-moc-thiet-bi"),
        # A condition before the plan asks whether it holds.
        ("xưởng em nhỏ, nếu được hỗ trợ thì em mới tính", "suggest", "may-moc-thiet-bi"),
        # After the "ok" it turns to another matter, or asks for more.
        ("vậy là rõ rồi, thế còn hỗ trợ đào tạo", "suggest", "dao-tao-nghe"),
        ("dạ em hiểu rồi. Em muốn hỏi thêm về hội chợ", "suggest", "hoi-cho-trien-lam"),
        # "có gì em hỏi thêm" before a question of its own: the question is asked.
        ("có gì em hỏi thêm, hồ sơ nộp ở đâu ạ", "answer", "thu-tuc-ho-so"),
    ],
)
def test_a_question_after_an_acknowledgement_is_still_answered(
    shipped: Snapshot, text: str, kind: str, policy: str
) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_ids[:1]) == (kind, (policy,))


def test_a_request_after_an_acknowledgement_is_no_small_talk(shipped: Snapshot) -> None:
    reply = reply_for(shipped, "ok lưu rồi, cho em xin thêm số của phòng quản lý công nghiệp", date.today())
    assert reply.kind != "smalltalk"


@pytest.mark.parametrize(
    "text",
    [
        "bữa trước lên sở hỏi, cô nhân viên trả lời cộc lốc, thái độ vậy ai mà chịu",
        "nhan vien o trung tam hach dich qua, hoi gi cung nat",
        "trang web bên sở vào hoài không được, báo lỗi hoài, làm ăn kiểu chi kỳ vậy",
        # Answers beside the point, or always told to wait.
        "bot trả lời vòng vo, không đúng cái tôi hỏi",
        "lần nào hỏi cũng bảo chờ",
        # The bot that knows nothing it is asked.
        "sao hỏi cái gì cũng không biết vậy",
        "bot hoi gi cung khong biet",
        # An answer too vague to act on.
        "trả lời gì mà chung chung, đọc xong vẫn không biết phải làm gì",
        "Hồ sơ nộp từ tháng 3 mà cán bộ cứ hẹn hết lần này tới lần khác, chậm quá thể",
    ],
)
def test_rude_staff_or_a_broken_website_gets_the_apology(shipped: Snapshot, text: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.html) == ("complaint", texts.COMPLAINT)


@pytest.mark.parametrize(
    ("text", "none"),
    [
        ("hổng sao", True),
        ("không sao đâu", True),
        ("ko sao", True),
        # …but "sao" still asks after anything else.
        ("hồ sơ bị trả về là sao", False),
        ("có sao không", False),
    ],
)
def test_no_matter_is_no_why(text: str, none: bool) -> None:
    assert says_none(text) is none


@pytest.mark.parametrize(
    ("text", "nothing"),
    [
        ("à ra vậy, muốn được hỗ trợ thì phải làm đề án trước", True),
        ("mai hỏi tiếp chuyện máy móc nha", True),
        ("hoi cho thi de tui tinh", True),
        # A want, or a question, still asks.
        ("muốn được hỗ trợ thì phải làm sao", False),
        ("em muốn hỏi tiếp chuyện máy móc", False),
        ("cho hoi hoi cho nam nay o dau", False),
    ],
)
def test_a_rule_restated_or_asking_later_asks_nothing(text: str, nothing: bool) -> None:
    assert asks_nothing(text) is nothing
