import Foundation

/// The type of an administrative unit, as written before its name ("Phường Hồng Hà").
public enum UnitType: String, Sendable, Hashable, CaseIterable, Codable {
    /// Tỉnh (province).
    case tinh = "Tỉnh"
    /// Thành phố: a centrally governed city (province level) or, before 2025, a provincial city (district level).
    case thanhPho = "Thành phố"
    /// Quận: urban district (before 2025).
    case quan = "Quận"
    /// Huyện: rural district (before 2025).
    case huyen = "Huyện"
    /// Thị xã: town (district level, before 2025).
    case thiXa = "Thị xã"
    /// Phường: urban ward.
    case phuong = "Phường"
    /// Xã: rural commune.
    case xa = "Xã"
    /// Thị trấn: township (commune level, before 2025).
    case thiTran = "Thị trấn"
    /// Đặc khu: special zone (commune level, 2025).
    case dacKhu = "Đặc khu"

    /// Parses the type column of the code lists ("Phường", "Thị xã" …); nil when unknown.
    public init?(label: String) {
        let folded = VietnameseFolding.fold(label)
        guard let match = UnitType.allCases.first(where: { VietnameseFolding.fold($0.rawValue) == folded }) else { return nil }
        self = match
    }

    /// Removes this type's word from the start of a full unit name: "Quận 1" → "1".
    public func strippingPrefix(of name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix(rawValue.lowercased()) else { return trimmed }
        return String(trimmed.dropFirst(rawValue.count)).trimmingCharacters(in: .whitespaces)
    }
}

/// The kind of a neighbourhood (the level below the commune).
public enum NeighbourhoodKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Thôn (village).
    case thon = "Thôn"
    /// Ấp (hamlet, in the south).
    case ap = "Ấp"
    /// Khu phố (urban quarter), also "KP".
    case khuPho = "Khu phố"
    /// Tổ dân phố (residential group), also "TDP" or "tổ".
    case toDanPho = "Tổ dân phố"
    /// Bản (village in the northern uplands).
    case ban = "Bản"
    /// Xóm (hamlet).
    case xom = "Xóm"
    /// Khóm (urban quarter, in the Mekong delta).
    case khom = "Khóm"
    /// Buôn, plây … or any other kind.
    case other = "Khác"

    /// Parses a neighbourhood kind from a label ("Thôn", "khu pho", "TDP"); `.other` when unknown.
    public init(label: String) {
        switch VietnameseFolding.fold(label) {
        case "thon": self = .thon
        case "ap": self = .ap
        case "khu pho", "kp": self = .khuPho
        case "to dan pho", "tdp", "to": self = .toDanPho
        case "ban": self = .ban
        case "xom": self = .xom
        case "khom": self = .khom
        default: self = .other
        }
    }
}
