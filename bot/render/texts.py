"""Every fixed Vietnamese text a person sees (bot messages, buttons, labels of statuses, events and
verdicts, card headings): one place to read and correct the copy. Dynamic parts are escaped by the
caller; `{name}` fields are filled with `str.format`."""

from __future__ import annotations

WELCOME = (
    "Xin chào {name}! 👋\n"
    "Tôi là trợ lý khuyến công của <b>{office}</b>. Tôi có thể:\n"
    "• trả lời câu hỏi về chính sách khuyến công (đào tạo nghề, máy móc thiết bị, hội chợ, "
    "sản xuất sạch hơn…), kèm căn cứ pháp lý;\n"
    "• giúp bạn kiểm tra cơ sở có đủ điều kiện nhận hỗ trợ không;\n"
    "• chuyển câu hỏi của bạn tới cán bộ Trung tâm Khuyến công.\n\n"
    "Bạn cứ gõ câu hỏi, có dấu hay không dấu đều được. Ví dụ: <i>hỗ trợ mua máy móc được bao nhiêu?</i>"
)
HELP = (
    "ℹ️ <b>Cách dùng</b>\n"
    "Gõ câu hỏi về khuyến công bằng tiếng Việt, ví dụ: <i>thuê gian hàng hội chợ có được hỗ trợ không?</i>\n\n"
    "/start – lời chào và menu chính\n"
    "/chinhsach – xem các chính sách theo nhóm\n"
    "/kiemtra – kiểm tra cơ sở có đủ điều kiện nhận hỗ trợ\n"
    "/yeucau – gửi câu hỏi cho cán bộ khuyến công\n"
    "/yeucaucuatoi – xem các yêu cầu đã gửi\n"
    "/lienhe – thông tin liên hệ Trung tâm Khuyến công\n"
    "/help – hướng dẫn này\n"
    "/cancel – hủy thao tác đang làm"
)
UNKNOWN_COMMAND = "Tôi chưa hiểu lệnh này.\n\n"
CANCELLED = "Đã hủy. Bạn có thể gõ câu hỏi mới bất cứ lúc nào."
NOT_TEXT = "Hiện tôi chỉ đọc được tin nhắn dạng chữ. Bạn vui lòng gõ câu hỏi nhé. 🙏"
GREETING = (
    "Chào bạn! 😊 Bạn muốn hỏi gì về chính sách khuyến công? Bạn cứ gõ câu hỏi, hoặc chọn /chinhsach để xem danh sách."
)
THANKS = "Rất vui được giúp bạn! Nếu còn thắc mắc, bạn cứ hỏi tiếp nhé. 😊"
ACK = "Vâng! 😊 Khi cần thêm thông tin, bạn cứ gõ câu hỏi hoặc chọn /chinhsach nhé."
ABOUT_BOT = (
    "Tôi là trợ lý tự động trả lời câu hỏi về chính sách khuyến công. Cần cán bộ Trung tâm Khuyến công trả lời "
    "trực tiếp, bạn bấm «✉️ Gửi câu hỏi cho cán bộ» hoặc xem /lienhe."
)
UNCLEAR = (
    "Xin lỗi nếu câu trả lời chưa rõ. 🙏 Bạn thử hỏi lại ngắn gọn việc bạn cần (ví dụ: «hỗ trợ mua máy được bao "
    "nhiêu»), hoặc bấm «✉️ Gửi câu hỏi cho cán bộ» để cán bộ giải thích trực tiếp."
)
COMPLAINT = (
    "Xin lỗi bạn vì sự bất tiện này. 🙏 Bạn bấm «✉️ Gửi câu hỏi cho cán bộ» để cán bộ Trung tâm "
    "Khuyến công trả lời trực tiếp, hoặc gọi theo thông tin ở /lienhe."
)
# Venting or a story that asks nothing ("giá lên, lỗ nặng rồi", "…đi tới đi lui cả tuần"): sympathy,
# the way to ask, and the way to a human. An apology for "the inconvenience" would read oddly there.
GRIEVANCE = (
    "Tôi rất tiếc khi nghe điều này. 🙏 Nếu muốn hỏi về chính sách khuyến công, bạn cứ gõ câu hỏi. Cần cán bộ "
    "Trung tâm Khuyến công giúp trực tiếp, bạn bấm «✉️ Gửi câu hỏi cho cán bộ» hoặc gọi theo thông tin ở /lienhe."
)
TWO_TOPICS = "Bạn hỏi 2 việc. Bạn bấm vào từng việc để xem câu trả lời:"
TOO_FAST = "Bạn gửi tin nhắn hơi nhanh. Vui lòng chờ một chút rồi gửi tiếp nhé. 🙏"
ERROR = "Xin lỗi, đã có lỗi xảy ra khi xử lý tin nhắn của bạn. Bạn vui lòng thử lại sau ít phút."
EXPIRED = "Nút này đã hết hạn"
CATEGORIES = "📚 <b>Chính sách khuyến công</b>\nChọn một nhóm:"
CATEGORY_PAGE = "📚 <b>{label}</b> (trang {page}/{pages})\nChọn một chính sách:"
CHECK_CHOOSE = "✅ <b>Kiểm tra điều kiện</b>\nBạn muốn kiểm tra cho loại hỗ trợ nào?"
CHECK_QUESTION = "❓ <b>Câu {number}/{total}</b>\n{question}"
CHECK_TYPE_AMOUNT = "Bạn gõ số tiền, ví dụ: <i>500tr</i>, <i>1,5 tỷ</i> hoặc <i>200.000.000</i>."
CHECK_BAD_AMOUNT = (
    "Tôi chưa đọc được số tiền «{text}». Bạn gõ lại giúp tôi, ví dụ: <i>500tr</i>, <i>1,5 tỷ</i>, "
    "<i>200.000.000</i> hoặc <i>2 trăm triệu</i>."
)
CHECK_USE_BUTTONS = "Bạn vui lòng chọn một nút bên dưới câu hỏi, hoặc gõ /cancel để dừng kiểm tra."
CHECK_ASK_PLACE = (
    "Cơ sở ở <b>xã/phường/đặc khu nào, tỉnh/thành nào</b>?\n"
    "<i>Bạn gõ tên, có dấu hay không dấu đều được, ví dụ: xã Hàm Thuận Bắc, Lâm Đồng.</i>"
)
CHECK_PLACE_ONE = "📍 Tôi hiểu là: <b>{place}</b>. Đúng không? Bấm để xác nhận, hoặc nhập lại."
CHECK_PLACE_SEVERAL = "📍 Có vài nơi trùng tên. Bạn chọn đúng nơi cơ sở đặt, hoặc nhập lại (kèm tên tỉnh):"
CHECK_PLACE_RETYPE = "✏️ Nhập lại"
CHECK_PLACE_NOT_FOUND = (
    "Tôi chưa tìm thấy «{text}» trong danh sách xã, phường, đặc khu hiện hành. "
    "Bạn trả lời giúp tôi câu hỏi dưới đây nhé."
)
BUTTON_YES = "Có"
BUTTON_NO = "Không"
BUTTON_SEND_WITH_RESULT = "✉️ Gửi yêu cầu hỗ trợ kèm kết quả này"

