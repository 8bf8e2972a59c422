"""Matters a business settles with other offices, which khuyến công does not answer: registering the
business ("vốn điều lệ tối thiểu bao nhiêu", "nộp cho phòng đăng ký kinh doanh"), hiring ("đăng tin tuyển
thợ"), wages, a locked online account, a lawsuit, its environmental monitoring and fees, what renting a
service or a stall costs, fire safety, a standard's certificate, a household's house, farming classes and
models ("lớp tập huấn kỹ thuật trồng nấm", "mô hình trồng rau thủy canh"). Each rule returns words that
name the matter's topic in `policies/_out_of_scope.yaml` (bot/matching/elsewhere.py asks the matcher
which), so that where to ask comes from that file. Asked as a support, each is the matcher's to read
(elsewhere.asked_elsewhere decides that), and so is each asked of a khuyến công proposal ("đề án").
"""

from __future__ import annotations

import re

from bot.language.text import fold, folded_words, typed_words
from bot.matching.focus import question_sentence, sentences

# A business's registration with the registration office, folded: its charter capital ("vốn điều lệ tối
# thiểu"), or that office named as the one filed with ("nộp cho phòng đăng ký kinh doanh"). The cost of
# registering a new production enterprise in a hard-hit area, asked as a support, stays the matcher's.
# The capital itself is what is asked ("tối thiểu bao nhiêu"; a company's capital told to ask whether it
# qualifies is the matcher's), and the office is the addressee ("nộp cho", "lên").
_REGISTRATION = re.compile(
    r"\b(?:von dieu le(?: \w+)? (?:toi thieu|it nhat|bao nhieu|phai co|can co|la bao nhieu)|"
    r"(?:nop|gui|len|toi|den|ra) (?:cho |o |tai )?(?:phong|so|co quan) dang ky kinh doanh|"
    # …or changing the address on its certificate ("sau sáp nhập có phải đổi địa chỉ trên giấy chứng nhận…").
    r"(?:doi|thay doi|cap nhat|dieu chinh) dia chi(?: \w+){0,3} giay (?:chung nhan dang ky|phep kinh doanh))\b"
)
# …its fee ("thành lập công ty thì lệ phí đăng ký hết bao nhiêu"; a trademark's is the trademark policy's),
# or registering online ("đăng ký doanh nghiệp trên cổng quốc gia", "đăng ký kinh doanh online").
# "phí đăng ký thành lập cty bn tiền": the fee said without "lệ".
_FEE = re.compile(r"\b(?:le phi|phi (?:dang ky|thanh lap))\b")
_REGISTERED = re.compile(
    r"\b(?:thanh lap|dang ky kinh doanh|dang ky doanh nghiep|ho kinh doanh|cong ty|cty|doanh nghiep)\b"
)
_OWN_FEE = re.compile(r"\b(?:nhan hieu|thuong hieu|ma vach|sang che|kieu dang|bao ho|ocop|hoi cho|ho so|de an)\b")
_ONLINE_REGISTRATION = re.compile(
    r"\b(?:dang ky|thanh lap) (?:doanh nghiep|cong ty|cty|ho kinh doanh|kinh doanh)(?: \w+){0,2} "
    r"(?:online|truc tuyen|qua mang)|"
    r"cong (?:thong tin )?quoc gia(?: ve)? dang ky doanh nghiep\b"
)
# …or the capital needed to open one ("cty tnhh 1 tv cần vốn bao nhiêu mới mở được"), not the size that
# makes a small enterprise (an eligibility question: "doanh nghiệp nhỏ và vừa là bao nhiêu vốn").
_CAPITAL_ASKED = re.compile(
    r"\b(?:can|phai co|it nhat|toi thieu|bao nhieu) von\b|\bvon (?:bao nhieu|toi thieu|it nhat)\b"
)
_OPENED = re.compile(
    r"\b(?:mo|lap|thanh lap|dang ky) (?:cty|cong ty|doanh nghiep|dn|ho kinh doanh|ho kd)\b|"
    r"\b(?:cty|cong ty|doanh nghiep|dn)(?: \w+){0,10} (?:moi )?(?:mo|lap) duoc\b"
)
_SIZE = re.compile(r"\b(?:nho va vua|doi tuong|tieu chi|duoc coi|sieu nho)\b")
# What names the registration office's topic in the out-of-scope file.
REGISTRATION = "đăng ký kinh doanh"

# Wages unpaid or cut, folded ("công ty chậm trả lương công nhân", "nợ lương"): the labour office's.
_WAGES = re.compile(r"\b(?:no luong|cham (?:tra )?luong|khong tra luong|quyt luong|tru luong|luong toi thieu)\b")
WAGES = "nợ lương"

