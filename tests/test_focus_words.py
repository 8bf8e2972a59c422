"""Reading single words and cutting two questions: rules that do not need the whole bot."""

from __future__ import annotations

import pytest

from bot.matching.focus import (
    asked_clause,
    asks,
    asks_how,
    asks_how_at_end,
    asks_the_service,
    asks_when,
    ends_as_question,
    opens_as_question,
    refers_back,
    scoffs,
)
from bot.matching.follow_ups import without_reason
from bot.matching.halves import (
    halves,
    is_list_item,
    switches_topic,
    wants,
)
from bot.matching.words import WordReader


def test_a_letter_at_a_words_edge_makes_another_syllable_not_a_typo() -> None:
    reader = WordReader({"anh": 0, "thoai": 1, "xuong": 2}, ["anh", "thoai", "xuong"], [], [])
    assert reader.resolve("manh") is None  # "mảnh" is not "anh"
    assert reader.resolve("hoai") is None  # "hoài" is not "thoại"
    assert reader.resolve("xuonng") == ("xuong", 1.0)  # a slip inside the word is still repaired


def test_plain_con_in_a_message_with_diacritics_is_not_con_turning_to_another_matter() -> None:
    typed = "Tôi có con gái muốn học may thì lớp dạy nghề có hỗ trợ không"
    assert all(not second.startswith("gái") for _, second in halves(typed))
    asked = "Lớp dạy nghề hỗ trợ bao nhiêu, còn hội chợ thì sao"
    assert any(switches_topic(asked, second) for _, second in halves(asked))
    plain = "lop day nghe ho tro bao nhieu, con hoi cho thi sao"
    assert any(switches_topic(plain, second) for _, second in halves(plain))


def test_plain_con_opening_a_sentence_is_not_con_turning_to_another_matter() -> None:
    typed = "Xưởng tôi làm gốm ở Bát Tràng. Con trai tôi muốn đưa hàng đi hội chợ thì có được hỗ trợ không?"
    assert all(not second.startswith("trai") for _, second in halves(typed))
    turning = "Lớp dạy nghề có mở năm nay không? Còn hội chợ thì sao?"
    assert any(switches_topic(turning, second) for _, second in halves(turning))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Vậy thì hồ sơ nộp ở đâu?", True),
        ("Thế cần giấy tờ gì?", True),
        ("Nếu vậy tôi phải làm gì trước?", True),
        ("Hồ sơ gồm những gì vậy?", False),
        ("Thủ tục xin hỗ trợ máy sấy thế nào?", False),
    ],
)
def test_a_sentence_opening_with_vay_or_the_points_back(sentence: str, expected: bool) -> None:
    assert refers_back(sentence) is expected


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("Lớp dạy nghề mở khi nào, để tôi báo thợ xin nghỉ?", False),
        ("Lớp dạy nghề mở khi nào, học phí có được hỗ trợ không?", True),
    ],
)
def test_a_comma_cuts_two_questions_only_when_the_part_after_asks_by_its_words(text: str, cut: bool) -> None:
    after = text.split(", ", 1)[1]
    assert (after in [second for _, second in halves(text)]) is cut