BUTTON_BROWSE = "📚 Tra cứu chính sách"
BUTTON_CHECK = "✅ Kiểm tra điều kiện"
BUTTON_STAFF = "✉️ Gửi câu hỏi cho cán bộ"
BUTTON_CONTACT = "📞 Liên hệ"
BUTTON_DETAIL = "📖 Xem chi tiết"
BUTTON_NOT_THIS = "Không phải"
BUTTON_BACK = "⬅️ Quay lại"
BUTTON_NEXT = "Trang sau ➡️"
BUTTON_PREV = "⬅️ Trang trước"

COMMANDS = [
    ("start", "Lời chào và menu chính"),
    ("chinhsach", "Xem chính sách khuyến công theo nhóm"),
    ("kiemtra", "Kiểm tra cơ sở có đủ điều kiện nhận hỗ trợ"),
    ("yeucau", "Gửi câu hỏi cho cán bộ khuyến công"),
    ("yeucaucuatoi", "Xem các yêu cầu bạn đã gửi"),
    ("lienhe", "Liên hệ Trung tâm Khuyến công"),
    ("help", "Hướng dẫn sử dụng"),
    ("cancel", "Hủy thao tác đang làm"),
]

# ----- support requests (business owners) -----
REQ_INTRO = "✉️ <b>Gửi câu hỏi cho cán bộ khuyến công</b>\nTôi cần vài thông tin để cán bộ liên hệ lại với bạn."
REQ_ASK_NAME = "Bạn vui lòng cho biết <b>họ tên</b> của bạn:"
REQ_USE_NAME = "Dùng tên «{name}»"
REQ_ASK_BUSINESS = "Tên <b>cơ sở sản xuất / doanh nghiệp</b> của bạn là gì? (ví dụ: Hộ kinh doanh Bánh tráng Tư Lan)"
REQ_ASK_COMMUNE = "Cơ sở ở <b>xã/phường/đặc khu nào, tỉnh/thành nào</b>? (ví dụ: xã Hàm Thuận Bắc, tỉnh Lâm Đồng)"
REQ_ASK_PHONE = (
    "Số <b>điện thoại</b> để cán bộ liên hệ? Bạn bấm nút «📱 Chia sẻ số điện thoại» bên dưới, "
    "hoặc gõ số (ví dụ: 0912 345 678)."
)
REQ_SHARE_PHONE = "📱 Chia sẻ số điện thoại"
REQ_BAD_PHONE = "Số «{text}» chưa đúng dạng số điện thoại Việt Nam. Bạn gõ lại giúp tôi, ví dụ: 0912 345 678."
REQ_NOT_OWN_CONTACT = "Bạn vui lòng chia sẻ số điện thoại của chính mình (bấm nút bên dưới) hoặc gõ số."
REQ_ASK_QUESTION = "Bạn vui lòng gõ <b>nội dung câu hỏi</b> cần cán bộ giải đáp:"
REQ_KEEP_QUESTION = "Câu hỏi của bạn:\n<i>{question}</i>\n\nBấm «Giữ nguyên» hoặc gõ lại nội dung khác."
REQ_BUTTON_KEEP = "Giữ nguyên"
REQ_TOO_SHORT = "Nội dung hơi ngắn. Bạn mô tả rõ hơn một chút giúp tôi nhé."
REQ_SUMMARY = (
    "📝 <b>Xin kiểm tra lại thông tin</b>\n"
    "• Họ tên: {name}\n• Cơ sở: {business}\n• Địa bàn: {commune}\n• Điện thoại: {phone}\n"
    "• Chủ đề: {topic}\n• Câu hỏi: {question}{check}\n\nThông tin này chỉ cán bộ khuyến công xem được."
)
REQ_SUMMARY_CHECK = "\n• Kèm kết quả kiểm tra điều kiện ngày {date}"
REQ_BUTTON_SEND = "✅ Gửi"
REQ_BUTTON_EDIT = "✏️ Sửa lại"
REQ_BUTTON_CANCEL = "Hủy"
REQ_RECEIVED = (
    "✅ Đã nhận yêu cầu <b>{code}</b>.\nCán bộ Trung tâm Khuyến công sẽ trả lời bạn trong khoảng "
    "<b>{days} ngày làm việc</b>. Khi có trả lời, tôi sẽ nhắn bạn ngay tại đây.\n"
    "Xem tình trạng: /yeucaucuatoi"
)
REQ_DB_DOWN = (
    "⚠️ Hệ thống đang gặp sự cố nên yêu cầu của bạn <b>chưa được gửi</b>. Bạn vui lòng bấm «✅ Gửi» lại sau ít phút."
)
REQ_GENERAL_TOPIC = "Câu hỏi chung"
MY_REQUESTS = "📂 <b>Yêu cầu của bạn</b>"
MY_REQUESTS_NO_ANSWER = "<i>Chưa có trả lời của cán bộ.</i>"
MY_REQUESTS_EARLIER = "<i>… {count} câu trả lời trước đó</i>"
MY_REQUESTS_MORE = "<i>Đây là {shown} yêu cầu mới nhất trong {total} yêu cầu của bạn.</i>"
MY_REQUESTS_NONE = "Bạn chưa gửi yêu cầu nào. Gõ /yeucau để gửi câu hỏi cho cán bộ."
OWNER_STAFF_REPLY = (
    "💬 <b>Cán bộ trả lời yêu cầu {code}:</b>\n{text}\n\n<i>Muốn hỏi thêm, bạn bấm «↩️ Trả lời cán bộ» "
    "hoặc trả lời tin nhắn này.</i>"
)
OWNER_BUTTON_ANSWER = "↩️ Trả lời cán bộ"
OWNER_ANSWER_PROMPT = (
    "✍️ Bạn gõ nội dung muốn gửi cán bộ về yêu cầu <b>{code}</b>. Tin nhắn tiếp theo của bạn sẽ được chuyển "
    "tới cán bộ (gõ /cancel nếu không gửi nữa)."
)
OWNER_TAKEN = "🔔 Yêu cầu <b>{code}</b> đã được {staff} tiếp nhận xử lý."
OWNER_RESOLVED = "✅ Yêu cầu <b>{code}</b> đã được giải quyết. Bạn hài lòng với câu trả lời ở mức nào?"
OWNER_FOLLOWUP_SENT = "Đã chuyển tin nhắn của bạn tới cán bộ phụ trách yêu cầu {code}."
OWNER_FOLLOWUP_CLOSED = "Yêu cầu {code} đã đóng. Nếu còn thắc mắc, bạn gửi yêu cầu mới bằng /yeucau nhé."
EDIT_NOT_RELAYED = "✏️ Tin nhắn đã sửa không được gửi lại. Nếu cần bổ sung, bạn gửi một tin nhắn mới nhé."
RATING_THANKS = "Cảm ơn bạn đã đánh giá {stars}!"