# Hiring or looking for a job, folded ("tuyển thợ", "đăng tin tuyển", "xin vào làm công nhân"): the
# employment service's, unless a class is what is asked ("lớp dạy nghề cho thợ mới tuyển").
_HIRING = re.compile(
    r"\b(?:(?:dang tin|can|muon|dang) tuyen(?! sinh)|tuyen (?:tho|cong nhan|nguoi|lao dong|nhan vien|nhan cong)|"
    r"xin (?:vao )?lam (?:cong nhan|nhan vien|tho)|xin viec|tim viec|kiem viec|"
    # Looking for a skilled hand to hire ("tìm thợ mộc lành nghề, lương 12tr, ai biết giới thiệu").
    r"tim (?:tho|nguoi lam|nhan cong)(?: \w+){0,3} (?:lanh nghe|luong)|gioi thieu (?:tho|viec lam|nguoi lam))\b"
)
# …a class, not a school grade ("lớp 12"); passing on a craft is one too.
_CLASS = re.compile(r"\b(?:lop(?! \d)|hoc nghe|day nghe|truyen nghe|dao tao|tap huan|khoa hoc|nang cao tay nghe)\b")
HIRING = "tuyển dụng"

# An online account locked, hacked or lost, folded ("tài khoản Shopee bị khóa, làm sao mở lại"): the
# platform's own support answers; opening a shop on one with support is digital transformation.
_ACCOUNT = re.compile(
    r"\b(?:tai khoan|shop|fanpage|page|nick|acc)(?: \w+){0,4}? (?:bi (?:facebook |zalo |tiktok |shopee )?khoa|"
    r"bi hack|bi mat|bi cam|bi han che|bi dinh chi|mo lai|lay lai|khong dang nhap|dang nhap khong)"
)
ACCOUNT = "mất tài khoản"

# A lawsuit, as typed ("kiện họ", "kiện ra tòa"; folded, "kien" is also "ý kiến", "điều kiện"): not
# "sự kiện", "điều kiện", "linh kiện", "phụ kiện", "dữ kiện", "bưu kiện", "kiện hàng", "kiện toàn"… The word
# before it is compared folded: "điêu kiện", its mark slipped, is still a condition.
_SUED = re.compile(r"(?:^|\s)(?P<before>\w+ )?kiện\b(?! hàng| toàn)")
_KIEN_OF_ANOTHER_WORD = frozenset({"dieu", "su", "linh", "phu", "du", "buu", "chung", "van", "tai"})
# …or a court or a lawyer, folded, or suing someone typed plain ("kien ho", "muon kien").
_COURT = re.compile(
    r"\b(?:khoi kien|toa an|ra toa|luat su|kien (?:ho|no|cong ty|doi|nguoi ta|len)|(?:di|muon|phai|nen) kien)\b"
)
LAWSUIT = "khởi kiện"
# Sued by others ("bị dân kiện vì khói", "hàng xóm kiện"), as typed: when a later clause wants something of
# its own ("…, muốn di dời ra cụm công nghiệp"), the suit is the story of that want.
_SUFFERED = re.compile(r"\bbị (?:\w+ ){0,2}kiện\b|\b(?:dân|hàng xóm|bà con|người dân|xóm giềng) (?:\w+ )?kiện\b")
_WANT = re.compile(r"\b(?:muốn|cần|định|tính|muon|can|dinh)\b")

# An environmental procedure of the workshop itself, folded: its monitoring, its impact assessment, its
# environmental fee, registration or discharge permit ("quan trắc môi trường định kỳ", "phí bảo vệ môi trường
# đối với nước thải", "xin phép xả thải"). Cleaner production or moving a polluting workshop, asked as a
# support, stays the matcher's.
_ENVIRONMENT = re.compile(
    r"\b(?:quan trac(?: moi truong)?|danh gia tac dong moi truong|dtm|phi bao ve moi truong|"
    r"dang ky moi truong|bao cao cong tac bao ve moi truong|phep xa (?:nuoc )?thai)\b"
)
# What names their topic in the out-of-scope file: a workshop's environmental papers are filed, like its
# environmental permit, at the one-stop office (a topic of its own would shift every policy's weights).
ENVIRONMENT = "giấy phép môi trường"