@pytest.mark.parametrize(
    ("part", "opens", "how"),
    [
        ("thì bao lâu mới được duyệt vậy", True, True),
        ("bao lau thi dc giai ngan", True, True),
        ("giờ muốn hỏi làm sao để đăng ký nhãn hiệu", True, True),
        ("hỗ trợ mua máy được bao nhiêu phần trăm vậy", False, True),  # near its end
        ("hồ sơ nộp ở đâu", False, True),
        ("đi lại bao nhiêu lần mà vẫn bị trả hồ sơ", False, False),  # "how often", not asked
        ("máy sấy có được hỗ trợ không", False, False),
        ("hồ sơ gồm những gì", False, False),
    ],
)
def test_a_question_asking_how_long_much_or_where_is_read_at_its_opening_or_end(part: str, opens: bool, how: bool) -> None:
    assert (opens_as_question(part), asks_how(part)) == (opens, how)


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("Khuyến công khuyến kiếc gì", True),
        ("hỗ trợ hỗ trợt gì", True),
        ("máy móc máy miếc gì", True),
        ("support kiểu j v", True),
        ("khuyến công là gì", False),
        ("hồ sơ cần những giấy tờ gì", False),
        ("hỗ trợ máy móc là gì vậy", False),
    ],
)
def test_an_echo_or_kieu_before_gi_scoffs_rather_than_asks(part: str, expected: bool) -> None:
    assert scoffs(part) is expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("sao phải nộp nhiều giấy tờ vậy", True),
        ("vậy tại sao chưa duyệt", True),
        ("bao giờ mới có người xuống khảo sát vậy", True),
        ("có ai xem hồ sơ chưa", True),
        ("có cán bộ nào gọi lại không", True),
        ("làm sao để biết hồ sơ được duyệt chưa", False),
        ("hỗ trợ máy móc được bao nhiêu", False),
        ("ai được hưởng hỗ trợ đào tạo nghề", False),
        # Help asked with something named is a question of its own; "có ai giúp không" alone is not.
        ("có ai giúp tui điền mẫu đơn đề án không", False),
        ("co ai huong dan cach chup anh san pham ban online ko", False),
        ("có ai giúp không vậy", True),
        ("có ai tư vấn cho không", True),
        # Whether the service works at all, not on which day it opens.
        ("vậy có làm việc hông", True),
        ("thứ bảy trung tâm có làm việc không", False),
    ],
)
def test_a_question_asking_why_or_whether_someone_will_act_asks_the_service(part: str, expected: bool) -> None:
    assert asks_the_service(part) is expected


@pytest.mark.parametrize(
    ("part", "asking", "ending"),
    [
        # Typed with diacritics, a word is a question word only as such: "máy" is not "mấy", "chỉ" not
        # "chi", "hỏng" not "hông", "hơn" not "hôn".
        ("Năm ngoái xưởng mới mua thêm một cái máy", False, False),
        ("Cả xóm giờ còn có hai nhà làm, tôi chỉ", False, False),
        ("Cái lò sấy cũ bị hỏng", False, False),
        ("Chúng tôi muốn sản xuất sạch hơn", False, False),
        ("Xưởng có mười lao động, chủ yếu là chị em", False, False),
        ("Mua máy sấy có được hỗ trợ không ạ", True, True),
        ("Văn phòng mở cửa mấy giờ", True, False),
        ("Lò gốm của tôi được hỗ trợ những gì", True, True),
        # Typed plain, a word may be any that folds to it.
        ("mua may say co duoc ho tro hong", True, True),
        ("hoi cho to chuc o dau vay", True, True),
    ],
)
def test_question_words_are_read_as_typed(part: str, asking: bool, ending: bool) -> None:
    assert (asks(part), ends_as_question(part)) == (asking, ending)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # A sentence of the story that only contains a question word ("không rành") is no question.
        ("Xưởng tôi không có ai rành máy tính. Khuyến công có hỗ trợ làm phần mềm quản lý không?", False),
        ("Lớp dạy nghề năm nay có mở không. Hội chợ thì có được hỗ trợ gian hàng không?", True),
    ],
)
def test_a_message_is_cut_at_a_sentence_end_only_after_a_sentence_that_ends_as_a_question(text: str, cut: bool) -> None:
    first = text.split(". ", 1)[0] + "."
    assert (first in [before for before, _ in halves(text)]) is cut


@pytest.mark.parametrize(
    ("text", "first", "cut"),
    [
        # "không còn", "chỉ còn" without a pause: "còn" says "still", it turns to no other matter.
        ("Năm ngoái tôi đi hội chợ ở huyện, giờ không còn huyện nữa. Thi sản phẩm tiêu biểu thì làm sao?",
         "Năm ngoái tôi đi hội chợ ở huyện, giờ không", False),
        ("Cả làng giờ chỉ còn ba lò gốm, mua máy nhào đất có được hỗ trợ không?", "Cả làng giờ chỉ", False),
        ("Lớp dạy nghề có mở không, còn hội chợ thì sao?", "Lớp dạy nghề có mở không", True),
        # …but a "không" that closes a "có … không" question, before a part that asks again, ends it.
        ("co so minh co duoc uu tien khong con mua may thi duoc ho tro may phan tram",
         "co so minh co duoc uu tien khong", True),
    ],
)
def test_con_after_a_negation_or_only_says_still(text: str, first: str, cut: bool) -> None:
    assert (first in [before for before, _ in halves(text)]) is cut