# ----- staff desk -----
STAFF_NEW = (
    "🆕 <b>Yêu cầu mới {code}</b>\n"
    "👤 {name} — ☎️ {phone}\n🏭 {business} ({form})\n📍 {commune}\n📚 Chủ đề: {topic}\n"
    "❓ {question}{check}\n\n<i>Trả lời tin nhắn này để gửi câu trả lời cho người hỏi.</i>"
)
STAFF_CARD_HEAD = "{status} <b>{code}</b>{who}"
STAFF_CHECK = "\n📋 Kiểm tra điều kiện ({date}): {verdicts}"
STAFF_FOLLOWUP = "↩️ <b>{code}</b> — người hỏi nhắn thêm:\n{text}"
STAFF_TAKEN = "👍 {staff} đã nhận xử lý {code}."
STAFF_RESOLVED = "✅ {staff} đã đánh dấu {code} là đã giải quyết."
STAFF_RATED = "⭐ Người hỏi đánh giá {code}: {rating}/5."
STAFF_RELAYED = "📨 Đã gửi câu trả lời cho người hỏi ({code})."
STAFF_REPLY_WHERE = (
    "Tin nhắn này không thuộc riêng yêu cầu nào. Để trả lời người hỏi, bạn trả lời (reply) thông báo "
    "của yêu cầu đó, hoặc gõ /traloi MÃ nội dung."
)
STAFF_REMINDER = "⏰ <b>Nhắc việc:</b> {count} yêu cầu chưa có ai nhận sau {hours:g} giờ:\n{codes}"
STAFF_REMINDER_LINE = "• {code} (gửi lúc {sent})"
VIETNAM_TIME = " (giờ Việt Nam)"
STAFF_REFUSED = "Xin lỗi, bạn không có quyền thực hiện thao tác này."
STAFF_WRONG_CHAT = "Lệnh này chỉ dùng trong nhóm cán bộ hoặc trong tin nhắn riêng với bot."
WEB_LINK = (
    "🖥 <b>Bàn làm việc trên web</b>\n{url}\n\n"
    "Liên kết dùng được một lần, trong {minutes} phút, chỉ cho tài khoản của bạn. Đừng chuyển cho người khác."
)
WEB_BUTTON = "🖥 Mở bàn làm việc"
WEB_PRIVATE_ONLY = "Vì an toàn, hãy gửi /web cho bot trong chat riêng để nhận liên kết đăng nhập."
WEB_DISABLED = "Bàn làm việc trên web chưa được bật (WEB_ENABLED)."
STAFF_INBOX = "📥 <b>Yêu cầu đang mở</b> ({total}), cũ nhất trước — trang {page}/{pages}"
STAFF_INBOX_EMPTY = "📥 Không có yêu cầu nào đang mở. 🎉"
STAFF_NOT_FOUND = "Không tìm thấy yêu cầu «{code}»."
STAFF_USAGE_YC = "Cách dùng: /yc YC-2026-000123"
STAFF_USAGE_REPLY = "Cách dùng: /traloi YC-2026-000123 nội dung trả lời"
STAFF_BUTTON_TAKE = "🙋 Nhận xử lý"
STAFF_BUTTON_RESOLVE = "✅ Đã giải quyết"
STAFF_ALREADY_TAKEN = "Yêu cầu {code} đã được {staff} nhận xử lý rồi."
STAFF_ALREADY_CLOSED = "Yêu cầu {code} đã kết thúc ({status})."
STAFF_SEND_FAILED = "⚠️ Chưa gửi được tin nhắn tới người hỏi ({code}); câu trả lời đã được lưu, vui lòng thử lại."
REQ_PRIVATE_ONLY = "Để bảo mật thông tin, bạn vui lòng nhắn riêng cho tôi để gửi yêu cầu."
REQ_PHONE_OK = "Đã nhận số điện thoại. 👍"

