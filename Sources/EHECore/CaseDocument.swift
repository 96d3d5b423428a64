public import Foundation

/// The case JSON format: what `ehe case show --json` prints and `ehe case add` / `ehe case update` accept.
///
/// Every field is optional in the Swift type so that a document with many problems is read in full and
/// every problem reported at once; `record(today:)` applies the rules. Read-only fields (`reference`,
/// `status`, `derived`, `planningArea`) are written on output and ignored on input, except `version`,
/// which `case update` requires so that a stale copy can never overwrite a newer one.
public struct CaseDocument: Codable, Sendable, Equatable {
    public var reference: String?
    public var version: Int?
    public var status: String?
    public var child: ChildDTO?
    public var parents: [ParentDTO]?
    public var providers: [ProviderDTO]?
    public var senProvision: String?
    public var ehcp: EHCPDTO?
    public var socialCare: [SocialCareDTO]?
    public var episodes: [EpisodeDTO]?
    public var contacts: [ContactDTO]?
    public var returnPlans: [ReturnPlanDTO]?
    public var enforcement: [EnforcementDTO]?
    public var assignedOfficer: String?
    /// Whether the child lives in the LA's area (default true).
    public var livesInLA: Bool?
    public var planningArea: String?
    public var notes: String?
    /// Computed on output from the date of birth (never stored, never read back).
    public var derived: DerivedDTO?

    public struct AddressDTO: Codable, Sendable, Equatable {
        public var line1: String?
        public var line2: String?
        public var town: String?
        public var postcode: String?
    }

    public struct ChildDTO: Codable, Sendable, Equatable {
        public var forenames: String?
        public var surname: String?
        public var preferredName: String?
        public var dateOfBirth: String?
        public var sex: String?
        public var upn: String?
        public var address: AddressDTO?
    }

    public struct ParentDTO: Codable, Sendable, Equatable {
        public var name: String?
        public var relationship: String?
        public var address: AddressDTO?
        public var livesWithChild: Bool?
        public var parentalResponsibility: Bool?
        public var phones: [String]?
        public var email: String?
        public var providesEducation: Bool?
        public var hoursPerWeek: Double?
    }

    public struct ProviderDTO: Codable, Sendable, Equatable {
        public var name: String?
        public var type: String?
        public var address: AddressDTO?
        public var website: String?
        public var email: String?
        public var hoursPerWeek: Double?
        public var hoursWithoutParentPerWeek: Double?
        public var from: String?
        public var to: String?
    }

    public struct ReviewDTO: Codable, Sendable, Equatable {
        public var meetingDate: String?
        public var decisionDate: String?
        public var decision: String?
    }

    public struct EHCPDTO: Codable, Sendable, Equatable {
        public var issueDate: String?
        public var maintainingLA: String?
        public var reviews: [ReviewDTO]?
    }

    public struct SocialCareDTO: Codable, Sendable, Equatable {
        public var flag: String?
        public var from: String?
        public var to: String?
    }

    public struct PreviousSchoolDTO: Codable, Sendable, Equatable {
        public var urn: String?
        public var type: String?
    }

    public struct DeletionReturnDTO: Codable, Sendable, Equatable {
        public var ground: String?
        public var groundMetDate: String?
        public var removedFromRollDate: String?
        public var returnReceivedDate: String?
    }

    public struct ConsentDTO: Codable, Sendable, Equatable {
        public var requirement: String?
        public var requestDate: String?
        public var decision: String?
        public var decisionDate: String?
    }

    public struct EpisodeDTO: Codable, Sendable, Equatable {
        public var startDate: String?
        public var notificationSource: String?
        public var notificationDate: String?
        public var previousSchool: PreviousSchoolDTO?
        public var deletionReturn: DeletionReturnDTO?
        public var consent: ConsentDTO?
        public var primaryReason: String?
        public var additionalReasons: [String]?
        public var reasonNotes: String?
        public var endDate: String?
        public var endReason: String?
        public var returnSchoolURN: String?
    }

    public struct ContactDTO: Codable, Sendable, Equatable {
        public var date: String?
        public var method: String?
        public var officer: String?
        public var judgement: String?
        public var substantive: Bool?
        public var homeVisitRequested: Bool?
        public var homeVisitDeclined: Bool?
        public var notes: String?
    }

    public struct ReturnPlanDTO: Codable, Sendable, Equatable {
        public var targetDate: String?
        public var targetSchoolURN: String?
        public var status: String?
        public var notes: String?
    }

    public struct EnforcementDTO: Codable, Sendable, Equatable {
        public var kind: String?
        public var date: String?
        public var periodDays: Int?
        /// A s.437(1) notice's outcome code, once decided, and its date.
        public var outcome: String?
        public var outcomeDate: String?
        /// A school attendance order issued: the school it names (6-digit URN).
        public var namedSchoolURN: String?
        /// A school attendance order revoked: the reason code.
        public var revocationReason: String?
        public var notes: String?
    }

    public struct DerivedDTO: Codable, Sendable, Equatable {
        public var asOf: String
        public var yearGroup: Int
        public var yearGroupLabel: String
        public var compulsorySchoolAgeStart: String
        public var compulsorySchoolAgeEnd: String
        public var ofCompulsorySchoolAge: Bool
    }
}

// MARK: - Reading and writing JSON

extension CaseDocument {
    /// Decodes a document, turning a JSON syntax or type error into a validation problem naming the field.
    public static func decode(_ data: Data) throws(RegisterError) -> CaseDocument {
        do {
            return try JSONDecoder().decode(CaseDocument.self, from: data)
        } catch let error as DecodingError {
            throw .invalid([Self.problem(from: error)])
        } catch {
            throw .invalid([ValidationProblem(field: "(document)", rule: "json", message: "not valid JSON")])
        }
    }

    /// Decodes a JSON list of documents (for adding several children at once).
    public static func decodeList(_ data: Data) throws(RegisterError) -> [CaseDocument] {
        do {
            return try JSONDecoder().decode([CaseDocument].self, from: data)
        } catch let error as DecodingError {
            throw .invalid([Self.problem(from: error)])
        } catch {
            throw .invalid([ValidationProblem(field: "(document)", rule: "json", message: "not valid JSON")])
        }
    }

    /// Pretty, key-sorted JSON, so the same case always prints the same bytes.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and booleans cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    private static func problem(from error: DecodingError) -> ValidationProblem {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "(document)" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return ValidationProblem(field: path(context.codingPath), rule: "type", message: "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            return ValidationProblem(field: path(context.codingPath), rule: "type", message: "expected \(Self.describe(type))")
        case .keyNotFound(let key, let context):
            return ValidationProblem(field: path(context.codingPath + [key]), rule: "required", message: "is missing")
        case .dataCorrupted(let context):
            return ValidationProblem(field: path(context.codingPath), rule: "json", message: "not valid JSON")
        @unknown default:
            return ValidationProblem(field: "(document)", rule: "json", message: "could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        default: "a different kind of value (object or list)"
        }
    }
}
