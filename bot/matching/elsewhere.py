"""Questions another office answers, whatever policy words surround them: the weather on a day
("mai Huế có mưa không, tôi định chở hàng ra chợ"), where to get a permit the state issues ("giấy
phép môi trường cho lò gốm làm ở đâu"), a show one visits ("triển lãm xe hơi mở cửa ngày nào"),
fields turned over to farming ("chuyển đất lúa sang nuôi tôm"), a loan ("quỹ hỗ trợ phụ nữ có cho vay
không"), a sales promotion or a platform's campaign ("Shopee có flash sale cho shop mới không"), the
agricultural extension service named ("trạm khuyến nông có lớp trồng nấm không"), a school matter
("học sinh vùng cao được cộng mấy điểm ưu tiên": "ưu tiên" there is no priority trade), another
office's phone number ("số điện thoại thuế cơ sở"), and what a business settles with other offices
(bot/matching/business_matters.py: registering, hiring, a lawsuit, fire safety…). Each rule finds
the words that say so and lets the matcher name their topic in `policies/_out_of_scope.yaml` from
those words alone, so that where to ask comes from that file, never from here. Read by the reply decision
(bot/replies.py), like a tax (bot.replies.charged_by_the_state).
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from bot.language.text import fold, folded_words, is_plain, typed_words
from bot.matching.business_matters import (
    ENVIRONMENT,
    another_matter,
    farming_model_words,
    hiring_words,
    housing_words,
)
from bot.matching.focus import asks, ends_as_question, question_sentence, sentences
from bot.matching.matcher import Matcher

# The words by which a message asks for support ("hỗ trợ", "khuyến công"), in the matcher's
# normalised text (the lexicon has read "phụ tiền", "hổ trợ"… as "hỗ trợ"): then it is the matcher's.
SUPPORT = (" ho tro ", " khuyen cong ")

# The weather, as typed with its diacritics: typed plain, "mua" is buying ("mua máy"), "nang" is
# raising ("nâng cấp"), "bao" a bag or "bao nhiêu"; "thời tiết", "nhiệt độ" are themselves plain.
_WEATHER = re.compile(r"\b(?:mưa|nắng|bão|giông|rét|áp thấp|gió mùa|sương mù|thời tiết|nhiệt độ)\b")
_WEATHER_PLAIN = re.compile(r"\b(?:thoi tiet|nhiet do|du bao)\b")
# …about a day to come or this one, folded: "mưa" alone is as often the rainy season a dryer is bought
# for ("mua máy sấy phòng khi trời mưa"), and only a forecast is asked for a day.
_DAY = re.compile(
    r"\b(?:mai|ngay mai|mai mot|ngay mot|hom nay|bua nay|toi nay|chieu nay|sang nay|dem nay|trua nay|"
    r"tuan nay|tuan sau|tuan toi|cuoi tuan|may ngay toi|ngay toi|sap toi)\b"
)

# A permit or licence the state issues, folded ("giấy phép môi trường", "giấy phép xây dựng"), with the
# words that say which (at most three)…
_PERMIT = re.compile(r"\b(?P<permit>giay phep(?: \w+){0,3})")
# …asked where to get it: which office, where to apply ("xin ở sở nào", "làm ở đâu", "ai cấp").
_WHERE = re.compile(
    r"\b(?:o dau|o mo|cho nao|noi nao|so nao|co quan nao|ben nao|phong nao|cap nao|ai cap|ai duyet|xin o|nop o|lam o)\b"
)
# …not when the writer only says they have or lack one ("chưa có giấy phép thì nộp hồ sơ ở đâu": the
# question is where to file), nor when another paper is what is filed where ("…thì làm đề án ở đâu").
_HAS_ONE = re.compile(r"\b(?:co|chua|khong|ko|k)\s*$")
_OTHER_PAPER = re.compile(r"\b(?:ho so|de an|don|du an)\b")
# …but a "hồ sơ" filed for a permit being applied for is the permit's own ("xin giấy phép môi trường…
# thì nộp hồ sơ ở sở nào"): only a proposal or a project is then another paper.
_APPLYING = re.compile(r"\b(?:xin|lam|de xin)\s*$")
_OTHER_THAN_ITS_FILE = re.compile(r"\b(?:de an|du an)\b")
# Nothing, or only a "may I ask", before the permit: it is what the question is about.
_OPENING = re.compile(r"(?:(?:cho )?(?:em |toi |minh |tui |chau )?hoi |xin hoi |ad oi |anh oi |chi oi )?")
# Which permits are needed ("cần xin những giấy phép gì", "giấy phép nào"): asked of the issuing offices.
_WHICH_PERMITS = re.compile(r"giay phep (?:gi|nao)\b")
# A message that opens by applying for the permit ("xin giấy phép xả thải cho xưởng nhuộm", "muốn xin giấy
# phép môi trường thì làm sao") asks how to get it, with or without a "where".
_APPLIES_FIRST = re.compile(rf"{_OPENING.pattern}(?:(?:muon|can|dinh|tinh) )?(?:xin|xin cap|lam) ")

# Fields turned over to a crop or to raising animals ("chuyển ruộng sang trồng sen", "chuyển
# đất lúa sang nuôi tôm"), folded: that is farming, a khuyến nông question even when support is asked.
# Not "chuyển sang làm…" ("chuyển từ làm ruộng sang làm nghề mây tre" turns to a craft).
_TO_FARMING = re.compile(r"\bchuyen(?: doi)?(?: \w+){0,4}? sang (?P<farming>(?:trong|nuoi)(?: \w+){0,2})")


# Agricultural (or fisheries) extension named, in the matcher's normalised text: its centres and stations
# answer for their own classes, seeds and boats ("trung tâm khuyến nông có lớp dạy trồng nấm không"),
# unless the message names khuyến công too ("khuyến công với khuyến nông khác nhau thế nào").
_EXTENSION = re.compile(r"\bkhuyen (?:nong|ngu)\b")

# The forest rangers named: timber's origin, cutting and carrying it are theirs to answer ("kiểm lâm đòi hồ
# sơ nguồn gốc gỗ, làm ở đâu"). Typed with diacritics, or folded after a word that makes it an office
# (typed plain, "kiem lam" may be "kiếm làm": "đi kiếm làm ăn").
_RANGERS = re.compile(r"\bkiểm lâm\b")
_RANGERS_PLAIN = re.compile(r"\b(?:hat|chi cuc|can bo|ben|cua|xin phep) kiem lam\b")

# A sales promotion, folded ("khuyến mại", "khuyến mãi", "flash sale", "mã giảm giá"): registered with the
# trade office, or a platform's own campaign when a platform is named (the lexicon reads "Shopee",
# "Lazada", "TikTok Shop" as "thương mại điện tử").
_PROMOTION = re.compile(r"\b(?:khuyen mai|flash sale|freeship|mien phi van chuyen|ma giam gia|voucher)\b")
_PLATFORM = re.compile(r"\bthuong mai dien tu\b")
_PLATFORM_TYPED = re.compile(r"\bsàn\b")  # typed plain, "san" is as often "sản" (sản phẩm)
# …and what only a platform offers or charges its sellers, asked beside its name ("Shopee giảm phí vận
# chuyển cho người bán mới không", "TikTok Shop thu phí mấy phần trăm"; not "giảm giá thành", lowering
# one's costs).
_PLATFORM_OFFER = re.compile(
    r"\b(?:phi van chuyen|giam phi|giam gia(?! thanh)|sale|uu dai|tro gia|phi san|hoa hong|chiet khau|thu phi|"
    r"mat phi|phan tram)\b"
)
# …unless a class is asked for ("có lớp dạy chạy ưu đãi trên Shopee không": that is digital selling).
_LEARNING = re.compile(r"\b(?:lop|hoc|tap huan|dao tao|huong dan)\b")
# A platform's own support ("Lazada có hỗ trợ phí vận chuyển…"), in the matcher's normalised text, is
# no khuyến công support.
_PLATFORM_SUPPORT = re.compile(r"\bthuong mai dien tu (?:co )?ho tro\b")
# What a platform's seller centre is asked about its campaigns, as the out-of-scope file names it.
PLATFORM_CAMPAIGN = "flash sale"

# A loan asked for, folded ("vay vốn", "cho vay", "xin vay", "lãi suất"; alone, typed plain, "vay" is as
# often the particle "vậy": "…có thuộc diện ưu tiên không vay")…
_LOAN = re.compile(
    r"\b(?:vay von|vay tien|cho vay|xin vay|muon vay|duoc vay|vay mua|vay ngan hang|vay uu dai|vay tin chap|"
    r"vay the chap|khoan vay|goi vay|lai suat|"
    # …lent to someone ("cho chị em vay", "cho hộ nghèo vay"; not "cho em hỏi vậy").
    r"cho (?:chi em|hoi vien|ho ngheo|ho can ngheo|ho|ba con|nong dan|phu nu|co so|doanh nghiep) vay)\b"
)
# …not one the writer already has ("cơ sở đang vay vốn ngân hàng có được tham gia đề án không")…
_HAS_A_LOAN = re.compile(r"\b(?:dang|da|con|dang co|da co|con no)\s*$")
# …from a lender whose name says "hỗ trợ" ("quỹ hỗ trợ nông dân", "quỹ hỗ trợ phụ nữ"): in the
# matcher's normalised text, a fund's name is no support asked of khuyến công.
_FUND_NAME = re.compile(r"\bquy ho tro\b")


# A school matter, folded: admission ("xét tuyển", "thi vào lớp 10", "đậu đại học"), a scholarship, a
# university or school by name, or a pupil's fees and priority ("học sinh vùng cao có được miễn học phí
# không"). "Ưu tiên", "học phí", "đào tạo" are khuyến công words too (priority trades, a craft class's
# fees): here they are the education office's.
_SCHOOL = re.compile(
    r"\b(?:uu tien xet tuyen|xet tuyen|tuyen sinh|thi dai hoc|thi vao (?:lop|truong|dai hoc|cao dang)|"
    r"thi tot nghiep|thi thpt|diem chuan|diem thi|(?:do|dau|truot|rot) (?:dai hoc|cao dang)|hoc bong|"
    r"truong (?:dai hoc|su pham|thpt|pho thong|tieu hoc|trung hoc|mam non)|"
    r"(?:hoc sinh|sinh vien)(?: \w+){0,6} (?:hoc phi|uu tien|diem)|"
    # …or a child enrolled in a school grade or moved to another school ("xin cho con vào lớp 6", "chuyển
    # trường cho cháu"; a course of "3 tháng" is a class's length, not a grade).
    r"(?:vao|len|nhap hoc|xin hoc|hoc) lop (?:1[0-2]|[1-9])(?! (?:thang|tuan|ngay|buoi|khoa))|chuyen truong)\b"
)
# Points added or priority points, folded or as typed ("cộng điểm": folded, "cong diem" is also "khuyến
# công điểm mới")…
_POINTS = re.compile(r"\b(?:diem uu tien|cong (?:them |may |bao nhieu |\d+ )diem)\b")
_POINTS_ADDED = re.compile(r"\bcộng (?:thêm )?điểm\b")
# …are an exam's only beside one, a school or a pupil ("cộng điểm khi bình chọn sản phẩm tiêu biểu" is
# the contest's): "thi" as typed (folded, it is also "thì"), or an admission region ("khu vực 2").
_EXAM = re.compile(r"\b(?:dai hoc|cao dang|hoc sinh|sinh vien|lop \d+|khu vuc \d|kv ?\d|cong chuc|vien chuc)\b")
_EXAM_TYPED = re.compile(r"\bthi\b")
# …unless the message speaks of learning a trade ("lớp dạy nghề đan lát khi nào tuyển sinh"): khuyến
# công's classes, the matcher's to read.
_TRADE_LEARNING = re.compile(r"\b(?:hoc nghe|day nghe|dao tao nghe|lop nghe|truyen nghe|nghe truyen thong)\b")
# What names the education office's topic in the out-of-scope file, whichever school matter is asked.
SCHOOLING = "tuyển sinh"


# A show, in the matcher's normalised text ("triển lãm", "hội chợ"; not "chợ", folded "cho"), and what
# it shows: its next word or two. A show of what an out-of-scope topic names as a keyword of its own,
# and no policy's words ("triển lãm ô tô", "hội chợ hoa xuân"), is one people visit; a khuyến công fair
# is where rural producers sell their goods.
_SHOW = re.compile(r"\b(?:trien lam|hoi cho) (?P<shown>\w+(?: \w+)?)")
# …visited, unless the message speaks of taking part: a booth, registering, bringing or selling goods.
_TAKING_PART = re.compile(r"\b(?:gian hang|tham gia|dang ky|mang hang|cho hang|ban hang|trung bay|du)\b")


# Another office's phone number or address, folded ("số điện thoại thuế cơ sở ở Cần Thơ"): the words
# after it name whose, and an out-of-scope topic whose own keyword they are answers where to ask.
_CONTACT = re.compile(r"\b(?:so dien thoai|so dt|sdt|dia chi|hotline|so hotline)(?: cua)? (?P<whose>\w+(?: \w+){0,2})")

def asks_for_support(matcher: Matcher, text: str) -> bool:
    """Whether a message asks for support or names khuyến công, as the matcher reads it: not by a
    lender's name ("quỹ hỗ trợ nông dân") or by a platform's own offer ("Lazada có hỗ trợ phí…")."""
    normalized = matcher.match(text).normalized
    normalized = f" {_PLATFORM_SUPPORT.sub('thuong mai dien tu', _FUND_NAME.sub('quy', normalized))} "
    return any(word in normalized for word in SUPPORT)


def loan_words(text: str) -> str | None:
    """The words of a loan the question sentence asks about ("quỹ hỗ trợ phụ nữ có cho vay không"), or
    None: a bank's or a fund's question, not khuyến công's (support asked is the matcher's to read)."""
    asked = question_sentence(sentences(text)) if text.strip() else text
    if not asks(asked):
        return None
    folded = folded_words(asked)
    found = _LOAN.search(folded)
    if found is None or _HAS_A_LOAN.search(folded[: found.start()]):
        return None
    return found.group(0)


def _asks_a_part(text: str) -> bool:
    """Whether a message asks something, or one of its clauses ends as a question ("Mai Cà Mau có mưa
    hông, tui tính phơi khô cá": "hông" asks only at the end of its clause)."""
    return asks(text) or any(ends_as_question(part) for part in re.split(r"[,.;!\n]", text) if part.strip())


def weather_words(text: str) -> str | None:
    """The weather words of a question about the weather on a day (today, tomorrow, this week), or None."""
    typed, folded = typed_words(text), folded_words(text)
    found = _WEATHER.search(typed) or _WEATHER_PLAIN.search(folded)
    if found is None or not _says_a_day(typed) or not _asks_a_part(text):
        return None
    return found.group(0)


# The words of a day as written: typed with other diacritics they are other words ("mái tôn" is a tin roof).
_DAY_WORDS = frozenset({"mai", "ngày", "mốt", "hôm", "nay", "bữa", "tối", "chiều", "sáng", "đêm", "trưa", "tuần",
                        "sau", "tới", "cuối", "mấy", "sắp"})


def _says_a_day(typed: str) -> bool:
    """Whether words typed (`typed_words`) name a day, each plain or spelt as the day's word."""
    words = typed.split()
    folded = " ".join(fold(word) for word in words)
    for found in _DAY.finditer(folded):
        start = folded[: found.start()].count(" ")
        if all(is_plain(word) or word in _DAY_WORDS for word in words[start : start + found.group(0).count(" ") + 1]):
            return True
    return False


def permit_words(text: str) -> str | None:
    """The permit a message asks where to get ("giấy phép môi trường … xin ở sở nào"), or which permits
    a business needs ("mở homestay thì cần xin những giấy phép gì"), or None. A permit to discharge waste
    water is the workshop's environmental permit: its own words would read as pollution treatment."""
    words = _asked_permit(text)
    return ENVIRONMENT if words is not None and words.startswith(("giay phep xa thai", "giay phep xa nuoc")) else words


def _asked_permit(text: str) -> str | None:
    folded = folded_words(text)
    found = _PERMIT.search(folded)
    if found is None or _HAS_ONE.search(folded[: found.start()]):
        return None
    if _WHICH_PERMITS.match(folded, found.start()) and not _OTHER_PAPER.search(folded):
        return found.group("permit")
    if _APPLIES_FIRST.fullmatch(folded[: found.start()]) and not _OTHER_PAPER.search(folded):
        return found.group("permit")
    where = _WHERE.search(folded)  # "…xin ở sở nào", or first: "ở đâu cấp giấy phép…"
    if where is None:
        return None
    after = where.start() > found.start()
    between = folded[found.end() : where.start()] if after else folded[where.end() : found.start()]
    # The permit applied for, or opening the question ("Giấy phép môi trường cho xưởng … thì nộp hồ sơ ở
    # đâu"): a "hồ sơ" filed is the permit's own.
    applying = _APPLYING.search(folded[: found.start()]) or _OPENING.fullmatch(folded[: found.start()])
    other = _OTHER_THAN_ITS_FILE if applying else _OTHER_PAPER
    if other.search(between):
        return None
    return found.group("permit")


def farming_words(text: str) -> str | None:
    """What fields are turned over to ("trồng sen", "nuôi tôm"), or None."""
    found = _TO_FARMING.search(folded_words(text))
    return found.group("farming") if found else None


# Per matcher (weakly: a reload drops the old one) and topic, worked out once.
_PHRASES: WeakKeyDictionary[Matcher, dict[str, frozenset[str]]] = WeakKeyDictionary()


def _topic_phrases(matcher: Matcher, topic: str) -> frozenset[str]:
    """A class's title, keywords and examples as the matcher's normalised text reads them: once per
    matcher and topic (its units are one run of the index's rows; a knowledge base may hold 10,000
    policies, so no scan of every unit per message)."""
    known = _PHRASES.setdefault(matcher, {})
    if topic not in known:
        known[topic] = _phrases_of(matcher, topic)
    return known[topic]


def _phrases_of(matcher: Matcher, topic: str) -> frozenset[str]:
    row = matcher.class_ids.index(topic)
    start = int(matcher.class_starts[row])
    end = int(matcher.class_starts[row + 1]) if row + 1 < len(matcher.class_starts) else len(matcher.unit_texts)
    return frozenset(
        " ".join(fold(token) for token in matcher.normalizer.normalize(unit)) for unit in matcher.unit_texts[start:end]
    )


def shown_elsewhere(matcher: Matcher, text: str) -> str | None:
    """The out-of-scope topic of what a show one visits shows ("triển lãm xe hơi ở Hà Nội khi nào"): the
    shown words are one of that topic's keywords and rank no policy as likely ("năm" may be "năm
    sao" of OCOP, but is a word of every policy), and the message says nothing of taking part."""
    normalized = matcher.match(text).normalized
    found = _SHOW.search(normalized)
    if found is None or _TAKING_PART.search(normalized):
        return None
    words = found.group("shown").split()
    for shown in (" ".join(words), words[0]):
        alone = matcher.match(shown)
        topic = alone.out_of_scope
        if topic is None or (alone.matches and alone.matches[0].score >= matcher.suggest_threshold):
            continue
        if shown in _topic_phrases(matcher, topic):
            return topic
    return None


def school_words(text: str) -> str | None:
    """SCHOOLING when a message asks of a school matter (an exam's priority points, admission, a pupil's
    fees) and not of learning a trade, or None."""
    folded, typed = folded_words(text), typed_words(text)
    points = _POINTS.search(folded) or _POINTS_ADDED.search(typed)
    exam = points is not None and (_EXAM.search(folded) or _EXAM_TYPED.search(typed))
    if not (_SCHOOL.search(folded) or exam) or _TRADE_LEARNING.search(folded):
        return None
    return SCHOOLING


def ranger_words(text: str) -> str | None:
    """"kiểm lâm" when a message names the forest rangers, or None."""
    found = _RANGERS.search(typed_words(text)) or _RANGERS_PLAIN.search(folded_words(text))
    return "kiểm lâm" if found is not None else None


def extension_words(matcher: Matcher, text: str) -> str | None:
    """The extension service a message names ("khuyến nông", "khuyến ngư") when it does not name
    khuyến công, or None."""
    normalized = f" {matcher.match(text).normalized} "
    found = _EXTENSION.search(normalized)
    return found.group(0) if found is not None and " khuyen cong " not in normalized else None


def promotion_words(matcher: Matcher, text: str) -> str | None:
    """The words that name a sales promotion a message asks about: a platform's campaign when it names
    a platform ("Shopee có flash sale cho shop mới không"), else the promotion itself; or None."""
    normalized, folded = matcher.match(text).normalized, folded_words(text)
    platform = _PLATFORM.search(normalized) or _PLATFORM_TYPED.search(typed_words(text))
    if platform and _LEARNING.search(folded):
        return None
    if platform and (_PLATFORM_OFFER.search(normalized) or _PLATFORM_OFFER.search(folded)):
        return PLATFORM_CAMPAIGN
    found = _PROMOTION.search(normalized) or _PROMOTION.search(folded)
    if found is None:
        return None
    return PLATFORM_CAMPAIGN if platform else found.group(0)


def contact_elsewhere(matcher: Matcher, text: str) -> str | None:
    """The out-of-scope topic whose office's phone number or address is asked ("số điện thoại thuế cơ
    sở"): the words after the contact, as typed, are one of that topic's own keywords (longest first) and
    rank no policy as likely; or None ("số điện thoại trung tâm khuyến công" is the contact policy's)."""
    folded, typed = folded_words(text).split(), typed_words(text).split()
    if len(folded) != len(typed):
        return None
    joined = " ".join(folded)
    for found in _CONTACT.finditer(joined):
        at = len(joined[: found.start("whose")].split())
        whose = typed[at : at + len(found.group("whose").split())]
        for size in range(len(whose), 0, -1):
            # No policy likely from those words: "số điện thoại bao nhiêu" is no storm ("bão"), and "thue",
            # typed plain, may be "thuê" (rent).
            alone = matcher.match(" ".join(whose[:size]))
            topic = alone.out_of_scope
            if topic is None or (alone.matches and alone.matches[0].score >= matcher.suggest_threshold):
                continue
            if alone.normalized in _topic_phrases(matcher, topic):
                return topic
    return None


# A job fair, folded ("hội chợ việc làm", "ngày hội tuyển dụng"): jobs, even with a booth at it.
_JOB_FAIR = re.compile(r"\b(?:hoi cho|ngay hoi|phien giao dich|san giao dich) (?:viec lam|tuyen dung|lao dong)\b")


def job_fair_words(text: str) -> str | None:
    """The words that name a job fair, or None."""
    found = _JOB_FAIR.search(folded_words(text))
    return found.group(0) if found else None


def asked_elsewhere(matcher: Matcher, text: str) -> str | None:
    """The out-of-scope topic of a question that another office answers (the topic the rule's own
    words match alone), or None. The weather, a permit, a sales promotion, a loan, the forest rangers, a
    job, a school matter, agricultural extension and another matter (another_matter) only when no support
    is asked ("hỗ trợ chi phí xin giấy phép…", "trạm khuyến nông bảo hỏi bên này, máy sấy có được hỗ trợ
    không" are the matcher's to read); fields turned to farming, a household's house and a farming model
    whatever is asked, and a job fair even with a booth ("ngày hội việc làm… hỗ trợ dựng gian hàng")."""
    farming = farming_words(text) or housing_words(text) or farming_model_words(text) or job_fair_words(text)
    if farming is not None:
        return matcher.match(farming).out_of_scope
    if asks_for_support(matcher, text):
        return None
    found = (
        weather_words(text)
        or permit_words(text)
        or promotion_words(matcher, text)
        or loan_words(text)
        or ranger_words(text)
        # Before a school matter: a school-leaver's job ("học xong lớp 12, xin vào làm công nhân") is a job.
        or hiring_words(text)
        or school_words(text)
        or extension_words(matcher, text)
        or another_matter(text)
    )
    if found is None:
        contact = contact_elsewhere(matcher, text)
        if contact is not None:
            return contact
    return matcher.match(found).out_of_scope if found is not None else shown_elsewhere(matcher, text)
