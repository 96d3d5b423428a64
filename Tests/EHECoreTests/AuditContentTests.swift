import EHECore
import Foundation
import Testing

@Suite("Audit entry content")
struct AuditContentTests {
    @Test("the bytes a MAC covers are fixed: each field length-prefixed, absent fields marked, in this order")
    func knownAnswer() {
        // Chains already on disk verify only if this encoding never changes.
        let entry = AuditEntry(
            sequence: 7,
            at: "2026-11-30T09:15:00.123Z",
            event: AuditEvent(actor: "user:ann", action: "case.view", caseReference: "EHE-000001", outcome: "ok"),
            keyID: "audit-1",
            mac: Data()
        )
        let expected =
            "0000000c6568652d61756469742f7631000000013700000018323032362d31312d33305430393a31353a30302e3132335a"
            + "00000008757365723a616e6e00000009636173652e766965770000000a4548452d303030303031ffffffff000000026f6b"
            + "ffffffff0000000761756469742d31"
        #expect(entry.content.map { String(format: "%02x", $0) }.joined() == expected)
    }
}