@pytest.mark.parametrize(
    "text",
    [
        # "hay", "hoặc" offer the alternatives of one question; "thêm" alone says "more".
        "Nghề đan lát có được ưu tiên không, hay chỉ nghề truyền thống mới được?",
        "Xã bắt lò gạch phải làm lại ống khói hoặc dời đi chỗ khác, khuyến công có hỗ trợ gì không?",
        "Xưởng tôi muốn thuê thêm một dãy nhà để đặt máy, có được hỗ trợ không?",
        "Làm đồ nhựa tái chế có nằm trong ngành được ưu tiên hông, hay chỉ mấy nghề truyền thống mới được?",
    ],
)
def test_or_and_more_join_no_second_question(text: str) -> None:
    assert not any(before.endswith(("không", "khói", "thuê", "hông")) for before, _ in halves(text))


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # Typed by voice, "mà nếu được thì…" follows the question up with another ("…thì làm thủ tục sao?").
        ("nghề làm chiếu có được hỗ trợ không mà nếu được thì hồ sơ nộp ở đâu",
         ("nghề làm chiếu có được hỗ trợ không", "nếu được thì hồ sơ nộp ở đâu")),
        # A want, then a sentence that asks for another thing: "Cho em xin…", not "Xin hỏi…".
        ("Em muốn đi hội chợ ở Huế. Cho em xin số điện thoại trung tâm.",
         ("Em muốn đi hội chợ ở Huế.", "Cho em xin số điện thoại trung tâm.")),
    ],
)
def test_a_follow_up_or_a_request_after_a_want_is_a_second_part(text: str, cut: tuple[str, str]) -> None:
    assert cut in halves(text)


