/// What a copy of the register's two database files holds, read from the copies themselves without any
/// key: written into a backup's manifest and checked when it is restored.
public struct BackupContents: Sendable, Hashable, Codable {
    /// The highest migration applied to `register.sqlite` and to `audit.sqlite`.
    public var registerSchema: Int
    public var auditSchema: Int
    /// The last audit entry in the copy (sequence and hex MAC); nil for an empty log.
    public var auditHeadSequence: Int?
    public var auditHeadMAC: String?
    public var cases: Int
    /// Key-encryption keys the copy's sealed data needs (by id): the keyring restored beside it must hold them.
    public var keyIDs: [String]

    public init(registerSchema: Int, auditSchema: Int, auditHeadSequence: Int?, auditHeadMAC: String?, cases: Int, keyIDs: [String]) {
        self.registerSchema = registerSchema
        self.auditSchema = auditSchema
        self.auditHeadSequence = auditHeadSequence
        self.auditHeadMAC = auditHeadMAC
        self.cases = cases
        self.keyIDs = keyIDs
    }
}
