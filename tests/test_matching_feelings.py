"""A question that adds a feeling ("…làm tay mệt quá", "…tui chưa biết chi hết") is still a question:
the complaint reply is for grievances about the service and for venting that asks nothing
(bot/matching/complaints.py only_feels, bot/matching/asking.py asks_outright, bot/replies.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.matching.asking import asks_outright
from bot.matching.complaints import only_feels
from bot.matching.focus import ends_as_question
from bot.replies import reply_for
from bot.snapshot import Snapshot


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        # A yes-no question run on into the story, a sigh at its end.
        ("nhà nước có phụ tiền mua máy sấy không tui phơi nắng hoài mệt quá", "may-moc-thiet-bi"),
        ("có hỗ trợ mua máy đóng gói không em làm thủ công mệt lắm", "may-moc-thiet-bi"),
        # The sigh first, the question after it.
        ("xay bột bằng tay mệt mỏi quá, nhà nước có cho tiền mua máy xay không", "may-moc-thiet-bi"),
        # A yes-no question, "ạ", then the writer's own trouble and a sigh closing the message.
        ("có giúp tiền làm bao bì không ạ em không rành mấy vụ này, mệt mỏi quá", "thuong-hieu"),
        # Not knowing, after a Central "không hè".
        ("có chỗ mô dạy làm nhãn mác không hè, tui chưa biết chi hết", "thuong-hieu"),
        # A short question naming no topic of its own after a grievance asks about the story's.
        ("năm rồi tui đi hội chợ ở Cần Thơ tự bỏ tiền túi, giờ xin lại được không", "hoi-cho-trien-lam"),
        # A complaint's words that a yes-no question asks of ("có rườm rà lắm không"): a question.
        ("thủ tục đăng kí đề án khuyến công cho hộ nhỏ có rườm ra lắm không em, chị sợ giấy tờ lắm 😅",
         "thu-tuc-ho-so"),
        # Dictated without a pause, "gì vậy" mid-run asks, whatever "không biết gì hết trơn" closes it.
        ("ờ hồ sơ xin hỗ trợ khuyến công gồm những giấy tờ gì vậy nộp mấy bộ ờ nộp mấy bộ em làm lần đầu nên hông "
         "biết gì hết trơn", "thu-tuc-ho-so"),
        # A need told with the money short for it asks for help: the story gets its answer, not sympathy only.
        ("Lò nấu nhôm của tôi nằm giữa khu dân cư, hàng xóm phản ánh khói bụi lên xã mấy lần rồi. Xã bảo phải "
         "chuyển vào cụm công nghiệp mà chi phí di dời thì lớn quá, tôi không kham nổi.", "di-doi-o-nhiem"),
        # "không chi" closing a "có … không" question addresses "chị": no Central "không gì" (nothing).
        ("ho kinh doanh ca the lam mut gung o xa co thuoc doi tuong huong khuyen cong khong chi", "doi-tuong-ap-dung"),
    ],
)
def test_a_question_with_a_feeling_added_gets_the_answer(shipped: Snapshot, text: str, policy: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_id) == ("answer", policy)


@pytest.mark.parametrize(
    "text",
    [
        # Venting that asks nothing, and a grievance about the service with a feeling, stay complaints.
        "làm cả ngày mệt quá",
        "chờ hoài mệt quá",
        "hỏi mấy lần không ai trả lời, mệt quá",
        "phường đẩy qua quận quận lại bảo về phường mệt mỏi quá chả biết hỏi ai",
        "gọi hoài không ai nghe máy mệt mỏi quá có ai làm việc không",
        # A scoff that ends on "gì", and a let-down, with a feeling: grievances too.
        "hỗ trợ hỗ trợt gì, nộp hai lần vẫn bị trả về, chán quá",
        "đề án khuyến kiếc gì, mệt quá",
        # A story that closes on a complaint of its own: its question mark scoffs or asks for a person.
        "Hồ sơ xin hỗ trợ máy tui nộp từ tháng 3, tới giờ hông ai báo gì hết. Làm ăn kiểu gì kỳ vậy?",
        "Tui nộp hồ sơ từ tháng 3, chừ tháng 12 rồi mà không ai gọi lại. Chờ chi mà lâu rứa, có ai làm việc không?",
        "Bot trả lời sai bét, tui hỏi máy sấy mà cứ nói chuyện hội chợ. Rứa là răng, cho tui nói chuyện với người thật đi.",
        "De lai so dien thoai 2 lan roi ma chua thay ai goi lai, cho toi gap can bo phu trach dum",
        # After a complaint, a few words asking whom to turn to want the human the apology points to.
        "Tôi nộp hồ sơ từ tháng 5, bây giờ tháng 12 rồi không ai gọi lại, hỏi mãi không ai trả lời. Người dân tộc "
        "chúng tôi biết hỏi ai?",
        # A let-down whose only question scoffs ("trả lời kiểu gì giờ"), whoever it tells of asking.
        "đã nghiệm thu xong 3 tháng rồi mà chưa thấy giải ngân đồng nào, 12 hộ trong HTX ngày nào cũng hỏi em, trả "
        "lời kiểu gì giờ, chậm quá thể",
        # What was asked and what came back instead is the complaint, not a question about machines.
        "bot trả lời sai rồi, tui hỏi máy móc mà nói chuyện hội chợ gì đâu không",
    ],
)
def test_venting_or_a_grievance_about_the_service_stays_a_complaint(shipped: Snapshot, text: str) -> None:
    assert reply_for(shipped, text, date.today()).kind == "complaint"


@pytest.mark.parametrize(
    ("text", "feels"),
    [
        ("có hỗ trợ máy không, làm tay mệt quá", True),
        ("xay tay mệt mỏi quá", True),
        # Waiting, nobody answering, being sent back and forth: complaints of the service.
        ("chờ mệt quá", False),
        ("không ai trả lời, mệt quá", False),
        ("có hỗ trợ máy không", False),  # no complaint words at all
    ],
)
def test_only_a_feeling_of_ones_own_is_told(shipped: Snapshot, text: str, feels: bool) -> None:
    assert only_feels(shipped.matcher.small_talk, text) is feels


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("nhà nước có giúp tiền mua máy không tôi làm bún bằng tay", True),
        ("có hỗ trợ máy không ạ em làm tay", True),
        ("có lớp mô dạy kế toán không hè", True),
        ("cho tui xin số điện thoại trung tâm", True),
        # Asking told, and a want of nobody's help, ask nothing by their own words.
        ("hỏi sở thì sở bảo hỏi xã, hỏi xã thì xã bảo không biết", False),
        ("xã đẩy lên tỉnh chả biết hỏi ai nữa", False),
        ("làm tay mệt quá", False),
    ],
)
def test_what_asks_by_its_own_words(text: str, asks: bool) -> None:
    assert asks_outright(text) is asks


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("có lớp nào dạy tính lời lãi không hè", True),
        ("mở lớp vào dịp nghỉ hè", False),  # "hè" is the summer here, typed with no question before it
    ],
)
def test_the_central_particle_he_closes_a_question(text: str, question: bool) -> None:
    assert ends_as_question(text) is question
