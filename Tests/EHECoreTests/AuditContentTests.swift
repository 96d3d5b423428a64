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
            event: AuditEvent(
                actor: "user:ann",
                action: "case.view",
                caseReference: "EHE-000001",
                address: "Ysgol Gymraeg – Caerdydd",
                outcome: "ok",
                detail: "note: café"
            ),
            keyID: "audit-1",
            mac: Data()
        )
        // Lengths are in bytes of UTF-8 ("–" is three, "é" two), absent fields are FF FF FF FF.
        let expected =
            "0000000c6568652d61756469742f7631000000013700000018323032362d31312d33305430393a31353a30302e3132335a"
            + "00000008757365723a616e6e00000009636173652e766965770000000a4548452d3030303030310000001a5973676f6c"
            + "2047796d7261656720e28093204361657264796464000000026f6b0000000b6e6f74653a20636166c3a90000000761756469742d31"
        #expect(entry.content.map { String(format: "%02x", $0) }.joined() == expected)
        var absent = entry
        absent.event.address = nil
        absent.event.detail = nil
        let withoutOptional =
            "0000000c6568652d61756469742f7631000000013700000018323032362d31312d33305430393a31353a30302e3132335a"
            + "00000008757365723a616e6e00000009636173652e766965770000000a4548452d303030303031ffffffff000000026f6b"
            + "ffffffff0000000761756469742d31"
        #expect(absent.content.map { String(format: "%02x", $0) }.joined() == withoutOptional)
    }
}