# The price of a market service or a place rented, as typed ("thuê dịch vụ kế toán bao nhiêu tiền một
# tháng", "thuê sạp ở chợ giá bao nhiêu"; typed plain, "thue" is as often "thuế")…
_RENTING = re.compile(r"\bthuê\b")
# Typed plain, "thue" is rent or tax: either way, its price asked is no policy's (but a machine is).
_RENTING_PLAIN = re.compile(r"\bthue\b(?! may\b)")
_PRICE = re.compile(
    r"\b(?:gia bao nhieu|bao nhieu tien|bao nhieu (?:mot|1|moi) (?:thang|nam|ngay)|gia thue|het bao nhieu|"
    r"ton bao nhieu|mat bao nhieu tien)\b"
)
# …not a fair's booth, a machine, an expert or a plot in an industrial cluster, which khuyến công supports
# or builds ("thuê gian hàng hội chợ hết bao nhiêu", "thuê mặt bằng trong cụm công nghiệp").
_SUPPORTED_RENT = re.compile(
    r"\b(?:hoi cho|trien lam|gian hang|thiet bi|chuyen gia|tu van|de an|cum cong nghiep|ccn)\b"
)
_MACHINE_TYPED = re.compile(r"\b(?:máy|máy móc)\b")  # folded, "may" is as often "mấy"
MARKET_PRICE = "giá"

# Housing built or repaired for a household ("hỗ trợ làm nhà ở theo chương trình 1719", "xóa nhà tạm"):
# the social-welfare office's, support asked or not (a workshop's building is "nhà xưởng"; "xây nhà ở xã…"
# may say where a workshop is built).
_HOUSING = re.compile(
    r"\b(?:(?:lam|xay|xay dung|sua|sua chua) nha o(?! (?:xa|huyen|tinh|thon|ap|phuong|khu|cum|lang|ban|tren|gan)\b)|"
    r"ho tro nha o|nha o cho ho|xoa nha tam|nha dot nat)\b"
)
HOUSING = "nhà tình thương"

# A farming model or a class on growing and raising, typed ("mô hình trồng rau thủy canh", "lớp tập huấn
# kỹ thuật trồng nấm"): agricultural extension's, unless processing is named too ("trồng và chế biến").
_FARMING_MODEL = re.compile(r"\bmô hình (?:trồng|nuôi|chăn nuôi)\b")
_FARMING_CLASS = re.compile(r"\b(?:kỹ thuật|dạy|học|tập huấn)(?: \w+){0,2}? (?:trồng|nuôi|chăn nuôi)\b")
# Typed plain, "trong" is also "inside" ("kỹ thuật trong sản xuất", "mô hình trong xưởng"): only before a
# word that is no such place or work.
_NOT_GROWN = (
    r"(?! (?:san xuat|che bien|xuong|nha xuong|qua trinh|cong doan|nghe|lang|khi|viec|linh vuc|nganh|do|may|"
    r"cum|khu|xa|tinh|huyen)\b)"
)
_FARMING_MODEL_PLAIN = re.compile(rf"\bmo hinh (?:trong|nuoi|chan nuoi){_NOT_GROWN} \w+")
_FARMING_CLASS_PLAIN = re.compile(rf"\bky thuat (?:trong|nuoi|chan nuoi){_NOT_GROWN} \w+")
_PROCESSING = re.compile(r"\b(?:che bien|san xuat|say|dong goi|thiet bi|bao quan|uom to|nuoi cay)\b")
FARMING = "kỹ thuật trồng"


# Fire safety, as typed ("hồ sơ phòng cháy chữa cháy", "PCCC"): the fire police inspect and approve it.
# Folded, only the whole phrase ("nước chua, chảy ra mương" is "chua chay").
# A tour or a ticket sold to visitors ("tour tham quan làng gốm Bát Tràng giá bao nhiêu một người"), folded:
# a travel agent's or the tourism office's (support asked for a study tour is the matcher's to read).
_TOUR = re.compile(r"\b(?:tour|ve tham quan|gia ve vao)\b")
TOUR = "kinh doanh du lịch"
_STUDY_TOUR = re.compile(r"\b(?:hoc tap|hoc hoi|khao sat|kinh nghiem)\b")  # "tour học tập kinh nghiệm": khuyến công's

# Power sold back to the grid ("lắp điện mặt trời áp mái rồi bán điện dư cho điện lực"), folded: the power
# company's, whatever saving the panels bring.
_POWER_SOLD = re.compile(r"\bban (?:lai )?dien\b(?! thoai| may| tu| lanh| gia dung)")
_SURPLUS_TYPED = re.compile(r"\b(?:điện dư|dien du)\b")  # as typed: "điện dữ quá" uses a lot of it
POWER_SOLD = "bán điện"

