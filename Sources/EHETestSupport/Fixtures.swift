public import EHECore

/// Distinctive values that must never appear in plaintext at rest, in output or in logs.
public enum Canary {
    public static let forenames = "Zephyrine"
    public static let surname = "Quillfeather-Ostrowska"
    public static let upn = "K999987654321".replacingCheckLetter()
    public static let street = "77 Marigoldcanary Crescent"
    public static let postcode = "EX1 3QZ"
    public static let parentName = "Bartholomew Quillfeather"
    public static let phone = "07700 900123"
    public static let email = "canary.parent@quillfeather.example"
    public static let contactNotes = "Observed Xylophonecanary practice and a nature diary"
    public static let caseNotes = "Canarynote: prefers Tuesday visits"
    public static let reasonNotes = "Canaryreason: anxiety after move"
    public static let dateOfBirth = LocalDate(2014, 2, 17)

    /// Every canary text, for scanning (dates are too common to scan for on their own).
    public static let all = [
        forenames, surname, upn, street, parentName, "07700900123", "900123", email, contactNotes,
        caseNotes, reasonNotes, "Marigoldcanary", "Quillfeather", "Xylophonecanary", "Canarynote", "Canaryreason",
    ]
}

extension String {
    /// This 13-character UPN with its first letter replaced by the correct check letter.
    func replacingCheckLetter() -> String {
        let body = String(dropFirst())
        return String(Identifiers.upnCheckLetter(for: body) ?? "A") + body
    }
}

/// Ready-made valid records for tests.
public enum Fixtures {
    /// A child with every kind of personal data filled in with canary values.
    public static func canaryRecord() -> CaseRecord {
        let address = PostalAddress(line1: Canary.street, town: "Exeter", postcode: Canary.postcode)
        return CaseRecord(
            child: Child(
                forenames: Canary.forenames,
                surname: Canary.surname,
                dateOfBirth: Canary.dateOfBirth,
                sex: .female,
                upn: Canary.upn,
                address: address
            ),
            parents: [
                ParentCarer(
                    name: Canary.parentName,
                    relationship: "father",
                    address: address,
                    phones: [Canary.phone],
                    email: Canary.email,
                    hoursPerWeek: 20
                )
            ],
            providers: [EducationProvider(name: "Canary Tutors Ltd", type: .tutor, hoursPerWeek: 4, hoursWithoutParentPerWeek: 4)],
            senProvision: .ehcp,
            ehcp: EHCP(issueDate: LocalDate(2022, 3, 10), reviews: [AnnualReview(meetingDate: LocalDate(2023, 3, 1))]),
            socialCare: [SocialCareStatus(flag: .childInNeed, from: LocalDate(2024, 1, 5))],
            episodes: [
                Episode(
                    startDate: LocalDate(2024, 9, 2),
                    notificationSource: .deletionReturn,
                    notificationDate: LocalDate(2024, 9, 3),
                    previousSchool: PreviousSchool(urn: "123456", type: .academy),
                    deletionReturn: DeletionReturn(ground: "reg 9(1)(f)", groundMetDate: LocalDate(2024, 9, 1)),
                    primaryReason: .mentalHealth,
                    additionalReasons: [.dissatisfactionBullying],
                    reasonNotes: Canary.reasonNotes
                )
            ],
            contacts: [
                Contact(
                    date: LocalDate(2024, 10, 1),
                    method: .homeVisit,
                    officer: "Officer One",
                    judgement: .suitable,
                    homeVisitRequested: true,
                    notes: Canary.contactNotes
                )
            ],
            returnPlans: [ReturnPlan(targetDate: LocalDate(2027, 9, 1), targetSchoolURN: "654321", status: .intended)],
            enforcement: [EnforcementEvent(kind: .informalEnquiry, date: LocalDate(2025, 1, 10))],
            assignedOfficer: "Officer One",
            notes: Canary.caseNotes
        )
    }

    /// A minimal valid child: name, date of birth, sex and one open episode.
    public static func simpleRecord(
        surname: String = "Smith",
        dateOfBirth: LocalDate = LocalDate(2015, 5, 5),
        start: LocalDate = LocalDate(2025, 1, 6),
        reason: PrimaryReason = .philosophicalPreferential
    ) -> CaseRecord {
        CaseRecord(
            child: Child(forenames: "Sam", surname: surname, dateOfBirth: dateOfBirth, sex: .male),
            episodes: [Episode(startDate: start, notificationSource: .parent, primaryReason: reason)]
        )
    }
}

extension Fixtures {
    /// The canary child as a case document (JSON) ready to add: no reference, no version.
    public static func canaryDocument() -> String {
        var document = CaseDocument(
            StoredCase(reference: CaseReference(number: 1), version: 1, record: canaryRecord()),
            asOf: LocalDate(2026, 11, 30)
        )
        document.reference = nil
        document.version = nil
        document.derived = nil
        return String(decoding: document.encoded(), as: UTF8.self)
    }
}