def test_xin_hoi_after_a_want_asks_the_same_thing() -> None:
    text = "Công ty tôi muốn dự bình chọn sản phẩm tiêu biểu. Xin hỏi điều kiện như thế nào?"
    assert ("Công ty tôi muốn dự bình chọn sản phẩm tiêu biểu.", "Xin hỏi điều kiện như thế nào?") not in halves(text)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # "vs lại" is "với lại" typed short: it joins two questions as "với lại" does, without a comma.
        ("lớp dạy nghề có đc hỗ trợ ko vs lại đi hội chợ thì có ko",
         ("lớp dạy nghề có đc hỗ trợ ko", "đi hội chợ thì có ko")),
        ("lop day nghe co dc ho tro ko vs lai di hoi cho thi co ko",
         ("lop day nghe co dc ho tro ko", "di hoi cho thi co ko")),
    ],
)
def test_vs_lai_joins_two_questions(text: str, cut: tuple[str, str]) -> None:
    assert cut in halves(text)
    assert switches_topic(text, cut[1])


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # "rồi" between two things done, the question sentences later: a story, not two questions.
        ("Tôi đang tính lắp một dây chuyền mới rồi mời các cơ sở trong xã tới xem để làm theo. "
         "Nếu làm thì được hỗ trợ bao nhiêu?",
         ("Tôi đang tính lắp một dây chuyền mới", "mời các cơ sở trong xã tới xem để làm theo. "
          "Nếu làm thì được hỗ trợ bao nhiêu?")),
        ("Xưởng tôi mới mua máy sấy và thuê thêm thợ. Khuyến công có hỗ trợ gì không?",
         ("Xưởng tôi mới mua máy sấy", "thuê thêm thợ. Khuyến công có hỗ trợ gì không?")),
    ],
)
def test_a_joining_word_between_two_deeds_of_a_story_makes_no_cut(text: str, cut: tuple[str, str]) -> None:
    assert cut not in halves(text)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # …but it cuts when the part it ends or opens asks, when it turns to another matter, or when the
        # message says that it asks two things.
        ("Lập hội với nhau thì khuyến công có giúp không, rồi xử lý nước thải thì được hỗ trợ bao nhiêu?",
         ("Lập hội với nhau thì khuyến công có giúp không", "xử lý nước thải thì được hỗ trợ bao nhiêu?")),
        ("Tôi muốn mở lớp dạy nghề và đi hội chợ thì được hỗ trợ bao nhiêu?",
         ("Tôi muốn mở lớp dạy nghề", "đi hội chợ thì được hỗ trợ bao nhiêu?")),
        ("Mình muốn mở lớp truyền nghề. Ngoài ra xin số điện thoại trung tâm.",
         ("Mình muốn mở lớp truyền nghề.", "xin số điện thoại trung tâm.")),
        ("Tôi muốn mở lớp dạy nghề, đồng thời muốn học quản trị. Cả hai có được hỗ trợ không?",
         ("Tôi muốn mở lớp dạy nghề", "muốn học quản trị. Cả hai có được hỗ trợ không?")),
        # Two wants, each of its own: two requests, though neither is asked as a question.
        ("em muon dang ky thuong hieu cho nuoc mam voi ca muon di tham quan o tinh khac",
         ("em muon dang ky thuong hieu cho nuoc mam", "muon di tham quan o tinh khac")),
    ],
)
def test_a_joining_word_cuts_where_a_question_is_near_or_the_topic_turns(text: str, cut: tuple[str, str]) -> None:
    assert cut in halves(text)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # A lead that says one more question follows is left out of it, with or without diacritics.
        ("Nghề rèn có thuộc ngành được hỗ trợ không, sẵn cho hỏi mua máy búa thì được bao nhiêu?",
         ("Nghề rèn có thuộc ngành được hỗ trợ không", "mua máy búa thì được bao nhiêu?")),
        ("Di dời xưởng có được hỗ trợ không, tiện hỏi luôn hồ sơ gồm những gì?",
         ("Di dời xưởng có được hỗ trợ không", "hồ sơ gồm những gì?")),
        ("Lớp dạy nghề có mở không. Tiện thể cho em hỏi thêm hội chợ có hỗ trợ gian hàng không?",
         ("Lớp dạy nghề có mở không.", "hội chợ có hỗ trợ gian hàng không?")),
        ("lop day nghe co mo khong nhan tien cho minh hoi luon hoi cho co ho tro khong",
         ("lop day nghe co mo khong", "hoi cho co ho tro khong")),
        ("mua máy sấy có được hỗ trợ không à mà cho hỏi luôn đăng ký nhãn hiệu có được không",
         ("mua máy sấy có được hỗ trợ không", "đăng ký nhãn hiệu có được không")),
        ("Tui muốn học quản trị cho chủ cơ sở. Mà tiện hỏi luôn, xưởng ở phường có được hưởng không?",
         ("Tui muốn học quản trị cho chủ cơ sở.", "Mà tiện hỏi luôn, xưởng ở phường có được hưởng không?")),
        # "Ngoài ra," opening a sentence turns to another matter even after one that only states a want.
        ("Em muốn biết mức hỗ trợ làm mô hình trình diễn. Ngoài ra, lập hiệp hội thì hỗ trợ thế nào?",
         ("Em muốn biết mức hỗ trợ làm mô hình trình diễn.", "lập hiệp hội thì hỗ trợ thế nào?")),
        # "…, tôi cũng muốn…", "…và cũng cần…": the writer wants a second thing.
        ("Tôi muốn dự bình chọn sản phẩm tiêu biểu, tôi cũng muốn lập hiệp hội. Khuyến công hỗ trợ cái nào?",
         ("Tôi muốn dự bình chọn sản phẩm tiêu biểu", "tôi cũng muốn lập hiệp hội. Khuyến công hỗ trợ cái nào?")),
    ],
)
def test_a_lead_announcing_one_more_question_cuts_and_turns_to_another_matter(text: str, cut: tuple[str, str]) -> None:
    assert cut in halves(text)
    assert switches_topic(text, cut[1])


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        # "rồi," ends a clause and "rồi mà" says "already": neither joins two questions.
        ("Đề án máy móc của tôi được duyệt rồi, bao giờ được giải ngân?",
         ("Đề án máy móc của tôi được duyệt", "bao giờ được giải ngân?")),
        ("Đề án mua máy của tui duyệt rồi mà bao giờ được giải ngân?",
         ("Đề án mua máy của tui duyệt", "mà bao giờ được giải ngân?")),
        # "sẵn tiền" is money ready to hand, not "sẵn tiện" (by the way).
        ("Đề án đào tạo nghề đã duyệt chưa. Hiện HTX không có sẵn tiền để thuê giáo viên, có tạm ứng không?",
         ("Đề án đào tạo nghề đã duyệt chưa. Hiện HTX không có", "để thuê giáo viên, có tạm ứng không?")),
        # At a bare comma the part before must end as a question: here it lists what one question asks for.
        ("thì có ai tới đánh giá, tư vấn cho không?", ("thì có ai tới đánh giá", "tư vấn cho không?")),
    ],
)
def test_a_word_that_only_looks_like_a_join_makes_no_cut(text: str, cut: tuple[str, str]) -> None:
    assert cut not in halves(text)


