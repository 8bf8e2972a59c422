"""Questions another office answers, beside policy words (bot/matching/elsewhere.py): the weather on a
day, where a permit is issued, a show one visits, fields turned to farming, a tax or duty, a loan, a
platform's campaign, agricultural extension named; and the in-scope questions that share their words
and must stay answered."""

from __future__ import annotations

from datetime import date

import pytest

from bot.matching.elsewhere import SCHOOLING, farming_words, permit_words, school_words, weather_words
from bot.replies import reply_for
from bot.snapshot import Snapshot


@pytest.mark.parametrize(
    ("question", "kind", "policy", "topic"),
    [
        # The weather on a day is a forecast, whatever goods are to be carried or dried.
        ("Ngày mai ở Huế có mưa không, tôi định chở hàng ra chợ Đông Ba", "unknown", None, "thoi-tiet-gia-ca"),
        ("hôm nay sài gòn nắng không, em tính phơi bánh tráng", "unknown", None, "thoi-tiet-gia-ca"),
        ("Tuần này miền Tây có bão không vậy, nhà tôi sắp giao hàng", "unknown", None, "thoi-tiet-gia-ca"),
        # …but rain without a day is the season a dryer is bought for, and support asked is the matcher's.
        ("mua máy sấy nông sản phòng khi trời mưa", "answer", "may-moc-thiet-bi", None),
        ("Mua máy sấy nông sản phòng khi trời mưa thì có được hỗ trợ không?", "answer", "may-moc-thiet-bi", None),
        ("Mai trời mưa, mua máy sấy có được hỗ trợ không?", "answer", "may-moc-thiet-bi", None),
        # Where a permit is issued is the issuing office's question, whatever workshop it is for.
        ("Giấy phép môi trường cho lò gốm thì làm ở đâu?", "unknown", None, "giay-phep-kinh-doanh"),
        ("giấy phép xây dựng nhà xưởng xin ở cơ quan nào", "unknown", None, "dat-dai"),
        ("Giấy phép phòng cháy chữa cháy cho xưởng mộc xin ở đâu?", "unknown", None, "phong-chay"),
        ("Ở đâu cấp giấy phép môi trường cho xưởng?", "unknown", None, "giay-phep-kinh-doanh"),
        # …but the cost of one, asked as a support, stays in scope (registration costs of a new enterprise).
        ("Lập doanh nghiệp thì có được hỗ trợ chi phí xin giấy phép kinh doanh không?", "answer",
         "thanh-lap-doanh-nghiep", None),
        ("Xin giấy phép môi trường cho xưởng có được khuyến công hỗ trợ chi phí không?", "suggest", None, None),
        ("Giấy phép kinh doanh có cần nộp kèm hồ sơ đề án khuyến công không?", "answer", "thu-tuc-ho-so", None),
        # A show of what an out-of-scope topic names is one people visit…
        ("Triển lãm xe hơi ở Hà Nội năm nay mở cửa ngày nào?", "unknown", None, "tro-chuyen-giai-tri"),
        # …a fair where producers bring their goods or rent a booth is khuyến công's.
        ("Năm nay có hội chợ hàng thủ công ở Hà Nội không, tôi muốn mang hàng đi bán", "answer",
         "hoi-cho-trien-lam", None),
        ("Hội chợ năm nay tổ chức ở đâu, cơ sở tôi muốn thuê gian hàng", "answer", "hoi-cho-trien-lam", None),
        # …but a job fair is the employment service's, a booth at it too.
        ("hội chợ việc làm của huyện có được hỗ trợ gian hàng không", "unknown", None, "viec-lam"),
        ("Xã tôi muốn tổ chức ngày hội tuyển dụng, có nguồn nào hỗ trợ dựng gian hàng không?", "unknown", None,
         "viec-lam"),
        # Fields turned to a crop or to raising animals are farming, support asked or not.
        ("Chuyển đất lúa sang nuôi tôm thì có được hỗ trợ không?", "unknown", None, "khuyen-nong"),
        ("chuyen ruong sang trong sen co duoc ho tro khong", "unknown", None, "khuyen-nong"),
        # …but a farmer turning to a craft is not.
        ("Chuyển từ làm ruộng sang làm nghề mây tre thì có được hỗ trợ không?", "suggest", None, None),
        # Feed is a processed product: a feed mill's machine is khuyến công's, a pig farmer's feed is not.
        ("Xưởng làm thức ăn gia súc muốn mua máy trộn thì được hỗ trợ bao nhiêu?", "answer", "may-moc-thiet-bi", None),
        ("Hộ nuôi heo mua thức ăn chăn nuôi có được hỗ trợ không?", "unknown", None, "khuyen-nong"),
        # Taxes and duties the state charges (bot.replies.charged_by_the_state), and lexicon look-alikes.
        # A duty is collected at the border, not a support: "nhập khẩu" + "máy dệt" is no machine support.
        ("Thuế nhập khẩu hạt nhựa là bao nhiêu phần trăm?", "unknown", None, "xuat-nhap-khau-hai-quan"),
        ("Hộ làm nón lá doanh thu 300 triệu thì thuế suất bao nhiêu", "unknown", None, "thue"),
        # Paying or being exempted from a tax is asked of the tax office, whatever fair or machine it is for.
        ("Mang gốm đi triển lãm bán thì có phải đóng thuế không", "unknown", None, "thue"),
        ("nhập máy sấy từ nước ngoài về thì thuế nhập khẩu bao nhiêu", "unknown", None, "xuat-nhap-khau-hai-quan"),
        # Goods held at the border are the customs office's, whatever raw material they are.
        ("Nguyên liệu nhập từ Trung Quốc bị giữ ở cửa khẩu thì làm sao?", "unknown", None, "xuat-nhap-khau-hai-quan"),
        ("mua máy mới có được miễn thuế không", "unknown", None, "thue"),
        # Typed with its mark, "thuế" is a tax wherever it stands; typed plain, a sales tax still is.
        ("thuế bán hàng online trên tiktok shop phải đóng bao nhiêu %", "unknown", None, "thue"),
        ("thue ban hang online tiktok shop ho kinh doanh phai dong bao nhieu %", "unknown", None, "thue"),
        # A visa is the immigration office's, whatever fair it is for; support asked is the matcher's.
        ("Làm visa đi Hàn Quốc dự hội chợ thì cần giấy tờ chi, nộp ở lãnh sự quán mô?", "unknown", None,
         "ho-tich-dan-su"),
        ("Đi hội chợ nước ngoài có được hỗ trợ làm visa không", "answer", "hoi-cho-trien-lam", None),
        # Selling power to the grid is the power company's, whatever panels save; a workshop's rooftop solar saves.
        ("lắp điện mặt trời áp mái rồi bán điện dư cho điện lực được không", "unknown", None, "dien-luc"),
        ("Xưởng tôi muốn lắp điện mặt trời áp mái cho đỡ tiền điện, có chương trình nào hỗ trợ không?", "answer",
         "san-xuat-sach-hon", None),
        ("Nhà máy nước đá của tui xài điện dữ quá, có chương trình gì giúp tiết kiệm điện hông?", "answer",
         "san-xuat-sach-hon", None),
        # Lodging and guiding tourists is the tourism office's.
        ("Thủ tục đăng ký homestay với đón khách quốc tế ở làng nghề thì làm ở đâu?", "unknown", None, "du-lich"),
        # A tour sold to visitors is the tourism trade's; a study tour stays khuyến công's.
        ("Tour tham quan làng gốm Bát Tràng cuối tuần này giá bao nhiêu một người?", "unknown", None, "du-lich"),
        ("tour học tập kinh nghiệm ở Thái Lan cho chủ cơ sở khi nào tổ chức", "answer", "tham-quan-hoc-tap", None),
        # A locked page is the platform's to reopen.
        ("fanpage ban hang bi facebook khoa, lam sao lay lai", "unknown", None, "tai-khoan-mang"),
        # "ghi giùm" (write it down for me) asks for the answer; "ghi sổ sách" is still bookkeeping.
        ("Nộp hồ sơ đề án cần giấy tờ gì, ghi giùm em với", "answer", "thu-tuc-ho-so", None),
        ("htx muốn ghi sổ sách cho đúng thì có ai tư vấn không", "answer", "tu-van", None),
        # A fee is no tax: trademark fees are the trademark policy's, not the tax office's.
        ("lệ phí đăng ký nhãn hiệu bao nhiêu", "answer", "thuong-hieu", None),
        # …but a support asked for beside it stays the matcher's to read.
        ("Đi hội chợ thì khuyến công có hỗ trợ tiền thuê gian hàng không", "answer", "hoi-cho-trien-lam", None),
        # Operating a construction machine is a driving licence, not a craft class.
        ("Học lái máy đào ở đâu lấy được chứng chỉ?", "unknown", None, "giao-thong-y-te-giao-duc"),
        ("hoc lai may ui o dau", "unknown", None, "giao-thong-y-te-giao-duc"),
        # A child's school is the education office's; a worker's course stays training.
        ("Con gái tôi muốn vào trường trung cấp y, xét tuyển ra sao?", "unknown", None, "giao-thong-y-te-giao-duc"),
        ("xưởng muốn cho thợ đi học nghề hàn có được hỗ trợ học phí không", "answer", "dao-tao-nghe", None),
        # A flower market is visited, not a fair where rural producers sell their goods.
        ("Chợ hoa xuân năm nay họp ở đâu", "unknown", None, "tro-chuyen-giai-tri"),
        # …while the in-scope questions beside those words stay in scope ("thue" typed plain is rent).
        ("ho tro thue gian hang hoi cho o ha noi bao nhieu", "answer", "hoi-cho-trien-lam", None),
        ("Nhập máy dệt từ nước ngoài thì khuyến công có hỗ trợ không", "answer", "may-moc-thiet-bi", None),
        ("xưởng muốn mở lớp dạy công nhân đứng máy may công nghiệp có được hỗ trợ không", "answer", "dao-tao-nghe", None),
        # A loan is the lender's, even from a fund whose name says "hỗ trợ", and whatever it buys…
        ("Quỹ hỗ trợ nông dân có cho vay mua máy sấy lúa không?", "unknown", None, "vay-von"),
        ("Hội phụ nữ xã có cho chị em vay vốn mua mây nguyên liệu đan giỏ không?", "unknown", None, "vay-von"),
        # …but khuyến công asked beside a loan, a loan one already has, or "vay" typed for "vậy" are not.
        ("Xưởng mộc nhà tôi muốn vay ngân hàng để mua máy, vậy khuyến công có hỗ trợ một phần tiền máy không?",
         "answer", "may-moc-thiet-bi", None),
        ("Nhà tôi đã vay ngân hàng mua máy, giờ nộp hồ sơ đề án ở đâu?", "answer", "thu-tuc-ho-so", None),
        # The women's union also sends its members to craft classes: naming it asks for no loan.
        ("Hội phụ nữ xã giới thiệu chị em đi học nghề thêu, lớp này có được hỗ trợ học phí không?", "suggest", None,
         None),
        # A platform's own campaign or offer is asked of the platform, even "Lazada có hỗ trợ…"…
        ("Lazada đang có chương trình miễn phí vận chuyển cho người bán mới không?", "unknown", None, "tai-khoan-mang"),
        ("lazada co ho tro phi van chuyen cho nguoi ban moi khong", "unknown", None, "tai-khoan-mang"),
        ("TikTok Shop thu phí mấy phần trăm mỗi đơn hàng vậy?", "unknown", None, "tai-khoan-mang"),
        # …while khuyến công's help to sell on one, or a class on it, is digital transformation.
        ("Bán hàng trên Shopee thì khuyến công có hỗ trợ mở gian hàng sàn thương mại điện tử không?", "answer",
         "chuyen-doi-so", None),
        ("Muốn học cách chạy ưu đãi trên Shopee thì có lớp nào không?", "answer", "chuyen-doi-so", None),
        # Agricultural extension named alone, forests and timber, the price of a kWh: other offices'.
        ("Trung tâm khuyến nông có lớp dạy trồng nấm rơm không?", "unknown", None, "khuyen-nong"),
        ("khuyến công với khuyến nông khác nhau thế nào", "answer", "khuyen-cong-la-gi", None),
        ("Khai thác gỗ keo rừng trồng nhà mình về làm đồ mộc có phải xin phép hạt kiểm lâm không?", "unknown", None,
         "khuyen-nong"),
        ("Xưởng mộc mới nhập lô gỗ thông, kiểm lâm xuống đòi giấy tờ nguồn gốc. Giấy đó xin ở đâu?", "unknown", None,
         "khuyen-nong"),
        ("Giá điện giờ cao điểm cho xưởng cơ khí tính bao nhiêu một ký điện?", "unknown", None, "dien-luc"),
        # …but solar power installed with support is an industry khuyến công backs, not a tariff.
        ("Xưởng dùng điện mặt trời thì có được khuyến công hỗ trợ lắp đặt không?", "answer", "nganh-nghe-uu-tien", None),
        # A forecast asked with "hông" at the end of its clause; a permit applied for with its own file.
        ("Mai Đà Nẵng có mưa hông, tui định phơi mực", "unknown", None, "thoi-tiet-gia-ca"),
        ("Xin giấy phép môi trường cho lò gốm thì nộp hồ sơ ở sở nào?", "unknown", None, "giay-phep-kinh-doanh"),
        # Business matters another office settles, beside their in-scope twins.
        # A company's charter capital, or the registration office as the one filed with, is registration's…
        ("mở công ty cơ khí nhỏ thì vốn điều lệ ít nhất là bao nhiêu", "unknown", None, "giay-phep-kinh-doanh"),
        ("Chuyển hộ kinh doanh thành công ty thì nộp hồ sơ lên phòng đăng ký kinh doanh nào?", "unknown", None,
         "giay-phep-kinh-doanh"),
        # …while the cost of setting up a production enterprise in a hard-hit area, asked as support, is a policy.
        ("hộ kd làm gốm ở xã miền núi muốn lên công ty thì có được hỗ trợ chi phí đăng ký không", "answer",
         "thanh-lap-doanh-nghiep", None),
        ("Công ty vốn điều lệ 5 tỷ có thuộc đối tượng được hỗ trợ không?", "answer", "doi-tuong-ap-dung", None),
        # Hiring workers or looking for a job is the employment service's…
        ("xưởng mộc cần tuyển thợ phụ gấp thì đăng tin ở đâu", "unknown", None, "viec-lam"),
        ("Cháu mới học xong lớp 12, muốn xin vào làm công nhân may thì hỏi ai?", "unknown", None, "viec-lam"),
        # …while training the workers one has hired is khuyến công's class.
        ("Cơ sở tôi cần tuyển thêm thợ dệt, có được hỗ trợ đào tạo không?", "answer", "dao-tao-nghe", None),
        # A locked account is the platform's; khuyến công's help to sell online is digital transformation.
        ("tài khoản tiktok shop của em bị khóa rồi, làm sao mở lại", "unknown", None, "tai-khoan-mang"),
        ("Muốn bán hàng trên Shopee thì có được hỗ trợ mở tài khoản không?", "answer", "chuyen-doi-so", None),
        # A lawsuit is the court's or a lawyer's; protecting a trademark with support is a policy.
        ("Đại lý lấy 300 bao bánh tráng rồi không trả tiền, tôi muốn khởi kiện thì làm sao?", "unknown", None,
         "phap-ly-tranh-chap"),
        ("Bị làm nhái nhãn hiệu thì khuyến công có hỗ trợ đăng ký bảo hộ không?", "answer", "thuong-hieu", None),
        # Sued by the neighbours, then a want of one's own: the suit is the story of the want; what to do
        # about the suit itself, or a lawyer, is still the court's.
        ("lò gạch bị dân kiện vì khói, muốn di dời ra cụm công nghiệp", "answer", "di-doi-o-nhiem", None),
        ("bị hàng xóm kiện rồi, muốn thuê luật sư thì ở đâu", "unknown", None, "phap-ly-tranh-chap"),
        # "điều kiện", "sự kiện" are no lawsuit; a class's teacher hired is no market price.
        ("điều kiện để được hỗ trợ đào tạo nghề", "answer", "dao-tao-nghe", None),
        ("có đủ điêu kiện tham gia bình chọn sản phẩm công nghiệp nông thôn tiêu biểu ko", "answer", "san-pham-tieu-bieu",
         None),
        # A registration fee is the registration office's, said with or without "lệ"; support for it is a policy.
        ("phí đăng ký thành lập cty tnhh bn tiền, nộp online đc ko", "unknown", None, "giay-phep-kinh-doanh"),
        ("khuyến công có hỗ trợ phí đăng ký thành lập công ty không", "answer", "thanh-lap-doanh-nghiep", None),
        ("Tiền thuê giáo viên dạy nghề đan lát hết bao nhiêu tiền một lớp?", "answer", "dao-tao-nghe", None),
        # Another office's phone number goes there; khuyến công's own is the contact policy.
        ("cho xin số điện thoại chi cục thuế", "unknown", None, "thue"),
        ("Số điện thoại trung tâm khuyến công tỉnh là bao nhiêu?", "answer", "lien-he", None),
        # A workshop's environmental monitoring or fee is the environment's office; support against pollution is not.
        ("Xưởng dệt nhuộm phải quan trắc nước thải mấy lần một năm?", "unknown", None, "giay-phep-kinh-doanh"),
        ("Xưởng gây ô nhiễm muốn di dời vào cụm công nghiệp có được hỗ trợ không?", "answer", "di-doi-o-nhiem", None),
        # What renting a market service or a stall costs is the market's; a fair's booth is a policy.
        ("Thuê người làm sổ sách kế toán cho xưởng thì bao nhiêu tiền một tháng?", "unknown", None,
         "thoi-tiet-gia-ca"),
        ("Đi hội chợ thuê gian hàng hết bao nhiêu tiền một gian?", "answer", "hoi-cho-trien-lam", None),
        # A household's house is social welfare's, support asked or not; a workshop's building is not.
        ("Nhà tôi nghèo, có được hỗ trợ sửa nhà ở không?", "unknown", None, "tro-cap-xa-hoi"),
        # Growing and raising, as a class or a model, are agricultural extension's; a drying class is not.
        ("Xã mình có mở lớp dạy kỹ thuật trồng nấm linh chi không?", "unknown", None, "khuyen-nong"),
        ("Khuyến công có hỗ trợ làm mô hình nuôi cá lồng không?", "unknown", None, "khuyen-nong"),
        ("Hỗ trợ xây dựng mô hình trình diễn máy sấy nông sản", "answer", "mo-hinh-trinh-dien", None),
        # Fire safety is the fire police's, even beside a complaint's words.
        ("Xưởng mộc có phải làm hồ sơ PCCC không, ai duyệt?", "unknown", None, "phong-chay"),
        # A standard's certificate, its cost or issuer, is the certifier's; consulting with support is a policy.
        ("Làm chứng nhận HACCP cho cơ sở nước mắm thì tốn bao nhiêu tiền?", "unknown", None, "an-toan-thuc-pham"),
        ("Chứng nhận HACCP có được khuyến công hỗ trợ tư vấn không?", "answer", "tu-van", None),
        # Which permits a business needs is the issuing offices'; the papers of a proposal are a policy's.
        ("Mở quán ăn trong làng gốm thì cần xin những giấy phép gì?", "unknown", None, "giay-phep-kinh-doanh"),
        ("Cần những giấy phép gì để được tham gia đề án khuyến công?", "answer", "thu-tuc-ho-so", None),
        # A registration fee or registering online is registration's; a trademark's fee and a proposal's are not.
        ("Lập công ty TNHH 2 thành viên thì lệ phí đăng ký là bao nhiêu?", "unknown", None, "giay-phep-kinh-doanh"),
        ("dang ky ho kinh doanh online tren dich vu cong duoc khong", "unknown", None, "giay-phep-kinh-doanh"),
        ("Lệ phí đăng ký nhãn hiệu cho công ty bao nhiêu?", "answer", "thuong-hieu", None),
        ("Doanh nghiệp có phải đóng lệ phí khi nộp hồ sơ đề án không?", "answer", "thu-tuc-ho-so", None),
        # The capital needed to open a company is registration's; the size of a small enterprise is eligibility.
        ("cty tnhh 2 tv cần ít nhất bao nhiêu vốn mới lập được", "unknown", None, "giay-phep-kinh-doanh"),
        ("Tiêu chí doanh nghiệp nhỏ và vừa để được khuyến công là bao nhiêu vốn?", "answer", "doi-tuong-ap-dung",
         None),
        # A shop locked on a platform is the platform's; a class on raising bees is agricultural extension's.
        ("shop lazada của em bị khóa vĩnh viễn thì có mở lại được không", "unknown", None, "tai-khoan-mang"),
        ("có lớp dạy nuôi ong lấy mật không", "unknown", None, "khuyen-nong"),
        # Unpaid wages are the labour office's, unless asked of a proposal.
        ("Chủ xưởng nợ lương 3 tháng rồi thì công nhân báo ai?", "unknown", None, "bao-hiem-lao-dong"),
        ("Xưởng chậm trả lương thợ có bị loại khỏi đề án không?", "suggest", None, None),
        # Typed without diacritics, the same matters, and the words they share with a policy's.
        ("bi dai ly quyt tien hang, gio muon kien ho thi lam sao", "unknown", None, "phap-ly-tranh-chap"),
        ("thue ke toan dich vu cho ho kinh doanh het bao nhieu tien 1 thang", "unknown", None, "thoi-tiet-gia-ca"),
        ("xa co lop tap huan ky thuat trong rau sach khong", "unknown", None, "khuyen-nong"),
        ("xin ho tro lam mo hinh nuoi ga tha vuon o dau", "unknown", None, "khuyen-nong"),
        ("di hoi cho thue gian hang het bao nhieu tien mot gian", "answer", "hoi-cho-trien-lam", None),
        # Applying for a permit, with or without a "where", is the issuing office's; a discharge permit is the
        # workshop's environmental permit, while treating its waste water with support is a policy.
        ("xin giấy phép xả thải cho xưởng nhuộm", "unknown", None, "giay-phep-kinh-doanh"),
        ("muốn xin giấy phép môi trường thì làm sao", "unknown", None, "giay-phep-kinh-doanh"),
        ("xưởng có giấy phép xả thải rồi, muốn làm hệ thống xử lý nước thải có được hỗ trợ không", "answer",
         "di-doi-o-nhiem", None),
        # A business licence feared as a condition of support is who is eligible, not the licence's office.
        ("phải có giấy phép kinh doanh mới được hỗ trợ hả", "answer", "doi-tuong-ap-dung", None),
        ("xin giấy phép kinh doanh ở đâu", "unknown", None, "giay-phep-kinh-doanh"),
        # Borrowing money is a loan, whatever it buys; the machine's own support is a policy.
        ("có chỗ nào cho mượn tiền mua máy không", "unknown", None, "vay-von"),
        # A university's enrolment is the education office's; a vocational class enrolling is training.
        ("Năm nay tuyển sinh đại học điểm chuẩn bao nhiêu?", "unknown", None, "giao-thong-y-te-giao-duc"),
        ("Trung tâm đang tuyển sinh lớp nghề may không?", "answer", "dao-tao-nghe", None),
        # "cho mau" is "so that it is quick", not "chỗ mẫu" (a demonstration model) typed plain.
        ("Đăng tin tìm thợ mộc ở đâu cho mau có người làm?", "unknown", None, "viec-lam"),
        ("cho em hỏi làm sao cho mau được duyệt hồ sơ", "answer", "thu-tuc-ho-so", None),
        # The safety inspection of a boiler is the labour office's; plain "kiem" there is "kiểm", not "kiếm" (find).
        ("kiem dinh noi hoi cua xuong thi lien he co quan nao", "unknown", None, "bao-hiem-lao-dong"),
        ("hđđt cho hộ kinh doanh bắt buộc dùng từ khi nào", "unknown", None, "thue"),
        # An OCOP star rating is the OCOP programme's; an OCOP product at a fair is the fair policy's. Changing the
        # address on a registration certificate is the registration office's.
        ("khô mực của tui muốn được chấm OCOP 4 sao thì nộp hồ sơ bên nào vậy", "unknown", None, "ocop-nong-thon-moi"),
        ("sản phẩm OCOP 3 sao đi hội chợ có được hỗ trợ không", "answer", "hoi-cho-trien-lam", None),
        ("Sau sáp nhập tôi có phải đổi địa chỉ trên giấy chứng nhận đăng ký hộ kinh doanh không, đổi ở đâu?", "unknown",
         None, "giay-phep-kinh-doanh"),
        # A social-policy bank loan against a land title is the bank's.
        ("vay nhcsxh 100tr mua máy may có cần thế chấp sổ đỏ ko", "unknown", None, "vay-von"),
        # A village road to mend is the roads office's, even asked with "làm đơn xin".
        ("đường bê tông vô xóm tôi bể hết rồi, làm đơn xin sửa đường thì gửi ai", "unknown", None,
         "giao-thong-y-te-giao-duc"),
        # Looking for a skilled hand to hire is the employment service's; one to pass on a craft is training.
        ("tìm thợ mộc lành nghề ở Biên Hòa lương 12tr, ai biết giới thiệu e vs", "unknown", None, "viec-lam"),
        ("tìm thợ lành nghề về truyền nghề cho thanh niên trong làng", "answer", "dao-tao-nghe", None),
    ],
)
def test_another_offices_question_goes_there_beside_policy_words(
    shipped: Snapshot, question: str, kind: str, policy: str | None, topic: str | None
) -> None:
    reply = reply_for(shipped, question, date.today())
    assert (reply.kind, reply.policy_id) == (kind, policy)
    assert reply.match is not None and reply.match.out_of_scope == topic


