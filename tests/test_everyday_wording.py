"""Owners who have never heard the policies' names describe what they want in their own words: a stall
at a market fair, a judging with a certificate, an old machine swapped, water wasted, the money that has
not arrived, others coming to copy; and a step chained inside one condition ("nếu làm… rồi… thì") is no
second question."""

from __future__ import annotations

from datetime import date

import pytest

from bot.matching.halves import halves
from bot.replies import reply_for
from bot.snapshot import Snapshot


@pytest.mark.parametrize(
    ("text", "policy_id"),
    [
        # A market stall ("sạp") at a "chợ phiên" is a booth at a fair.
        ("cuối năm có chợ phiên hàng Tết ở huyện, nhà tôi muốn thuê sạp bán bánh tét thì có được hỗ trợ không",
         "hoi-cho-trien-lam"),
        # Judging local goods and handing out certificates is the outstanding-product contest.
        ("thấy huyện hay chấm giải hàng làm ở địa phương rồi trao bằng khen, chiếu cói nhà tôi có gửi đi thi "
         "được không", "san-pham-tieu-bieu"),
        # Swapping the old machine for a new one is buying machines.
        ("máy ép mía nhà tôi cũ quá, muốn đổi máy mới thì có được nhà nước phụ không", "may-moc-thiet-bi"),
        # Putting an automatic machine to use, typed plain, is buying machines, whatever the product.
        ("cty e sx nhang, mun ung dung may tu dong, dc ho tro toi da bn tr", "may-moc-thiet-bi"),
        # Wanting to have a machine is buying one ("muốn có cái máy…").
        ("tui mần kẹo dừa ở bến tre, muốn có cái máy cắt kẹo cho nhanh thì nhà nước có phụ không", "may-moc-thiet-bi"),
        # A power hammer bought to spare the hands is a machine, not a skill ("tay nghề").
        ("tiệm rèn của tui tính mua cái búa máy cho đỡ cực tay, có được phụ tiền không", "may-moc-thiet-bi"),
        # A filter for the smoke is treating the pollution.
        ("lò sấy nhà em bị hàng xóm than khói, muốn lắp cái máy lọc khói thì có được hỗ trợ không", "di-doi-o-nhiem"),
        # Wasting water is what cleaner production cuts.
        ("xưởng nhuộm vải lãng phí nước quá, có ai xuống chỉ cách bớt không, có hỗ trợ không", "san-xuat-sach-hon"),
        # The support money not yet arrived asks about its disbursement.
        ("Máy lắp xong cả tháng nay mà tiền hỗ trợ chưa về, bao lâu thì họ chuyển tiền?", "thu-tuc-ho-so"),
        # Being looked after more than other trades is priority.
        ("nghề đan lát có được nhà nước để ý nhiều hơn không", "nganh-nghe-uu-tien"),
        # A small household with no company asks who is eligible, not how to set one up.
        ("nhà chỉ là hộ cá thể làm bún, không có công ty, vậy có được hưởng khuyến công không", "doi-tuong-ap-dung"),
        # A name of one's own, registered because others sell under it, is a trademark.
        ("mứt gừng nhà tui bán chạy, giờ người ta lấy tên bán lung tung, tui muốn đăng ký cái tên riêng, có được "
         "giúp không", "thuong-hieu"),
        ("chè nhà em chưa có tên riêng cho sản phẩm, muốn làm cho đàng hoàng thì có được hỗ trợ không ạ", "thuong-hieu"),
        # Inviting others over to look at a new machine and copy it is a demonstration model, not a purchase.
        ("xưởng mình mới làm cái lò sấy cau kiểu mới, tính mời bà con tới coi học theo, vậy có được hỗ trợ không",
         "mo-hinh-trinh-dien"),
        ("tôi chế được cái bếp đốt trấu đỡ tốn củi, muốn làm cho đàng hoàng để mấy hộ khác tới coi rồi làm theo, "
         "có được nhà nước góp tiền không", "mo-hinh-trinh-dien"),
        # Going to see how another village works and coming back to copy it is a study tour, not a model.
        ("tổ hợp tác tụi tui muốn đi coi làng khác làm chiếu rồi về làm theo, có được hỗ trợ tiền xe không",
         "tham-quan-hoc-tap"),
        # Two steps of one condition, joined by "rồi": one question about a demonstration model.
        ("nếu xưởng em lắp máy sấy kiểu mới rồi mời mấy hộ trong xã tới coi học theo thì nhà nước có góp tiền "
         "không", "mo-hinh-trinh-dien"),
        # Typed plain, "kiem" after "tiet" is "tiết kiệm" (saving), not "kiếm" (to find).
        ("lo say cua toi muon tiet kiem dien thi co duoc ho tro khong", "san-xuat-sach-hon"),
        ("Có số nào khác của bộ phận khuyến công không?", "lien-he"),
        # A name kept from others is a trademark; someone who knows coming over to advise is consulting; a form and
        # a plan asked for by the commune are the application; the state "chi" for a class is support for it.
        ("cái tên trà của chị sợ người khác lấy mất thì đi đăng ký giữ cái tên ở đâu, có được hỗ trợ không",
         "thuong-hieu"),
        ("Mần ăn chừ ế quá, tui muốn có người rành rẽ tới coi giùm nên bán hàng kiểu chi, bên mình có cử người "
         "xuống không?", "tu-van"),
        ("cán bộ xã bảo về làm cái đơn xin rồi kèm cái phương án mà em không biết viết, có mẫu sẵn không",
         "thu-tuc-ho-so"),
        ("Tui muốn mời thầy về dạy một lớp may cho chừng 30 chị em. Vậy tiền mở lớp đó nhà nước có chi cho không?",
         "dao-tao-nghe"),
        # Power bills, moving a kiln away from the neighbours' complaints, forming "a hội", selling by phone.
        ("xưởng mình xài điện nhiều quá tháng nào cũng mấy chục triệu, có ai tới chỉ cách đỡ tốn không",
         "san-xuat-sach-hon"),
        ("muốn dời cái lò ra chỗ xa nhà dân cho đỡ bị than phiền, có được giúp tiền dời không", "di-doi-o-nhiem"),
        ("mấy lò gạch trong xã muốn chung nhau thành một hội cho dễ nói chuyện với bên mua, có ai giúp không",
         "lien-ket-hiep-hoi"),
        ("giấy tờ xin giúp đỡ nộp chỗ nào, bao lâu có kết quả", "thu-tuc-ho-so"),
        ("cho xin email hoặc zalo của cán bộ phụ trách mảng hỗ trợ cơ sở sx ở Đắk Lắk vs ạ", "lien-he"),
        # A household asking whether it counts like a company; whether one's trade is among those supported; rounds of
        # selling in another province with a stall to rent.
        ("Tui chỉ là hộ làm bánh tét nhỏ xíu, hổng có công ty gì hết trơn. Vậy tui có được xét giúp giống mấy doanh "
         "nghiệp hông?", "doi-tuong-ap-dung"),
        ("Tôi làm nghề sửa chữa máy bơm nước thì có nằm trong những nghề được nhà nước giúp không?",
         "nganh-nghe-uu-tien"),
        ("năm ni muốn đem hàng ra Hà Nội dự mấy đợt bày bán hàng các tỉnh mà tiền thuê quầy mắc quá, có chi đỡ không hè",
         "hoi-cho-trien-lam"),
        # Others coming over to see it with their own eyes and copy it is a model; a handshake to share orders a linkage.
        ("bên em muốn làm một xưởng sấy trái cây kiểu mới để bà con quanh vùng tới coi tận mắt rồi về làm theo thì có "
         "được hỗ trợ tiền dựng không chị ơi", "mo-hinh-trinh-dien"),
        ("Mấy lò bánh tráng quanh đây tính hùn với nhau làm ăn chung, chia đơn hàng cho nhau. Kiểu bắt tay vầy có được "
         "nhà nước tiếp sức hông?", "lien-ket-hiep-hoi"),
        # Inviting the others over to look and copy is a model, not a study tour.
        ("Tôi muốn dựng một xưởng mẫu ép viên nén mùn cưa để mời các hộ trong vùng đến xem tận nơi rồi về làm theo, "
         "việc này nhà nước có bỏ tiền giúp không?", "mo-hinh-trinh-dien"),
    ],
)
def test_a_need_told_in_everyday_words_finds_its_policy(shipped: Snapshot, text: str, policy_id: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.policy_ids[:1]) == ("answer", (policy_id,))


