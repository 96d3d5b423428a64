import EHECore
import Testing

@Suite("Code lists")
struct CodeListTests {
    @Test("the primary reason list is DfE's 19, with its labels")
    func primaryReasons() {
        #expect(PrimaryReason.allCases.count == 19)
        #expect(PrimaryReason.philosophicalPreferential.label == "Philosophical or preferential")
        #expect(PrimaryReason.covidHealth.label == "Health concerns related to COVID19")
        #expect(Set(PrimaryReason.allCases.map(\.label)).count == 19)
    }

    @Test("codes are stable snake_case")
    func snakeCase() {
        let lists: [[String]] = [
            PrimaryReason.allCodes, Sex.allCodes, PreviousSchoolType.allCodes, SENProvision.allCodes,
            SocialCareFlag.allCodes, NotificationSource.allCodes, EndReason.allCodes, ContactMethod.allCodes,
            SuitabilityJudgement.allCodes, ConsentRequirement.allCodes, ConsentDecision.allCodes,
            EnforcementKind.allCodes, ReturnPlanStatus.allCodes, ProviderType.allCodes, ReviewDecision.allCodes,
        ]
        for code in lists.joined() {
            #expect(code.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(code)")
        }
    }

    @Test("previous school types map to the DfE indicator suffixes")
    func previousSchoolSuffixes() {
        #expect(
            Set(PreviousSchoolType.allCases.map(\.dfeSuffix)) == [
                "acad", "lamain", "else_unk", "free", "ind", "ehe", "none", "pru", "ey", "spec", "ap",
            ]
        )
    }
}
