"""The marks by which a writer says that a second question follows inside one message: a follow-up that
closes on its purpose, one want over two deeds ("muốn vừa…, vừa…"), a list numbered in words inside one
line, "song song" after a story that says it asks two things; and one-ask messages those marks must not
split."""

from __future__ import annotations

from datetime import date

import pytest

from bot.replies import reply_for
from bot.snapshot import Snapshot


@pytest.mark.parametrize(
    ("text", "both"),
    [
        # "nếu có thì gọi số nào để hỏi thêm": the follow-up asks, then says what for.
        ("cơ sở em làm bún ở xã, không biết có thuộc diện được khuyến công giúp không, nếu có thì gọi số nào để "
         "hỏi thêm ạ", ("doi-tuong-ap-dung", "lien-he")),
        # One want over two deeds, the second opened by "vừa" after a pause.
        ("xưởng dệt tụi em muốn vừa thay khung dệt cũ bằng máy dệt tự động, vừa cho thợ đi học thêm tay nghề. Cả "
         "hai có được hỗ trợ không ạ?", ("may-moc-thiet-bi", "dao-tao-nghe")),
        # Two things told, the second after "Song song", then one question of both.
        ("Cơ sở em làm miến dong. Thợ lâu năm nghỉ gần hết, cần mở lớp dạy nghề cho chừng 15 người mới. Song "
         "song, em muốn làm lại bao bì, logo cho đẹp. Hai việc này khuyến công có giúp được không?",
         ("dao-tao-nghe", "thuong-hieu")),
        # Said to be two things: the first half's story is vouched for, though its want sentence alone
        # ("hàng đặt về nhiều…, cần mở lớp…") might lean on an order word.
        ("Tổ em dệt chiếu cói ở Kim Sơn, hàng đặt về nhiều mà chị em lớn tuổi nghỉ dần, cần mở lớp dạy nghề cho "
         "chừng 15 người trẻ trong xóm. Song song, tổ muốn được giúp đưa chiếu lên sàn thương mại điện tử mà chưa "
         "ai rành. Cho em hỏi hai việc này có được hỗ trợ không ạ?", ("dao-tao-nghe", "chuyen-doi-so")),
        # A list numbered in words inside one line.
        ("cho mình hỏi 2 việc: một là đăng ký nhãn hiệu cho sản phẩm có được hỗ trợ không, hai là đi hội chợ ở "
         "Hà Nội có được hỗ trợ gian hàng không?", ("thuong-hieu", "hoi-cho-trien-lam")),
        # A story that names the second topic, then a question sentence whose first ask is of its own.
        ("Mấy xưởng mộc trong xã muốn lập chung một hiệp hội rồi cùng làm hạ tầng một cụm công nghiệp nhỏ. "
         "Khuyến công hỗ trợ thành lập hiệp hội và làm hạ tầng cụm ra sao?", ("lien-ket-hiep-hoi", "cum-cong-nghiep")),
    ],
)
def test_a_marked_second_question_gets_its_own_policy(shipped: Snapshot, text: str, both: tuple[str, str]) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_ids) == ("two", both)


@pytest.mark.parametrize(
    ("text", "policy_id"),
    [
        # "vừa mới", "vừa rồi" say "just now": no pair of wants.
        ("Tôi vừa mới mở xưởng may ở xã, vừa rồi nghe nói có lớp dạy nghề, có được hỗ trợ không?", "dao-tao-nghe"),
        # A want of two things one question asks about, joined by "và".
        ("Ông tôi là nghệ nhân làm gốm, giờ muốn có chỗ trưng bày và giữ lại mấy bộ khuôn cổ thì có được hỗ trợ "
         "không?", "nghe-nhan-lang-nghe"),
        # A stall opened online is a shop on a platform; an oven bought is a machine bought.
        ("chị bán bánh pía, muốn mở gian hàng online trên sàn thì có được hỗ trợ không", "chuyen-doi-so"),
        ("xưởng bánh mì nhỏ muốn mua lò nướng mới, có được hỗ trợ tiền không", "may-moc-thiet-bi"),
        # A closing plea to be advised asks about what came before, not about consulting support.
        ("Sếp em bảo tìm hiểu xem xưởng có được hỗ trợ làm website bán hàng không. Nhờ ad tư vấn giúp.",
         "chuyen-doi-so"),
        ("htx muốn mua máy đóng gói có được hỗ trợ ko, mong anh chị hướng dẫn giùm em với ạ", "may-moc-thiet-bi"),
    ],
)
def test_a_message_that_asks_one_thing_stays_one_answer(shipped: Snapshot, text: str, policy_id: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_ids) == ("answer", (policy_id,))