@pytest.mark.parametrize(
    "text",
    [
        # Raising animals named by the animal is a farm's question, even in a hard-to-reach area.
        "nhà tui nuôi heo với nuôi gà ở vùng sâu, có được hỗ trợ con giống không",
        "nuôi vịt ở miền núi thì nhà nước có cho tiền mua con giống không",
    ],
)
def test_raising_animals_is_sent_to_the_farming_office(shipped: Snapshot, text: str) -> None:
    reply = reply_for(shipped, text, date.today())
    assert (reply.kind, reply.match.out_of_scope if reply.match else None) == ("unknown", "khuyen-nong")


@pytest.mark.parametrize(
    ("text", "cuts"),
    [
        # "rồi" inside an open "nếu…" closed by "thì" chains two steps of one condition: no cut.
        ("nếu xưởng em lắp máy sấy kiểu mới rồi mời mấy hộ trong xã tới coi học theo thì nhà nước có góp tiền "
         "không", []),
        ("nếu mình làm xong hồ sơ rồi gửi lên sở thì bao lâu có kết quả", []),
        # "rồi nếu…" after a question that has ended opens a second one.
        ("lò sấy bị kêu ô nhiễm thì có được hỗ trợ xử lý không rồi nếu xin thì hồ sơ gồm những gì",
         [("lò sấy bị kêu ô nhiễm thì có được hỗ trợ xử lý không", "nếu xin thì hồ sơ gồm những gì")]),
    ],
)
def test_a_step_chained_inside_a_condition_is_no_second_question(text: str, cuts: list[tuple[str, str]]) -> None:
    assert halves(text) == cuts
