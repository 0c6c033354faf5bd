import Foundation

/// One webhook event of a Zalo Official Account, as Zalo documents it: a JSON object with
/// `app_id`, `event_name`, `timestamp` (milliseconds, a string), `sender.id`,
/// `recipient.id`, `user_id_by_app` and, for messages, `message.msg_id`, `message.text` and
/// `message.attachments[]` (`{type, payload}`; a shared location's
/// `payload.coordinates.latitude/longitude` are strings). `follow`/`unfollow` carry the
/// user in `follower.id` and the OA in `oa_id`.
public struct ZaloEvent: Sendable, Hashable {
    /// What the resident did.
    public enum Kind: Sendable, Hashable {
        case text
        case location
        case image
        case file
        case link
        case sticker
        case follow
        case unfollow
        case submitInfo
        /// An event this service does not act on (the OA's own sends, reactions, …).
        case other
    }

    /// A shared photo, file or link: the URL is kept with the tip, never downloaded.
    public struct Attachment: Sendable, Hashable {
        public var kind: String
        public var url: String
        public var name: String?
    }

    public var kind: Kind
    /// `event_name` as sent.
    public var name: String
    public var appID: String
    /// The OA the event is for: `recipient.id` of a resident's message, `oa_id` otherwise.
    public var oaID: String
    /// The resident (their id for this OA): never written to tips, logs or listings.
    public var userID: String?
    /// Milliseconds since 1970, as sent (the signature covers the string).
    public var timestampText: String
    public var timestampMilliseconds: Int64
    /// `message.msg_id`, or nil for events without a message.
    public var messageID: String?
    public var text: String?
    /// A shared location (WGS84), checked.
    public var location: Coordinate?
    public var attachments: [Attachment]
    /// `user_submit_info`'s address parts joined ("số 5 Lê Lợi, Phường 2, …").
    public var submittedAddress: String?
    public var submittedName: String?
    public var submittedPhone: String?

    /// Why a body is not a Zalo event.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// What the signature check needs, read without normalising any text (so that an unsigned
    /// body costs no more than its JSON parse): the event name, app, OA and timestamp.
    public struct Envelope: Sendable {
        public var name: String
        public var appID: String
        /// The OA the event is for: `recipient.id` of a resident's message, `oa_id` of
        /// follow/unfollow, `sender.id` of the OA's own sends.
        public var oaID: String
        /// As sent (the signature covers the string).
        public var timestampText: String
        public var timestampMilliseconds: Int64
        let root: [String: JSONValue]

        /// Reads the envelope of a raw body. Ids are JSON strings (a number would lose digits
        /// and merge residents); the timestamp a string of milliseconds.
        public init(body: [UInt8]) throws {
            let value: JSONValue
            do { value = try JSONDecoder().decode(JSONValue.self, from: Data(body)) } catch { throw Problem(description: "the body is not JSON") }
            guard case .object(let root) = value else { throw Problem(description: "the body must be a JSON object") }
            guard let name = ZaloEvent.string(root["event_name"]), !name.isEmpty else { throw Problem(description: "member 'event_name' is missing or not a string") }
            guard let appID = ZaloEvent.string(root["app_id"]), !appID.isEmpty else { throw Problem(description: "member 'app_id' is missing or not a string") }
            guard let stamp = ZaloEvent.string(root["timestamp"]), stamp.utf8.count <= 19, stamp.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let ms = Int64(stamp), ms > 0 else {
                throw Problem(description: "member 'timestamp' must be milliseconds since 1970 as a string of digits")
            }
            let sender = ZaloEvent.string(ZaloEvent.object(root["sender"])["id"]), recipient = ZaloEvent.string(ZaloEvent.object(root["recipient"])["id"])
            let kind = ZaloEvent.kind(of: name)
            switch kind {
            case .follow, .unfollow: oaID = ZaloEvent.string(root["oa_id"]) ?? recipient ?? ""
            case .other: oaID = sender ?? ""
            default: oaID = recipient ?? ZaloEvent.string(root["oa_id"]) ?? ""
            }
            self.name = name; self.appID = appID; self.timestampText = stamp; self.timestampMilliseconds = ms; self.root = root
        }
    }

    /// The longest message text kept, in UTF-8 bytes (Zalo's limit is 2,000 characters).
    public static let maximumTextBytes = 8_192