@pytest.mark.parametrize(
    ("question", "permit"),
    [
        ("Giấy phép môi trường cho lò gốm thì làm ở đâu?", "giay phep moi truong cho"),
        ("Ở đâu cấp giấy phép môi trường cho xưởng?", "giay phep moi truong cho"),
        # A permit the writer has or lacks, or another paper filed where: the question is not the permit.
        ("có giấy phép kinh doanh rồi thì làm đề án ở đâu", None),
        ("Chưa có giấy phép kinh doanh thì nộp hồ sơ ở đâu?", None),
        ("Giấy phép kinh doanh có cần nộp kèm hồ sơ không?", None),
    ],
)
def test_a_permit_is_asked_for_only_when_it_is_what_is_asked_where(question: str, permit: str | None) -> None:
    assert permit_words(question) == permit


@pytest.mark.parametrize(
    ("question", "weather"),
    [
        ("mai có mưa không", "mưa"),
        ("dự báo thời tiết hôm nay thế nào", "thời tiết"),
        # Typed plain, "mua" is buying and "nang" raising; without a day, rain is a season.
        ("mai co mua may say khong", None),
        ("mua máy sấy phòng khi trời mưa", None),
        ("nâng cấp lò sấy hôm nay có kịp không", None),
        # A day's word typed with other diacritics is another word: "mái tôn" is a tin roof, not tomorrow.
        ("lò sấy làm bằng mái tôn, nắng mặt trời, nhà nước có giúp làm to hơn không", None),
    ],
)
def test_the_weather_is_asked_on_a_day_with_its_own_words(question: str, weather: str | None) -> None:
    assert weather_words(question) == weather


