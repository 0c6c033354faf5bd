/// The Vietnamese messages the OA sends back to a resident, each at most once per
/// conversation (the outbox's dedupe key is the kind and the conversation).
public enum ZaloReply: String, Sendable, CaseIterable {
    /// The tip is stored: its reference number.
    case received
    /// The text named no place the service could decide: please share the location.
    case askLocation = "ask_location"
    /// Photos came before any words: please describe it and share the location.
    case askDetails = "ask_details"
    /// The location arrived after it was asked for.
    case locationReceived = "location_received"
    /// An officer resolved the tip.
    case closed

    /// The message text for reference number `reference`.
    public func text(reference: String) -> String {
        switch self {
        case .received:
            "Công an đã nhận được tin báo của bạn. Mã tin báo: \(reference). Cảm ơn bạn đã cung cấp thông tin; danh tính của bạn được giữ bí mật."
        case .askLocation:
            "Công an đã nhận được tin báo \(reference) nhưng chưa xác định được địa điểm. Vui lòng gửi vị trí (bấm dấu + rồi chọn Vị trí trong Zalo) hoặc ghi rõ thôn, ấp, khu phố, tổ dân phố và xã, phường nơi xảy ra sự việc."
        case .askDetails:
            "Công an đã nhận được hình ảnh của bạn (mã \(reference)). Vui lòng mô tả sự việc và gửi vị trí (bấm dấu + rồi chọn Vị trí trong Zalo)."
        case .locationReceived:
            "Đã nhận vị trí cho tin báo \(reference). Cảm ơn bạn; lực lượng công an sẽ xác minh, xử lý."
        case .closed:
            "Tin báo \(reference) đã được lực lượng công an tiếp nhận và xử lý xong. Cảm ơn bạn đã chung tay giữ gìn an ninh, trật tự."
        }
    }
}