    static func string(_ v: JSONValue?) -> String? { if case .string(let s)? = v { return s }; return nil }
    static func object(_ v: JSONValue?) -> [String: JSONValue] { if case .object(let o)? = v { return o }; return [:] }
    static func kind(of name: String) -> Kind {
        switch name {
        case "user_send_text": .text
        case "user_send_location": .location
        case "user_send_image", "user_send_gif": .image
        case "user_send_file": .file
        case "user_send_link": .link
        case "user_send_sticker": .sticker
        case "user_submit_info": .submitInfo
        case "follow": .follow
        case "unfollow": .unfollow
        default: .other
        }
    }

    /// Reads an event from the raw body (``Envelope`` first, then the message).
    public init(body: [UInt8]) throws {
        try self.init(envelope: Envelope(body: body))
    }

    /// Reads the message of an event whose envelope (and signature) was checked. Text is NFC,
    /// at most ``maximumTextBytes``; a location outside WGS84 ranges is a problem naming the
    /// member; attachment URLs are http(s) only.
    public init(envelope: Envelope) throws {
        let root = envelope.root
        let string = ZaloEvent.string, object = ZaloEvent.object
        name = envelope.name
        appID = envelope.appID
        oaID = envelope.oaID
        timestampText = envelope.timestampText
        timestampMilliseconds = envelope.timestampMilliseconds
        kind = Self.kind(of: name)
        let message = object(root["message"])
        switch kind {
        case .follow, .unfollow: userID = string(object(root["follower"])["id"])
        // A resident's event goes from the user to the OA; the OA's own sends (oa_send_*) go
        // the other way and are not tips.
        case .other: userID = nil
        default: userID = string(object(root["sender"])["id"])
        }
        if userID?.isEmpty == true { userID = nil }
        messageID = string(message["msg_id"]).flatMap { $0.isEmpty ? nil : $0 }
        text = string(message["text"]).map { TextFolding.nfc(TextFolding.prefix($0, maxBytes: Self.maximumTextBytes)) }
            .flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        var attachments: [Attachment] = []
        var location: Coordinate?
        if case .array(let list)? = message["attachments"] {
            for (index, item) in list.prefix(50).enumerated() {
                let item = object(item), payload = object(item["payload"])
                let type = string(item["type"]) ?? ""
                if type == "location" {
                    let coordinates = object(payload["coordinates"])
                    guard let lat = coordinates["latitude"]?.number, let lon = coordinates["longitude"]?.number else {
                        throw Problem(description: "message.attachments[\(index)].payload.coordinates needs latitude and longitude")
                    }
                    let point = Coordinate(x: lon, y: lat)
                    if let problem = point.lonLatProblem { throw Problem(description: "message.attachments[\(index)]: \(problem)") }
                    location = location ?? point
                } else if let url = string(payload["url"]), url.utf8.count <= 2_048,
                          let scheme = URL(string: url)?.scheme?.lowercased(), scheme == "https" || scheme == "http" {
                    attachments.append(Attachment(kind: type.isEmpty ? "file" : String(type.prefix(20)), url: url,
                                                  name: string(payload["name"]).map { TextFolding.nfc(TextFolding.prefix($0, maxBytes: 512)) }))
                }
            }
        }
        self.attachments = kind == .sticker ? [] : attachments
        self.location = location
        if kind == .location, location == nil { throw Problem(description: "a user_send_location event needs message.attachments[].payload.coordinates") }
        // user_submit_info: the flat form (address, ward, district, city) and the newer
        // full_address form (user_address, user_ward, user_city) are both in use.
        let info = object(root["info"]), full = object(info["full_address"])
        let parts = [string(info["address"]) ?? string(full["user_address"]), string(info["ward"]) ?? string(full["user_ward"]),
                     string(info["district"]), string(info["city"]) ?? string(full["user_city"])]
            .compactMap { $0.map { TextFolding.prefix($0, maxBytes: 512).trimmingCharacters(in: .whitespacesAndNewlines) } }.filter { !$0.isEmpty }
        submittedAddress = parts.isEmpty ? nil : TextFolding.nfc(parts.joined(separator: ", "))
        submittedName = string(info["name"]).map { TextFolding.nfc(TextFolding.prefix($0, maxBytes: 256)) }
        submittedPhone = string(info["phone"]).map { TextFolding.prefix($0, maxBytes: 64) }
    }

    /// The key that makes a retried delivery one event: the message id, or for events
    /// without one a digest of the body.
    public static func key(messageID: String?, body: [UInt8]) -> String {
        messageID.map { "m:" + $0 } ?? "h:" + SHA256.hex(bytes: body)
    }
}