@pytest.mark.parametrize(
    ("part", "listed"),
    [
        ("Thứ hai, muốn đăng ký bình chọn sản phẩm tiêu biểu thì làm thế nào?", True),
        ("thu nhat la hoi cho co ho tro khong", True),
        ("Hai là hồ sơ gồm những gì?", True),
        ("Thứ hai tuần sau tôi lên trung tâm được không?", False),
    ],
)
def test_an_ordinal_opening_a_sentence_is_a_list_item(part: str, listed: bool) -> None:
    assert is_list_item(part) is listed


@pytest.mark.parametrize(
    ("part", "wanting"),
    [
        ("Em muốn biết mức hỗ trợ xây dựng mô hình trình diễn kỹ thuật.", True),
        ("Chào anh chị. Xưởng em làm bún, cũng cần hỗ trợ thiết kế bao bì", True),
        ("Tôi không muốn dời xưởng", False),  # a negated want
        ("Cán bộ xã bảo phải làm hồ sơ", False),  # "cán", not "cần"
        ("Em muốn mở lớp dạy nghề. Xưởng em ở Bắc Ninh", False),  # the want is not in the last sentence
    ],
)
def test_a_want_is_read_in_the_last_sentence_near_the_start_of_a_clause(part: str, wanting: bool) -> None:
    assert wants(part) is wanting


@pytest.mark.parametrize(
    ("part", "ending"),
    [
        # "mấy" after "ngày", "tháng", "tuần" asks which one; "may" alone typed plain is "xưởng may".
        ("hồ sơ đề án phải nộp trước ngày mấy", True),
        ("ho so nop truoc ngay may", True),
        ("hạn nộp là tháng mấy ạ", True),
        ("nộp hồ sơ trước ngày máy", False),
        ("tôi mở xưởng may", False),
        ("toi mo xuong may", False),
        # "chân không" is a vacuum: a machine named, not a question ending on "không".
        ("được duyệt hỗ trợ mua máy hút chân không", False),
        ("có hỗ trợ mua máy hút chân không không", True),
    ],
)
def test_which_day_or_month_ends_a_question(part: str, ending: bool) -> None:
    assert ends_as_question(part) is ending


