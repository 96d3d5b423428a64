public import EHECore

/// A child found by a search, as shown to an officer (CLI `case find --json` and the API alike).
public struct FoundChild: Codable, Sendable, Hashable {
    public var reference: String
    public var status: String
    public var forenames: String
    public var surname: String
    public var dateOfBirth: String
    public var yearGroup: String

    public init(_ hit: SearchHit, today: LocalDate) {
        reference = hit.reference.description
        status = hit.status.rawValue
        forenames = hit.child.forenames
        surname = hit.child.surname
        dateOfBirth = hit.child.dateOfBirth.iso
        yearGroup = SchoolCalendar.yearGroupLabel(SchoolCalendar.yearGroup(dateOfBirth: hit.child.dateOfBirth, on: today))
    }
}