@pytest.mark.parametrize(
    ("question", "farming"),
    [
        ("chuyển đổi đất lúa sang nuôi tôm càng", "nuoi tom cang"),
        ("chuyển từ làm ruộng sang làm nghề mây tre", None),
        ("chuyển xưởng sang trong cụm công nghiệp", "trong cum cong"),  # the matcher names no topic for it
    ],
)
def test_fields_turned_over_to_farming(question: str, farming: str | None) -> None:
    assert farming_words(question) == farming


@pytest.mark.parametrize(
    ("question", "kind", "policy"),
    [
        # "Ưu tiên", "học phí" of a school: an exam's priority points, admission, a pupil's fees.
        ("Cháu nhà tôi là người Mông, thi vào lớp 10 trường huyện có được cộng điểm không?", "unknown", None),
        ("Con bộ đội xuất ngũ xét tuyển cao đẳng có ưu tiên gì không", "unknown", None),
        ("hoc sinh vung sau co duoc giam hoc phi khong a", "unknown", None),
        ("Cô ơi con tôi đậu đại học Huế, có chế độ ưu tiên nào cho con em vùng biển không?", "unknown", None),
        ("diem uu tien khu vuc 2 nong thon la bao nhieu", "unknown", None),
        # …while priority trades, a craft class's fees and its enrolment stay khuyến công's.
        ("Làm đồ gỗ mỹ nghệ có nằm trong nhóm ngành được ưu tiên không?", "answer", "nganh-nghe-uu-tien"),
        ("Lớp dạy nghề thêu ở xã có phải đóng học phí không?", "answer", "dao-tao-nghe"),
        # Points added in a contest of products are the contest's, not an exam's.
        ("Gốm nhà tôi từng đoạt giải cấp huyện, có được cộng điểm khi xét sản phẩm tiêu biểu không?", "answer",
         "san-pham-tieu-bieu"),
    ],
)
def test_a_school_matter_goes_to_the_education_office(
    shipped: Snapshot, question: str, kind: str, policy: str | None
) -> None:
    reply = reply_for(shipped, question, date.today())
    assert (reply.kind, reply.policy_id) == (kind, policy)
    if kind == "unknown":
        assert reply.match is not None and reply.match.out_of_scope == "giao-thong-y-te-giao-duc"


