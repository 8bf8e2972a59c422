"""Long stories: the question sentence and the words that say what the person wants decide the reply,
not the words of the story around them, and a story does not become two questions."""

from __future__ import annotations

from datetime import date

import pytest

from bot.matching.asking import says_none
from bot.matching.focus import asks_for_any, question_sentence
from bot.replies import reply_for
from bot.snapshot import Snapshot


@pytest.mark.parametrize(
    ("parts", "asked"),
    [
        # An opening "Mấy" before a noun is the plural "several", no question word.
        (["Mấy hộ làm nhang trong xóm muốn gom lại làm chung.", "Bên khuyến công giúp vụ này ra sao"], 1),
        (["Mấy chị em trong tổ đều làm thêu.", "Muốn mở lớp dạy thêm cho người mới thì hỏi ở đâu"], 1),
        # Before a count's unit it asks how many.
        (["Mấy ngày thì có kết quả xét duyệt", "Em nộp hồ sơ rồi"], 0),
    ],
)
def test_an_opening_may_asks_only_before_a_unit(parts: list[str], asked: int) -> None:
    assert question_sentence(parts) == parts[asked]


@pytest.mark.parametrize(
    ("clause", "denies"),
    [
        ("Nhà em làm gốm, chưa đi hội chợ lần nào", True),  # never once
        ("Tôi không muốn dời xưởng đi đâu", True),  # nowhere
        ("Cả năm nay tụi tui chưa đi đâu", True),
        ("không biết đi đâu để hỏi", False),  # still asks where
        ("chưa đi hội chợ thì hỏi ai", False),  # "thì" opens the question
        ("muốn đi hội chợ ở đâu", False),
    ],
)
def test_a_negated_going_or_wanting_closes_on_nowhere_or_never(clause: str, denies: bool) -> None:
    assert says_none(clause) is denies


@pytest.mark.parametrize(
    ("sentence", "bare"),
    [
        ("Bên mình có mở lớp nào vậy không?", True),
        ("Trung tâm có khóa nào không ạ, học phí ra sao?", True),
        ("có cách nào hông", True),
        # Whether any programme helps: the story says with what.
        ("Không biết nhà nước có chương trình nào giúp không?", True),
        ("co chinh sach nao ho tro khong a", True),
        ("Có chương trình nào hỗ trợ đi học hỏi ở nước ngoài không?", False),  # it names what it asks for
        ("có hỗ trợ gì không", False),
    ],
)
def test_a_question_that_only_asks_whether_there_is_any_names_nothing_of_its_own(sentence: str, bare: bool) -> None:
    assert asks_for_any(sentence) is bare


