/// What a tip is about. Codes are stable identifiers; labels are for people.
public enum TipCategory: String, Sendable, CaseIterable, Codable {
    case politicalSecurity = "political_security"
    case criminal
    case socialEvil = "social_evil"
    case traffic
    case fire
    case adminProcedure = "admin_procedure"
    case other

    /// The Vietnamese label, as police reports use it.
    public var labelVI: String {
        switch self {
        case .politicalSecurity: "An ninh chính trị"
        case .criminal: "Tội phạm hình sự"
        case .socialEvil: "Tệ nạn xã hội"
        case .traffic: "Tai nạn giao thông"
        case .fire: "Cháy, nổ"
        case .adminProcedure: "Thủ tục hành chính"
        case .other: "Khác"
        }
    }

    /// The English label.
    public var labelEN: String {
        switch self {
        case .politicalSecurity: "Political security"
        case .criminal: "Criminal"
        case .socialEvil: "Social evils"
        case .traffic: "Traffic accident"
        case .fire: "Fire"
        case .adminProcedure: "Administrative procedure"
        case .other: "Other"
        }
    }

    /// Position in `allCases`, for per-tip array counters (a switch, not a hash lookup).
    public var ordinal: Int {
        switch self {
        case .politicalSecurity: 0
        case .criminal: 1
        case .socialEvil: 2
        case .traffic: 3
        case .fire: 4
        case .adminProcedure: 5
        case .other: 6
        }
    }

    /// The four groups of the police's periodic reports: political security, criminal,
    /// social evils, other.
    public var reportGroup: TipCategory {
        switch self {
        case .politicalSecurity, .criminal, .socialEvil: self
        default: .other
        }
    }
}

/// How a tip reached the police.
public enum TipChannel: String, Sendable, CaseIterable, Codable {
    case zaloGroup = "zalo_group"
    case zaloPage = "zalo_page"
    case hotline
    case fanpage
    case web
    case inPerson = "in_person"
    case other

    /// The Vietnamese label.
    public var labelVI: String {
        switch self {
        case .zaloGroup: "Nhóm Zalo"
        case .zaloPage: "Trang Zalo OA"
        case .hotline: "Đường dây nóng"
        case .fanpage: "Fanpage"
        case .web: "Cổng thông tin"
        case .inPerson: "Trực tiếp"
        case .other: "Khác"
        }
    }

    /// The English label.
    public var labelEN: String {
        switch self {
        case .zaloGroup: "Zalo group"
        case .zaloPage: "Zalo page"
        case .hotline: "Hotline"
        case .fanpage: "Fan page"
        case .web: "Web"
        case .inPerson: "In person"
        case .other: "Other"
        }
    }
}

/// Where a tip is in its handling.
public enum TipStatus: String, Sendable, CaseIterable, Codable {
    case received, verified, dispatched, resolved, dismissed
}

/// A closed set of codes with labels that users may type in several ways.
protocol LabelledCode: RawRepresentable<String>, CaseIterable {
    var labelVI: String { get }
    var labelEN: String { get }
}

extension TipCategory: LabelledCode {}
extension TipChannel: LabelledCode {}

extension LabelledCode {
    /// Reads a code from user text: the code itself, the English or the Vietnamese label,
    /// with or without diacritics, any case (`criminal`, `Criminal`, `toi pham hinh su`).
    static func parse(_ text: String) -> Self? {
        if let exact = Self(rawValue: text) { return exact }
        let key = TextFolding.searchKey(text).replacingOccurrences(of: "-", with: "_")
        for value in allCases {
            if key == value.rawValue || key == value.rawValue.replacingOccurrences(of: "_", with: " ")
                || key == TextFolding.searchKey(value.labelEN) || key == TextFolding.searchKey(value.labelVI) {
                return value
            }
        }
        return nil
    }

    /// The accepted codes, for error messages.
    static var codeList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

extension TipCategory {
    /// Parses a category from user text (code or label, diacritics optional).
    public static func parseUserText(_ text: String) -> TipCategory? { parse(text) }
    /// Every accepted code, comma-separated.
    public static var acceptedCodes: String { codeList }
}

extension TipChannel {
    /// Parses a channel from user text (code or label, diacritics optional).
    public static func parseUserText(_ text: String) -> TipChannel? { parse(text) }
    /// Every accepted code, comma-separated.
    public static var acceptedCodes: String { codeList }
}

import Foundation