# ----- admins -----
KB_STATUS = (
    "📚 <b>Cơ sở tri thức</b>\n• Phiên bản: <code>{version}</code>\n• Nạp lúc: {loaded_at}\n"
    "• {policies} chính sách, {examples} câu hỏi mẫu, {legal} văn bản pháp lý\n• Cảnh báo: {warnings}{error}"
)
KB_LAST_ERROR = "\n⚠️ Lần nạp gần nhất bị từ chối ({count} lỗi) — vẫn dùng phiên bản trên."
RELOAD_OK = "✅ Đã nạp phiên bản <code>{version}</code> ({policies} chính sách, {warnings} cảnh báo)."
RELOAD_SAME = "Không có thay đổi: vẫn là phiên bản <code>{version}</code>."
RELOAD_FAILED = (
    "❌ <b>Không nạp được thay đổi chính sách</b> — bot vẫn dùng phiên bản <code>{version}</code>.\n"
    "Lỗi cần sửa:\n{errors}"
)
UNANSWERED_TITLE = "❓ <b>Câu hỏi chưa trả lời được trong 7 ngày qua</b> (bấm để thêm làm câu hỏi mẫu):"
UNANSWERED_NONE = "Tuần này không có câu hỏi nào bot chưa trả lời được. 🎉"
UNANSWERED_PICK = "Thêm «{question}» làm câu hỏi mẫu cho chính sách nào?"
UNANSWERED_ADDED = "✅ Đã thêm «{question}» vào {file} và nạp lại (phiên bản <code>{version}</code>)."
UNANSWERED_REJECTED = "❌ Không thêm được: kiểm tra thất bại, tệp chính sách không bị thay đổi.\n{errors}"
STATS = (
    "📊 <b>Thống kê 7 ngày qua</b>\n"
    "<b>Câu hỏi mỗi ngày</b>\n{per_day}\n"
    "• Tỷ lệ trả lời được: {answered}\n"
    "<b>Chính sách được hỏi nhiều nhất</b>\n{top}\n"
    "<b>Yêu cầu theo trạng thái</b>\n{requests}\n"
    "• Thời gian phản hồi đầu tiên (trung vị): {median}"
)

