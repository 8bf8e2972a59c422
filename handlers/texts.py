"""Fixed Vietnamese texts of the conversation (dynamic parts are escaped by the caller)."""

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
    "/lienhe – thông tin liên hệ Trung tâm Khuyến công\n"
    "/help – hướng dẫn này\n"
    "/cancel – hủy thao tác đang làm"
)
UNKNOWN_COMMAND = "Tôi chưa hiểu lệnh này.\n\n"
CANCELLED = "Đã hủy. Bạn có thể gõ câu hỏi mới bất cứ lúc nào."
NOT_TEXT = "Hiện tôi chỉ đọc được tin nhắn dạng chữ. Bạn vui lòng gõ câu hỏi nhé. 🙏"
GREETING = (
    "Chào bạn! 😊 Bạn muốn hỏi gì về chính sách khuyến công? "
    "Bạn cứ gõ câu hỏi, hoặc chọn /chinhsach để xem danh sách."
)
THANKS = "Rất vui được giúp bạn! Nếu còn thắc mắc, bạn cứ hỏi tiếp nhé. 😊"
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
BUTTON_YES = "Có"
BUTTON_NO = "Không"
BUTTON_SEND_WITH_RESULT = "✉️ Gửi yêu cầu hỗ trợ kèm kết quả này"
STAFF_CONTACT = "Để được cán bộ hỗ trợ trực tiếp, bạn vui lòng liên hệ:\n\n"

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
    ("lienhe", "Liên hệ Trung tâm Khuyến công"),
    ("help", "Hướng dẫn sử dụng"),
    ("cancel", "Hủy thao tác đang làm"),
]
