"""How each half of a message that asks two things is matched: a half the whole message agrees with,
a half that ties two policies, the words a half names its topic by, and one-ask messages that must
stay one answer."""

from __future__ import annotations

from datetime import date

import pytest

from bot.replies import reply_for
from bot.snapshot import Snapshot


@pytest.mark.parametrize(
    ("text", "both"),
    [
        # A one-sentence half that points to its policy only loosely ("có hỗ trợ chi phí thiết kế không")
        # counts when the whole message ranks that policy too.
        ("Cơ sở em làm bánh tráng muốn thay bao bì, logo cho đẹp hơn: có hỗ trợ chi phí thiết kế không, và đi "
         "hội chợ có được hỗ trợ gian hàng không?", ("thuong-hieu", "hoi-cho-trien-lam")),
        # A first half that ties a model and cleaner production is settled by the rest of the message.
        ("Làm mô hình trình diễn lò sấy chè tiết kiệm năng lượng thì được hỗ trợ tối đa bao nhiêu? À mà có đoàn "
         "nào đi tham quan các mô hình như vậy ở nơi khác không?", ("mo-hinh-trinh-dien", "tham-quan-hoc-tap")),
        # A label named by what it sticks on ("cái nhãn chai") is about labels and packaging.
        ("Xưởng tôi làm tương ớt, muốn đi hội chợ ở Huế tháng sau, với lại muốn làm lại cái nhãn chai cho bắt "
         "mắt, khuyến công hỗ trợ được cả hai không?", ("hoi-cho-trien-lam", "thuong-hieu")),
        # A want that follows the question up ("…ko, nếu có thì e muốn xin…") is a second question, typed short too.
        ("cs e ở đặc khu Phú Quý có thuộc diện đc hỗ trợ khuyến công ko, nếu có thì e muốn xin hỗ trợ làm web với "
         "gian hàng online", ("doi-tuong-ap-dung", "chuyen-doi-so")),
        # A sentence that says it asks two things joins them with "với" too.
        ("cho em hỏi 2 việc: hỗ trợ mở lớp dạy nghề may cho thợ mới với hỗ trợ đi hội chợ, em ở Nghệ An",
         ("dao-tao-nghe", "hoi-cho-trien-lam")),
        # Ordinals dictated without a pause ("…bao nhiêu hai là…").
        ("cho em hỏi hai cái một là mua máy đóng gói thì được hỗ trợ bao nhiêu hai là hồ sơ phải nộp trước ngày nào",
         ("may-moc-thiet-bi", "thu-tuc-ho-so")),
        # A request after "mà", its addressee first ("Mà em cho chị xin…"), asks a second thing.
        ("Chị muốn đăng ký bình chọn sản phẩm tiêu biểu cho nhang quế của chị. Mà em cho chị xin luôn số điện thoại "
         "trung tâm khuyến công để chị gọi hỏi trực tiếp nha", ("san-pham-tieu-bieu", "lien-he")),
        # One question asked of two things named before "thì": one question for each.
        ("Nhóm chị làm nón lá. Đi tham quan làng nghề tỉnh bạn với đăng ký nhãn hiệu tập thể thì có được hỗ trợ "
         "không ạ?", ("tham-quan-hoc-tap", "thuong-hieu")),
    ],
)
def test_each_half_of_two_questions_finds_its_own_policy(shipped: Snapshot, text: str, both: tuple[str, str]) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_ids) == ("two", both)


