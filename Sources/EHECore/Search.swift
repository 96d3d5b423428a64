/// What an officer searches by. Any combination; every given criterion must match.
public struct SearchCriteria: Sendable, Hashable {
    public var upn: String?
    public var surname: String?
    public var forename: String?
    public var dateOfBirth: LocalDate?
    public var postcode: String?
    /// A surname as heard: matched phonetically.
    public var soundsLike: String?

    public init(
        upn: String? = nil,
        surname: String? = nil,
        forename: String? = nil,
        dateOfBirth: LocalDate? = nil,
        postcode: String? = nil,
        soundsLike: String? = nil
    ) {
        self.upn = upn
        self.surname = surname
        self.forename = forename
        self.dateOfBirth = dateOfBirth
        self.postcode = postcode
        self.soundsLike = soundsLike
    }

    /// The index lookups whose intersection holds every match, or the problems that prevent a search.
    public func indexTerms() throws(RegisterError) -> [IndexTerm] {
        var terms: [IndexTerm] = []
        var problems = ProblemList()
        let dob = dateOfBirth?.iso
        if let upn {
            if let problem = Identifiers.upnProblem(upn) { problems.add("upn", problem.rule, problem.message) }
            terms.append(IndexTerm(.upn, Identifiers.normalisedUPN(upn)))
        }
        if let surname {
            let form = NameNormalisation.compact(surname)
            if form.isEmpty { problems.add("surname", "required", "must contain letters") }
            terms.append(dob.map { IndexTerm(.surnameDOB, form + "|" + $0) } ?? IndexTerm(.surname, form))
        }
        if let soundsLike {
            let key = NameNormalisation.phonetic(soundsLike)
            if key.isEmpty { problems.add("soundsLike", "required", "must contain letters") }
            terms.append(dob.map { IndexTerm(.phoneticDOB, key + "|" + $0) } ?? IndexTerm(.phonetic, key))
        }
        if let forename {
            let form = NameNormalisation.firstForename(forename)
            if form.isEmpty { problems.add("forename", "required", "must contain letters") }
            if let dob {
                terms.append(IndexTerm(.forenameDOB, form + "|" + dob))
            } else if terms.isEmpty {
                problems.add(
                    "forename",
                    "needs_more",
                    "a forename alone is too broad: add the date of birth, the surname or another criterion"
                )
            }
        }
        if let dob, terms.isEmpty || (surname == nil && soundsLike == nil && forename == nil) {
            terms.append(IndexTerm(.dateOfBirth, dob))
        }
        if let postcode {
            if let normal = Identifiers.normalisedPostcode(postcode) {
                terms.append(IndexTerm(.postcode, normal))
            } else {
                let district = postcode.uppercased().filter { !$0.isWhitespace }
                if district.count >= 2, district.count <= 4, district.first?.isLetter == true {
                    terms.append(IndexTerm(.postcodeDistrict, district))
                } else {
                    problems.add("postcode", "postcode_format", "give a full postcode (EX1 3QZ) or a district (EX1)")
                }
            }
        }
        if terms.isEmpty && problems.isEmpty {
            problems.add(
                "(criteria)",
                "required",
                "give at least one of: UPN, surname, forename with date of birth, date of birth, postcode, sounds-like surname"
            )
        }
        try problems.throwIfAny()
        return terms
    }

    /// Whether a child matches every criterion exactly (after normalisation).
    /// The names of the criteria given (for the audit log: what was searched on, never the values).
    public var fieldNames: [String] {
        [
            upn.map { _ in "upn" }, surname.map { _ in "surname" }, forename.map { _ in "forename" },
            dateOfBirth.map { _ in "dateOfBirth" }, postcode.map { _ in "postcode" }, soundsLike.map { _ in "soundsLike" },
        ].compactMap { $0 }
    }

    public func matches(_ child: Child) -> Bool {
        if let upn, child.upn.map(Identifiers.normalisedUPN) != Identifiers.normalisedUPN(upn) { return false }
        if let surname, !NameNormalisation.surnameForms(child.surname).contains(NameNormalisation.compact(surname)) { return false }
        if let soundsLike,
            !NameNormalisation.surnameForms(child.surname).map(NameNormalisation.phonetic).contains(NameNormalisation.phonetic(soundsLike))
        {
            return false
        }
        if let forename, NameNormalisation.firstForename(child.forenames) != NameNormalisation.firstForename(forename) { return false }
        if let dateOfBirth, child.dateOfBirth != dateOfBirth { return false }
        if let postcode {
            guard let childPostcode = child.address.flatMap({ Identifiers.normalisedPostcode($0.postcode) }) else { return false }
            if let normal = Identifiers.normalisedPostcode(postcode) {
                if childPostcode != normal { return false }
            } else if Identifiers.postcodeDistrict(childPostcode) != postcode.uppercased().filter({ !$0.isWhitespace }) {
                return false
            }
        }
        return true
    }
}

/// A child found by a search: enough to tell who it is on the phone.
public struct SearchHit: Sendable, Hashable {
    public var reference: CaseReference
    public var status: CaseStatus
    public var child: Child

    public init(reference: CaseReference, status: CaseStatus, child: Child) {
        self.reference = reference
        self.status = status
        self.child = child
    }
}

/// Why two cases may be the same child (issue #3 duplicate rules).
public enum DuplicateRule: String, Sendable, Codable, CaseIterable {
    /// The same UPN.
    case sameUPN = "same_upn"
    /// The same normalised surname (or surname part) and date of birth.
    case sameSurnameAndDOB = "same_surname_dob"
    /// Surnames that sound alike, the same date of birth and the same forename initial.
    case soundsAlikeDOBAndInitial = "sounds_alike_dob_initial"

    /// The index kind whose shared tokens give candidates for this rule.
    public var indexKind: IndexKind {
        switch self {
        case .sameUPN: .upn
        case .sameSurnameAndDOB: .surnameDOB
        case .soundsAlikeDOBAndInitial: .phoneticDOB
        }
    }

    /// Whether two children meet the rule (checked on opened data, so index collisions never count).
    public func holds(_ a: Child, _ b: Child) -> Bool {
        switch self {
        case .sameUPN:
            guard let first = a.upn, let second = b.upn else { return false }
            return Identifiers.normalisedUPN(first) == Identifiers.normalisedUPN(second)
        case .sameSurnameAndDOB:
            return a.dateOfBirth == b.dateOfBirth
                && !Set(NameNormalisation.surnameForms(a.surname)).isDisjoint(with: NameNormalisation.surnameForms(b.surname))
        case .soundsAlikeDOBAndInitial:
            let keysA = Set(NameNormalisation.surnameForms(a.surname).map(NameNormalisation.phonetic))
            let keysB = Set(NameNormalisation.surnameForms(b.surname).map(NameNormalisation.phonetic))
            return a.dateOfBirth == b.dateOfBirth && !keysA.isDisjoint(with: keysB)
                && NameNormalisation.firstForename(a.forenames).first == NameNormalisation.firstForename(b.forenames).first
        }
    }

    /// The index terms of a new child to look up for this rule.
    public func terms(for child: Child) -> [IndexTerm] {
        IndexTerm.terms(for: child).filter { $0.kind == indexKind }
    }
}

/// A case that may be the same child as the one being added.
public struct DuplicateMatch: Sendable, Hashable, Codable {
    public var reference: CaseReference
    public var rules: [DuplicateRule]

    public init(reference: CaseReference, rules: [DuplicateRule]) {
        self.reference = reference
        self.rules = rules
    }
}