# A visa or a passport, folded ("làm visa đi Hàn Quốc dự hội chợ thì nộp ở lãnh sự quán mô"): the
# immigration office's or the embassy's, whatever fair it is for (support asked is the matcher's to read).
_VISA = re.compile(r"\b(?:visa|thi thuc|ho chieu|lanh su quan|dai su quan)\b")
VISA = "xin visa"

_FIRE = re.compile(r"\b(?:phòng cháy|chữa cháy|pccc|bình cứu hỏa)\b")
_FIRE_PLAIN = re.compile(r"\b(?:phong chay chua chay|pccc)\b")
FIRE = "phòng cháy chữa cháy"

# A food-safety or quality certificate by its standard's name, folded ("HACCP", "ISO 22000", "VietGAP"),
# asked what it costs or who issues it: the certifying body's, unless support is asked (khuyến công's
# consulting may help a workshop apply a standard).
_STANDARD = re.compile(r"\b(?P<standard>haccp|iso|vietgap|globalgap|fssc)\b")
# …not consulting to apply one, which khuyến công supports ("tư vấn áp dụng ISO hết bao nhiêu").
_CONSULTING = re.compile(r"\btu van\b")
_COST_OR_ISSUER = re.compile(
    r"\b(?:bao nhieu tien|het bao nhieu|ton bao nhieu|chi phi|(?:don vi|co quan|ben|noi|to chuc) nao cap|ai cap|"
    r"cap o dau|o dau cap|lam o dau|xin o dau)\b"
)


def registration_words(text: str) -> str | None:
    """REGISTRATION when a message asks of a business's charter capital, its registration fee or
    registering online, or names the registration office as the one filed with, or None."""
    as_folded = folded_words(text)
    fee = _FEE.search(as_folded) and _REGISTERED.search(as_folded) and not _OWN_FEE.search(as_folded)
    capital = _CAPITAL_ASKED.search(as_folded) and _OPENED.search(as_folded) and not _SIZE.search(as_folded)
    registering = _REGISTRATION.search(as_folded) or _ONLINE_REGISTRATION.search(as_folded)
    return REGISTRATION if registering or fee or capital else None


def wage_words(text: str) -> str | None:
    """WAGES when a message asks of wages unpaid or cut, or None."""
    return WAGES if _WAGES.search(folded_words(text)) else None


def hiring_words(text: str) -> str | None:
    """HIRING when a message asks of hiring workers or looking for a job, and not of a class, or None."""
    as_folded = folded_words(text)
    return HIRING if _HIRING.search(as_folded) and not _CLASS.search(as_folded) else None


def account_words(text: str) -> str | None:
    """ACCOUNT when a message asks of an online account locked, hacked or lost, or None."""
    return ACCOUNT if _ACCOUNT.search(folded_words(text)) else None


def lawsuit_words(text: str) -> str | None:
    """LAWSUIT when a message speaks of suing, a court or a lawyer, or None; not a suit the writer suffered
    before a want of their own."""
    if not _sues(text):
        return None
    clauses = [typed_words(clause) for clause in re.split(r"[,;.!?]", text) if clause.strip()]
    suffered = next((at for at, clause in enumerate(clauses) if _SUFFERED.search(clause)), None)
    if suffered is not None and any(_WANT.search(clause) and not _sues(clause) for clause in clauses[suffered + 1 :]):
        return None
    return LAWSUIT


def _sues(text: str) -> bool:
    befores = (fold(found["before"] or "").strip() for found in _SUED.finditer(typed_words(text)))
    sued = (before not in _KIEN_OF_ANOTHER_WORD for before in befores)
    return any(sued) or _COURT.search(folded_words(text)) is not None


def environment_words(text: str) -> str | None:
    """ENVIRONMENT when a message asks of a workshop's own environmental procedure (monitoring, impact
    assessment, the environmental fee), or None."""
    return ENVIRONMENT if _ENVIRONMENT.search(folded_words(text)) else None


def price_words(text: str) -> str | None:
    """MARKET_PRICE when a message asks what renting a service or a place costs, not a fair's booth or a
    machine, or None."""
    as_typed, as_folded = typed_words(text), folded_words(text)
    if not ((_RENTING.search(as_typed) or _RENTING_PLAIN.search(as_typed)) and _PRICE.search(as_folded)):
        return None
    # A class's costs (a teacher hired for it) are the training policy's.
    supported = _SUPPORTED_RENT.search(as_folded) or _CLASS.search(as_folded) or _MACHINE_TYPED.search(as_typed)
    return None if supported else MARKET_PRICE