# ----- answer cards -----
NOT_SET = "chưa cập nhật"
DATE_UNKNOWN = "chưa xác nhận"
CARD_SUPPORT = "💰 <b>Mức hỗ trợ</b>"
CARD_RATE_UNCONFIRMED = "<i>Tỷ lệ hỗ trợ trên chi phí chưa được xác nhận: trung tâm khuyến công sẽ cho biết cụ thể.</i>"
CARD_ORGANISER_BUDGET = "🏛 <b>Kinh phí tổ chức</b> (chi cho đơn vị tổ chức, không phải tiền hỗ trợ cho cơ sở)"
CARD_KEY_CONDITION = "✅ <b>Điều kiện chính:</b> {condition}"
CARD_NEXT_STEP = "👉 <b>Bước tiếp theo:</b> {step}"
DEFAULT_NEXT_STEP = "Liên hệ trung tâm khuyến công của tỉnh để được hướng dẫn, hoặc bấm «✉️ Hỏi cán bộ»."
CARD_CONDITIONS = "✅ <b>Điều kiện</b>"
CARD_DOCUMENTS = "📄 <b>Hồ sơ cần chuẩn bị</b>"
CARD_NO_DOCUMENTS = "Nội dung này không có hồ sơ riêng; cán bộ trung tâm khuyến công sẽ hướng dẫn khi cần."
CARD_LEGAL = "⚖️ <b>Căn cứ pháp lý</b>"
CARD_EXPIRED = (
    "⚠️ <b>Chính sách này chỉ có hiệu lực đến hết ngày {date}.</b> "
    "Bạn hỏi cán bộ trung tâm khuyến công về quy định hiện hành nhé."
)
CARD_CONFIRM = "⚠️ <b>Cần xác nhận:</b> {note}"
CARD_AS_OF = "<i>Thông tin đúng đến ngày {date}.</i>"
CARD_SOURCES_AS_OF = (
    "<i>Nội dung được đối chiếu với các văn bản và nguồn công khai đến ngày {date}; văn bản mới hơn "
    "(nếu có) cần được đối chiếu lại trên Công báo.</i>"
)
FIGURE_RATE_CAP = "tối đa {rate} chi phí, không quá {cap}/{unit}"
FIGURE_RATE = "tối đa {rate} chi phí"
FIGURE_CAP = "mức trần {cap}/{unit}"
FIGURE_UNCONFIRMED = "mức cụ thể cần xác nhận"
SUPPORT_LINE = "• {item}: <b>{figure}</b> (từ {date})"
LEGAL_ISSUED = "ban hành {date}"
LEGAL_EFFECTIVE = "hiệu lực {date}"
BUTTON_DOCUMENTS = "📄 Hồ sơ"
BUTTON_LEGAL = "⚖️ Căn cứ pháp lý"
BUTTON_ASK_STAFF = "✉️ Hỏi cán bộ"
CONTACT_TITLE = "📞 <b>Liên hệ</b>"
CONTACT_LABELS = {
    "address": "📍 Địa chỉ",
    "phone": "☎️ Điện thoại",
    "email": "✉️ Email",
    "website": "🌐 Website",
    "hours": "🕘 Giờ làm việc",
}
SUGGEST_TITLE = "🤔 Có phải bạn muốn hỏi về:"
UNKNOWN = (
    "Xin lỗi, hiện tôi <b>chưa có thông tin</b> để trả lời chính xác câu hỏi này. "
    "Tôi có thể chuyển câu hỏi cho cán bộ khuyến công, hoặc bạn liên hệ trực tiếp:\n\n"
)
OUT_OF_SCOPE = (
    "Câu hỏi về <b>{topic}</b> không thuộc chính sách khuyến công nên tôi chưa trả lời được. "
    "Bạn nên hỏi <b>{where}</b>.\n\n"
    "Nếu việc này liên quan đến cơ sở sản xuất của bạn, tôi có thể chuyển câu hỏi cho cán bộ khuyến công, "
    "hoặc bạn liên hệ trực tiếp:\n\n"
)