@pytest.mark.parametrize(
    ("story", "policy"),
    [
        # The want names the topic; "có lớp nào không" alone would be any class (vocational training).
        (
            "Má tôi làm bánh tráng ba chục năm, giờ giao lại cơ sở cho tôi. Tôi chỉ biết làm bánh, sổ sách với "
            "tính giá thì mù tịt. Tôi muốn học một khóa ngắn về quản lý, làm chủ cơ sở. Bên mình có mở lớp nào không?",
            "nang-luc-quan-ly",
        ),
        # The want says what help is meant; "có chương trình nào giúp không" alone is khuyến công itself.
        (
            "Nhà tôi ba đời làm nghề gò đồng ở Quảng Nam. Con cháu bỏ nghề đi làm xa hết. Tôi muốn truyền lại nghề "
            "cho mấy đứa nhỏ trong thôn mà không có kinh phí. Không biết nhà nước có chương trình nào giúp không?",
            "dao-tao-nghe",
        ),
        # "chưa đi hội chợ lần nào" tells, it asks nothing: one question, about the fair.
        (
            "Nhà em làm nón lá ở Huế, trước giờ chỉ bỏ mối cho chợ và bán online, chưa đi hội chợ lần nào. Tháng tới "
            "có hội chợ ở Đà Nẵng, tiền gian hàng với tiền xe cũng mấy chục triệu. Khuyến công có hỗ trợ tiền gian "
            "hàng không ạ?",
            "hoi-cho-trien-lam",
        ),
        # A rhetorical "ai đúng ai sai" between two claims asks nothing of its own: the last sentence asks.
        (
            "Tôi tính mở xưởng nhỏ làm máy lọc nước ở một xã của Bình Định. Anh tôi nói bây giờ nhà nước khuyến "
            "khích công nghiệp môi trường. Chị tôi lại bảo chỉ nghề truyền thống mới được giúp. Ai đúng ai sai? "
            "Ngành của tôi có nằm trong danh sách được hỗ trợ không?",
            "nganh-nghe-uu-tien",
        ),
        # "kiểu thế" points back: the story says what kind of help is asked.
        (
            "Xưởng nhà tớ làm miến dong ở Bắc Kạn cũ, bán mãi chả có lãi. Bọn tớ cần người có chuyên môn xuống tận nơi "
            "xem lại cách quản lý tiền nong với cách bán hàng. Có ai hỗ trợ kiểu thế không nhỉ?",
            "tu-van",
        ),
        # The machines bought are the story ("máy hút chân không" ends on no question); the question is the payment.
        (
            "Năm ngoái lò bánh của tôi được duyệt hỗ trợ mua máy hút chân không và máy đóng gói. Máy lắp xong, "
            "nghiệm thu cả rồi mà tiền vẫn chưa về. Thường sau nghiệm thu bao lâu thì được giải ngân?",
            "thu-tuc-ho-so",
        ),
        # A question sentence of generic words ("có tổ chức không, có mất phí không") asks about the sentence
        # before it: the managers' course, not the fair whose example meets "mất phí".
        (
            "Em làm kế toán ở một công ty chế biến hạt điều, giám đốc muốn cử 3 trưởng bộ phận đi học khóa quản trị "
            "sản xuất và quản lý tài chính. Bên khuyến công có tổ chức không, có mất phí không ạ",
            "nang-luc-quan-ly",
        ),
    ],
)
def test_a_story_is_answered_by_what_it_asks_and_wants(shipped: Snapshot, story: str, policy: str) -> None:
    reply = reply_for(shipped, story, date.today())
    assert (reply.kind, reply.policy_ids[:1]) in (("answer", (policy,)), ("suggest", (policy,)))


@pytest.mark.parametrize(
    ("text", "policy_id"),
    [
        # Voice typed as one run: the story first, then the want.
        ("dạ em chào anh chị em ở tiền giang nhà em làm bánh phồng mấy chục năm rồi giờ em muốn làm cái bao bì "
         "cho nó đẹp để bán vô siêu thị mà không biết có được hỗ trợ không", "thuong-hieu"),
        # "Cần Thơ" states no want.
        ("dạ em ở cần thơ nhà em làm bánh pía mấy chục năm rồi giờ em muốn làm lại cái bao bì cho nó đẹp để bán vô "
         "siêu thị có được hỗ trợ không", "thuong-hieu"),
        ("alo cho chú hỏi chú làm nghề rèn ở an giang cũng lâu rồi mấy đứa thợ trẻ trong lò chú muốn đi học thêm "
         "nghề hàn thì có khóa nào không", "dao-tao-nghe"),
    ],
)
def test_a_run_on_story_is_read_at_its_want(shipped: Snapshot, text: str, policy_id: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_ids) == ("answer", (policy_id,))


def test_a_run_on_with_two_wants_keeps_both_in_view(shipped: Snapshot) -> None:
    text = ("alo chị ở vĩnh long nhà chị làm gạch gốm lâu rồi giờ chị muốn học thêm cách quản lý sổ sách mà cũng muốn "
            "bán hàng trên mạng luôn thì có hỗ trợ không")
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, set(reply.policy_ids[:2])) == ("suggest", {"nang-luc-quan-ly", "chuyen-doi-so"})