@pytest.mark.parametrize(
    ("text", "cuts"),
    [
        # A part opening with "nó" (it) asks more about what the part before named.
        ("Khuyến công là cái gì, nó làm những việc gì?", []),
        ("khuyen cong la gi, no ho tro nhung gi", []),
        ("Sản xuất sạch hơn là gì? Thì nó giúp được gì cho xưởng nhỏ?", []),
        # …a part that only names "nó" later is still a question of its own.
        ("Lớp dạy nghề có mở không? Hội chợ thì nó hỗ trợ bao nhiêu?",
         [("Lớp dạy nghề có mở không?", "Hội chợ thì nó hỗ trợ bao nhiêu?")]),
    ],
)
def test_a_part_opening_with_no_makes_no_second_question(text: str, cuts: list[tuple[str, str]]) -> None:
    assert halves(text) == cuts


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # How much asked near the end, a unit after it: the part asks, though it ends on no question word.
        ("lớp dạy nghề được hỗ trợ bao nhiêu một lớp", True),
        ("hoi cho ho tro bao nhieu mot gian", True),
        # A question that only opens with "làm sao để" does not ask how at its end.
        ("lam sao de duoc ho tro lam mo hinh trinh dien ky thuat", False),
        ("đi lại bao nhiêu lần mà vẫn bị trả hồ sơ", False),
    ],
)
def test_how_much_near_the_end_of_a_part(part: str, expected: bool) -> None:
    assert asks_how_at_end(part) is expected


@pytest.mark.parametrize(
    ("sentence", "clause"),
    [
        # What follows "…, cho em hỏi" is the question; what comes before it only tells.
        ("Em mới vào nhóm Zalo, cho em hỏi khuyến công là gì vậy chị", "cho em hỏi khuyến công là gì vậy chị"),
        ("xuong toi o ha nam, xin hoi ho so nop o dau", "xin hoi ho so nop o dau"),
        ("Xưởng dệt nhà em mới mở hai năm, sẵn cho em hỏi mua máy dệt có được hỗ trợ không",
         "mua máy dệt có được hỗ trợ không"),
        ("Xưởng tôi làm gốm, tiện thể hỏi luôn là gốm có được hỗ trợ đi hội chợ không?",
         "gốm có được hỗ trợ đi hội chợ không?"),
        ("Xưởng em làm đồ nội thất, đồng thời nhận gia công, em muốn hỏi mua máy chà nhám có được hỗ trợ không",
         "em muốn hỏi mua máy chà nhám có được hỗ trợ không"),
        ("Cho em hỏi khuyến công là gì", None),  # nothing told before it
        ("Khuyến công là gì vậy", None),
    ],
)
def test_the_asked_clause_follows_cho_em_hoi(sentence: str, clause: str | None) -> None:
    assert asked_clause(sentence) == clause


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("lò sấy cau được hỗ trợ nhiêu tiền", True),  # "nhiêu" alone: how much
        ("được hỗ trợ nhiêu vậy", True),
        ("tốn nhiều tiền lắm", False),  # "nhiều": much
        ("mất bao nhiêu tiền đối ứng", False),  # "bao" before the window: how much, said earlier in the clause
    ],
)
def test_nhieu_alone_asks_how_much_at_the_end(text: str, asked: bool) -> None:
    assert asks_how_at_end(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("lớp dạy nghề năm nay bao giờ khai giảng", True),
        ("hội chợ bao giờ mở đăng ký cho cơ sở", True),
        ("xưởng tôi chưa bao giờ được hỗ trợ", False),  # never
        ("bao giờ cũng phải nộp đủ hồ sơ", False),  # always
        ("bao giờ mở lớp, xưởng tôi có 10 thợ", False),  # asked in a clause before the last
    ],
)
def test_bao_gio_anywhere_in_the_last_clause_asks_when(text: str, asked: bool) -> None:
    assert asks_when(text) is asked


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Có tạm ứng trước được hông, chớ tiền mua máy đang thiếu.", "Có tạm ứng trước được hông"),
        ("được hỗ trợ bao nhiêu, vì xưởng mới mở", "được hỗ trợ bao nhiêu"),
        # a clause after "vì" that asks is kept: it is a question, not a reason
        ("hồ sơ bị trả, vì sao vậy", "hồ sơ bị trả, vì sao vậy"),
        ("cho em hỏi mua máy có được hỗ trợ không", "cho em hỏi mua máy có được hỗ trợ không"),
    ],
)
def test_a_closing_reason_clause_is_left_out_of_what_a_half_asks(text: str, kept: str) -> None:
    assert without_reason(text) == kept