def housing_words(text: str) -> str | None:
    """HOUSING when a message's question sentence asks of a household's home built or repaired, or None
    (a story may tell of houses built around a workshop: "người ta xây nhà ở nhiều, hàng xóm phàn nàn")."""
    asked = question_sentence(sentences(text)) if text.strip() else text
    return HOUSING if _HOUSING.search(folded_words(asked)) else None


def farming_model_words(text: str) -> str | None:
    """FARMING when a message asks of a model of growing or raising, and names no processing, or None."""
    as_typed, as_folded = typed_words(text), folded_words(text)
    if not (_FARMING_MODEL.search(as_typed) or _FARMING_MODEL_PLAIN.search(as_typed)):
        return None
    return None if _PROCESSING.search(as_folded) or _MACHINE_TYPED.search(as_typed) else FARMING


def farming_class_words(text: str) -> str | None:
    """FARMING when a message asks of a class on growing or raising techniques, and names no
    processing, or None."""
    as_typed, as_folded = typed_words(text), folded_words(text)
    if not ((_FARMING_CLASS.search(as_typed) or _FARMING_CLASS_PLAIN.search(as_typed)) and _CLASS.search(as_folded)):
        return None
    return None if _PROCESSING.search(as_folded) or _MACHINE_TYPED.search(as_typed) else FARMING


def tour_words(text: str) -> str | None:
    """TOUR when a message asks of a tour or a ticket sold to visitors, or None."""
    as_folded = folded_words(text)
    return TOUR if _TOUR.search(as_folded) and not _STUDY_TOUR.search(as_folded) else None


def power_sale_words(text: str) -> str | None:
    """POWER_SOLD when a message asks of selling power to the grid, or None."""
    sold = _POWER_SOLD.search(folded_words(text)) or _SURPLUS_TYPED.search(typed_words(text))
    return POWER_SOLD if sold else None


def visa_words(text: str) -> str | None:
    """VISA when a message names a visa, a passport or an embassy, or None."""
    return VISA if _VISA.search(folded_words(text)) else None


def fire_words(text: str) -> str | None:
    """FIRE when a message names fire safety, or None."""
    return FIRE if _FIRE.search(typed_words(text)) or _FIRE_PLAIN.search(folded_words(text)) else None


# An OCOP star rating ("muốn được chấm OCOP 4 sao thì nộp hồ sơ bên nào"), folded: the OCOP programme's, not a
# contest of khuyến công's own ("sản phẩm OCOP có được dự bình chọn sản phẩm tiêu biểu không").
_OCOP_RATED = re.compile(
    r"\b(?:(?:cham|xep hang|danh gia|cong nhan|nang hang|len|dat) (?:ocop )?|ocop )(?:\d|mot|hai|ba|bon|nam) sao\b"
)
_OWN_CONTEST = re.compile(r"\b(?:binh chon|tieu bieu|hoi cho|trien lam)\b")
OCOP = "ocop"


def ocop_words(text: str) -> str | None:
    """OCOP when a message asks of an OCOP star rating and of no contest or fair of khuyến công's, or None."""
    as_folded = folded_words(text)
    return OCOP if _OCOP_RATED.search(as_folded) and not _OWN_CONTEST.search(as_folded) else None


def standard_words(text: str) -> str | None:
    """The standard whose certificate a message asks the cost or the issuer of ("HACCP … tốn bao
    nhiêu, đơn vị nào cấp"), or None."""
    as_folded = folded_words(text)
    found = _STANDARD.search(as_folded)
    if found is None or not _COST_OR_ISSUER.search(as_folded) or _CONSULTING.search(as_folded):
        return None
    return found.group("standard")


# A khuyến công proposal named ("đề án"): what else the message asks of is asked of the proposal
# ("chậm trả lương thợ có bị loại khỏi đề án không"), the matcher's to read.
_PROPOSAL = re.compile(r"\bde an\b")


def another_matter(text: str) -> str | None:
    """The words of a matter another office handles, asked beside no proposal: registration, wages, an
    online account, a lawsuit, an environmental procedure, a rent's price, a farming class, fire safety,
    a visa, power sold to the grid, a tour, a standard's certificate; or None."""
    if _PROPOSAL.search(folded_words(text)):
        return None
    return (
        registration_words(text)
        or wage_words(text)
        or account_words(text)
        or lawsuit_words(text)
        or environment_words(text)
        or price_words(text)
        or farming_class_words(text)
        or fire_words(text)
        or visa_words(text)
        or power_sale_words(text)
        or tour_words(text)
        or standard_words(text)
        or ocop_words(text)
    )
