/// The kinds of blind index the register keeps (DESIGN.md §4). Each kind is keyed separately, so the same
/// text under two kinds gives unrelated tokens.
public enum IndexKind: String, Sendable, CaseIterable, Codable {
    /// Normalised UPN.
    case upn
    /// The whole surname and each part of it.
    case surname
    /// Each surname form with the date of birth: the duplicate rule and the common phone query.
    case surnameDOB = "surname_dob"
    /// First forename with the date of birth.
    case forenameDOB = "forename_dob"
    case dateOfBirth = "dob"
    case postcode
    case postcodeDistrict = "postcode_district"
    /// Phonetic key of each surname form.
    case phonetic
    /// Phonetic key of each surname form with the date of birth (duplicate detection).
    case phoneticDOB = "phonetic_dob"

    /// The stable number stored for the kind.
    public var number: Int {
        switch self {
        case .upn: 1
        case .surname: 2
        case .surnameDOB: 3
        case .forenameDOB: 4
        case .dateOfBirth: 5
        case .postcode: 6
        case .postcodeDistrict: 7
        case .phonetic: 8
        case .phoneticDOB: 9
        }
    }
}

/// One index entry before hashing: which kind, and the normalised text.
public struct IndexTerm: Sendable, Hashable {
    public var kind: IndexKind
    public var value: String

    public init(_ kind: IndexKind, _ value: String) {
        self.kind = kind
        self.value = value
    }

    /// Every index term for a child. Values are normalised, so equal terms mean equal normalised data.
    public static func terms(for child: Child) -> [IndexTerm] {
        var terms: [IndexTerm] = []
        let dob = child.dateOfBirth.iso
        if let upn = child.upn { terms.append(IndexTerm(.upn, Identifiers.normalisedUPN(upn))) }
        let forms = NameNormalisation.surnameForms(child.surname)
        for form in forms {
            terms.append(IndexTerm(.surname, form))
            terms.append(IndexTerm(.surnameDOB, form + "|" + dob))
        }
        for key in Set(forms.map(NameNormalisation.phonetic)).sorted() where !key.isEmpty {
            terms.append(IndexTerm(.phonetic, key))
            terms.append(IndexTerm(.phoneticDOB, key + "|" + dob))
        }
        let forename = NameNormalisation.firstForename(child.forenames)
        if !forename.isEmpty { terms.append(IndexTerm(.forenameDOB, forename + "|" + dob)) }
        terms.append(IndexTerm(.dateOfBirth, dob))
        if let postcode = child.address.flatMap({ Identifiers.normalisedPostcode($0.postcode) }) {
            terms.append(IndexTerm(.postcode, postcode))
            terms.append(IndexTerm(.postcodeDistrict, Identifiers.postcodeDistrict(postcode)))
        }
        return terms
    }
}

/// Turns index terms into tokens: a keyed hash, so the database holds no searchable plaintext.
public protocol IndexHasher: Sendable {
    /// Id of the index key new entries are written under.
    var primaryKeyID: String { get }
    /// Ids of every index key that can still be searched (the primary first).
    var keyIDs: [String] { get }
    /// The token for a term under one index key. Nil when the key is not in the keyring.
    func token(_ term: IndexTerm, keyID: String) -> IndexToken?
}

extension IndexHasher {
    /// Tokens under the primary key.
    public func primaryTokens(_ terms: [IndexTerm]) -> [IndexToken] {
        terms.compactMap { token($0, keyID: primaryKeyID) }
    }
}

/// A blind-index token as stored.
public struct IndexToken: Sendable, Hashable {
    public var kind: IndexKind
    public var keyID: String
    /// The truncated keyed hash: its first 8 bytes, big-endian, as a signed 64-bit integer.
    public var value: Int64

    public init(kind: IndexKind, keyID: String, value: Int64) {
        self.kind = kind
        self.keyID = keyID
        self.value = value
    }
}