@pytest.mark.parametrize(
    ("question", "school"),
    [
        ("được cộng điểm khi thi tốt nghiệp không", SCHOOLING),
        ("sinh viên năm nhất có được ưu tiên ở ký túc xá không", SCHOOLING),
        ("thi công chức người dân tộc được cộng mấy điểm", SCHOOLING),
        # Priority points without an exam, a school or a pupil may be a contest's or a proposal's.
        ("đề án ở xã khó khăn có được cộng điểm ưu tiên không", None),
        # Folded, "cong diem" is also "khuyến công điểm mới"; learning a trade is khuyến công's class.
        ("nghi dinh khuyen cong diem moi la gi", None),
        ("lớp dạy nghề mây tre khi nào tuyển sinh", None),
        # A child enrolled in a grade or moved to another school is the education office's…
        ("năm sau bé nhà em vào lớp 1, nộp đơn ở trường thôn bên được không", SCHOOLING),
        ("xin học lớp 10 cho con ở trường huyện cần giấy gì", SCHOOLING),
        ("chuyen truong cho chau ve que noi thi lam sao", SCHOOLING),
        # …but a course's length is no grade.
        ("đăng ký vào lớp 3 tháng học đan lục bình ở đâu", None),
    ],
)
def test_a_school_matter_is_named_by_its_own_words(question: str, school: str | None) -> None:
    assert school_words(question) == school