@pytest.mark.parametrize(
    ("text", "policy_id"),
    [
        # "tốn" (it costs) names no topic: the cost of the trip is a detail of the one question.
        ("Chú tính cho mấy đứa thợ đi tham quan xưởng mộc ở tỉnh bạn, khuyến công có lo chuyến đi đó không, tốn "
         "bao nhiêu tiền?", "tham-quan-hoc-tap"),
        # A weak first half that tells a story is not let through by the lower floor of a one-sentence half.
        ("Hôm trước tôi lên gặp cán bộ trung tâm khuyến công tỉnh, họ nói xưởng tôi đủ điều kiện xin hỗ trợ máy "
         "xay bột. Họ dặn về làm hồ sơ mà tôi quên mất. Tôi có giấy phép kinh doanh với báo giá máy rồi. Giờ còn "
         "thiếu giấy gì nữa, hạn chót nộp là khi nào?", "thu-tuc-ho-so"),
        # One question about a label: answered, not offered among other guesses.
        ("Mình muốn làm cái nhãn dán mới cho hũ mật ong, khuyến công có hỗ trợ thiết kế không?", "thuong-hieu"),
        # Two things of one policy named before "thì", and two asks of one policy: one answer.
        ("Làm logo với bao bì mới cho bánh pía thì có được hỗ trợ tiền thiết kế không?", "thuong-hieu"),
        ("Mua máy với lắp đặt dây chuyền thì khuyến công có hỗ trợ không?", "may-moc-thiet-bi"),
        ("Hồ sơ gồm những gì và nộp ở đâu thì được duyệt nhanh?", "thu-tuc-ho-so"),
        # A vessel a workshop buys is its equipment.
        ("Xưởng mắm nhà em tính thay thùng chượp gỗ bằng thùng nhựa, có được hỗ trợ tiền mua không?",
         "may-moc-thiet-bi"),
        # What the asker tells after the question is its context: the production line is the model's.
        ("Mô hình trình diễn được hỗ trợ mấy phần trăm và tối đa bao nhiêu tiền vậy ad, bên em định làm dây chuyền "
         "gạch không nung đầu tiên ở xã", "mo-hinh-trinh-dien"),
        # A joining word typed with diacritics is spelt as one ("rối" is no "rồi"), and "mà X còn …" says "still".
        ("sổ sách cái xưởng tui rối quá, có ai bên khuyến công xuống tư vấn quản lý tài chánh giùm hông", "tu-van"),
        ("Bún của HTX chị bán trên mạng cũng được lắm, mà bao bì còn in sơ sài, chưa có nhãn hiệu gì hết. Khuyến "
         "công có giúp đăng ký nhãn hiệu với thiết kế lại bao bì không em?", "thuong-hieu"),
        # "còn" before "chỗ nào", "ai" asks what is left ("is there still…"), it turns to no other matter.
        ("Bình Thuận nhập vô Lâm Đồng rồi, giờ tui muốn hỏi chuyện khuyến công thì phải lên tới Đà Lạt hả, ở Phan "
         "Thiết còn chỗ nào tiếp hông?", "lien-he"),
        # …and told after the question asked with "?": its context, no second question.
        ("Dạ cho em hỏi bên mình có tư vấn lập dự án đầu tư cho cơ sở sản xuất nhỏ không ạ? Em tính mở rộng xưởng "
         "mà không biết tính toán sao ạ.", "tu-van"),
        # Where to hand in the dossier, at one office or the other, is the procedure's question.
        ("hồ sơ nộp ở Sở Công Thương hay Trung tâm Khuyến công zậy, tui ở Cà Mau", "thu-tuc-ho-so"),
        ("mh trình diễn kt đc hỗ trợ tối đa bn tiền vậy ad", "mo-hinh-trinh-dien"),
        # What the writer does not know, told with a full stop before the question asked with "?", is the problem.
        ("Sổ sách lộn xộn, tôi không biết giá thành thật của từng sản phẩm là bao nhiêu. Tôi cũng tính mở rộng nên "
         "cần lập dự án đầu tư. Bên khuyến công có cử chuyên gia về tư vấn lập dự án tại xưởng không ạ?", "tu-van"),
    ],
)
def test_a_message_that_asks_one_thing_gets_one_answer(shipped: Snapshot, text: str, policy_id: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_ids) == ("answer", (policy_id,))
