"""What the user sees, written out, for the texts several test modules check (a changed wording is a
deliberate test change). Texts only one module checks stay in that module."""

from __future__ import annotations

from bot.render import texts

# The help text grows with every feature: tests/test_telegram.py checks its wording against the menu.
HELP = texts.HELP
UNKNOWN_COMMAND = "Tôi chưa hiểu lệnh này.\n\n" + HELP
CANCELLED = "Đã hủy. Bạn có thể gõ câu hỏi mới bất cứ lúc nào."
CONTACT = (
    "📞 <b>Liên hệ</b>\n"
    "🏢 Trung tâm Khuyến công tỉnh Lâm Đồng\n"
    "🏛 Sở Công Thương tỉnh Lâm Đồng\n"
    "📍 Địa chỉ: <i>chưa cập nhật</i>\n"
    "☎️ Điện thoại: <i>chưa cập nhật</i>\n"
    "✉️ Email: <i>chưa cập nhật</i>\n"
    "🌐 Website: <i>chưa cập nhật</i>\n"
    "🕘 Giờ làm việc: <i>chưa cập nhật</i>\n\n"
    "ℹ️ Từ 01/07/2025, tỉnh Bình Thuận, tỉnh Đắk Nông và tỉnh Lâm Đồng hợp nhất thành tỉnh Lâm Đồng: cơ sở ở "
    "Bình Thuận, Đắk Nông cũ (ví dụ Phan Thiết) liên hệ Sở Công Thương và trung tâm khuyến công tỉnh Lâm Đồng."
)
DONT_KNOW = (
    "Xin lỗi, hiện tôi <b>chưa có thông tin</b> để trả lời chính xác câu hỏi này. "
    "Tôi có thể chuyển câu hỏi cho cán bộ khuyến công, hoặc bạn liên hệ trực tiếp:\n\n" + CONTACT
)
OUT_OF_SCOPE_LOAN = (
    "Câu hỏi về <b>vay vốn ngân hàng, tín dụng</b> không thuộc chính sách khuyến công nên tôi chưa trả lời "
    "được. Bạn nên hỏi <b>ngân hàng nơi bạn giao dịch hoặc Ngân hàng Chính sách xã hội</b>.\n\n"
    "Nếu việc này liên quan đến cơ sở sản xuất của bạn, tôi có thể chuyển câu hỏi cho cán bộ khuyến công, "
    "hoặc bạn liên hệ trực tiếp:\n\n" + CONTACT
)
EXPIRED = "Nút này đã hết hạn"
ERROR = "Xin lỗi, đã có lỗi xảy ra khi xử lý tin nhắn của bạn. Bạn vui lòng thử lại sau ít phút."
REFUSED = "Xin lỗi, bạn không có quyền thực hiện thao tác này."