@pytest.mark.parametrize(
    ("question", "kind", "policy", "topic"),
    [
        # Enrolling a child in school is the education office's, "giấy tờ" and "đăng ký" notwithstanding.
        ("muốn xin cho con gái vào lớp 6 trường thị trấn thì phải làm giấy tờ gì", "unknown", None,
         "giao-thong-y-te-giao-duc"),
        # Pests on a crop and what to spray are plant protection's, "hiệu quả" notwithstanding.
        ("ruộng nhà tui bị rầy nâu phá, xịt loại nào cho hiệu quả", "unknown", None, "khuyen-nong"),
        ("cây bưởi bị sâu đục thân thì trị bằng gì", "unknown", None, "khuyen-nong"),
        # …while a workshop that processes rice, or a label for a rice product, stays khuyến công's.
        ("xưởng xay xát lúa gạo muốn mua máy sấy lúa có được hỗ trợ không", "answer", "may-moc-thiet-bi", None),
        ("cơ sở làm bánh tráng từ gạo của ruộng lúa nhà mình, muốn làm nhãn mác", "answer", "thuong-hieu", None),
        ("lớp 3 tháng dạy nghề mây tre có hỗ trợ học phí không", "answer", "dao-tao-nghe", None),
    ],
)
def test_everyday_questions_of_schools_and_crop_pests_go_elsewhere(
    shipped: Snapshot, question: str, kind: str, policy: str | None, topic: str | None
) -> None:
    reply = reply_for(shipped, question, date.today())
    assert (reply.kind, reply.policy_id) == (kind, policy)
    assert reply.match is not None and reply.match.out_of_scope == topic


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # Read as a complaint ("ai xuống kiểm tra"), its question is still another office's…
        ("Lò sấy nhà tôi có bắt buộc làm hồ sơ phòng cháy chữa cháy không, ai xuống kiểm tra vậy?", "phong-chay"),
        ("Xưởng sơn có bắt buộc làm hồ sơ pccc không, ai xuống kiểm tra?", "phong-chay"),
    ],
)
def test_a_complaints_question_of_another_office_goes_there(shipped: Snapshot, question: str, topic: str) -> None:
    assert shipped.matcher.small_talk.classify(question) == "complaint"
    reply = reply_for(shipped, question, date.today())
    assert reply.kind == "unknown" and reply.match is not None and reply.match.out_of_scope == topic


def test_a_complaints_question_of_khuyen_cong_is_still_answered(shipped: Snapshot) -> None:
    # …while one of a policy's stays answered ("lắp máy xong … ai xuống kiểm tra" is the acceptance step).
    reply = reply_for(shipped, "lắp máy xong rồi thì nghiệm thu ra sao, ai xuống kiểm tra?", date.today())
    assert (reply.kind, reply.policy_id) == ("answer", "thu-tuc-ho-so")