# ----- eligibility results -----
VERDICT_ICONS = {"eligible": "✅", "ineligible": "❌", "unknown": "❔", "needs_confirmation": "❓"}
VERDICT_LABELS = {
    "eligible": "Có thể được hỗ trợ",
    "ineligible": "Chưa đủ điều kiện",
    "unknown": "Chưa đủ thông tin để kết luận",
    "needs_confirmation": "Cần cán bộ xác nhận",
}
CHECK_RESULT_TITLE = "📋 <b>Kết quả kiểm tra điều kiện</b> (theo quy định ngày {date})"
CHECK_RECAP = "<b>Bạn đã trả lời</b>"
RECAP_PLACE = "Địa bàn"
CHECK_CALC = "💰 Ước tính: {rate} × {cost} = <b>{amount}</b>"
CHECK_CALC_CAP_NOTE = " (mức trần {cap}/{unit})"
CHECK_CALC_CAPPED = "💰 Ước tính: {rate} × {cost} = {product}, vượt mức trần nên tối đa <b>{cap}</b>/{unit}"
CHECK_RATE_ONLY = "💰 Hỗ trợ tối đa {rate} chi phí{cap} (chưa có chi phí dự kiến nên chưa tính số tiền)."
CHECK_RATE_CAP = ", không quá {cap}/{unit}"
CHECK_CAP_ONLY = (
    "💰 Mức trần: không quá <b>{cap}</b>/{unit}. Đây là mức tối đa, không phải số tiền ước tính: tỷ lệ hỗ trợ "
    "trên chi phí chưa được xác nhận, trung tâm khuyến công sẽ cho biết phần được hỗ trợ."
)
CHECK_AMOUNT_UNCONFIRMED = "💰 Mức hỗ trợ cụ thể chưa được xác nhận; cán bộ sẽ tư vấn thêm."
CHECK_AMOUNT_NEEDS = "Để tính mức hỗ trợ, cần biết thêm:"
CHECK_DOCUMENTS = "📄 Hồ sơ cần chuẩn bị:"
CHECK_NEED_TO_KNOW = "Cần biết thêm:"
CHECK_TO_CONFIRM = "❓ Cần hỏi cán bộ để xác nhận:"
CHECK_NEXT_STEP = "👉 Bước tiếp theo:"
CHECK_NEXT_STEP_DEFAULT = (
    "Nếu bạn nghĩ thông tin chưa đúng, hoặc muốn biết hỗ trợ khác phù hợp, bạn bấm «✉️ Gửi yêu cầu hỗ trợ "
    "kèm kết quả này» để hỏi cán bộ."
)
CHECK_DISCLAIMER = "<i>Đây là kết quả ước tính tự động; quyết định hỗ trợ do cơ quan có thẩm quyền phê duyệt.</i>"
BUTTON_DONT_KNOW = "Không biết / chưa rõ"

# ----- request statuses and audit-trail events -----
STATUS_PLAIN = {  # exports and the command line
    "new": "Mới",
    "in_progress": "Đang xử lý",
    "waiting_user": "Chờ người hỏi",
    "resolved": "Đã giải quyết",
    "closed": "Đã đóng",
}
STATUS_LABELS = {  # what the business owner sees
    "new": "🆕 Mới tiếp nhận",
    "in_progress": "🔄 Đang xử lý",
    "waiting_user": "💬 Chờ bạn phản hồi",
    "resolved": "✅ Đã giải quyết",
    "closed": "📁 Đã đóng",
}
STAFF_STATUS_LABELS = {**STATUS_LABELS, "waiting_user": "💬 Chờ người hỏi phản hồi"}
EVENT_LABELS = {
    "created": "tạo yêu cầu",
    "assignment": "nhận xử lý",
    "staff_reply": "cán bộ trả lời",
    "user_message": "người hỏi nhắn thêm",
    "rating": "đánh giá",
    "note": "ghi chú nội bộ",
}
# A staff answer whose send timed out: it may have arrived, so the bot does not send it again by itself.
STAFF_SEND_UNCERTAIN = (
    "⚠️ Mạng chập chờn: không chắc câu trả lời đã tới người hỏi ({code}). Bạn hỏi lại người hỏi trước khi gửi lại."
)
