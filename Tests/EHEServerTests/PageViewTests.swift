import EHECore
import EHETestSupport
import Testing

@testable import EHEServer

@Suite("Typed page views")
struct PageViewTests {
    @Test("a template reads the view's values, then the layout's; hasX and openX are derived once for every view")
    func contextLookup() {
        var signIn = SignInView(next: "/my-work")
        let empty = PageContext(view: signIn, layout: LayoutView(nil))
        #expect(empty.child(named: "hasErrors") as? Bool == false)
        #expect(empty.child(named: "signedIn") as? Bool == false)
        #expect(empty.child(named: "csrf") == nil)
        signIn.errors = [FieldErrorView(id: "name", message: "Enter your user name")]
        let identity = Identity(name: "olivia", role: .officer, credential: .session(secret: "s", csrfToken: "t"))
        let failed = PageContext(view: signIn, layout: LayoutView(identity))
        #expect(failed.child(named: "hasErrors") as? Bool == true)
        #expect(failed.child(named: "csrf") as? String == "t")
        #expect(failed.child(named: "canChange") as? Bool == true)
        #expect(failed.child(named: "canAudit") as? Bool == false)

        let stored = StoredCase(reference: CaseReference(number: 7), version: 3, record: Fixtures.simpleRecord())
        var page = CaseView(stored, today: LocalDate(2026, 11, 30), due: [], dueSoonDays: 14)
        page.openForm = "outcome"
        let context = PageContext(view: page, layout: LayoutView(identity))
        #expect(context.child(named: "openOutcome") as? Bool == true)
        #expect(context.child(named: "openContact") as? Bool == false)
        #expect(context.child(named: "hasDue") as? Bool == false)
        #expect(context.child(named: "hasEHCP") as? Bool == false)
        #expect(context.child(named: "nextDue") == nil)
        #expect(context.child(named: "version") as? Int == 3)
    }

    @Test("issue 16 item 13: a due item is Overdue, Due (within dueSoonDays) or Upcoming, as DueStatus defines them")
    func dueStatuses() {
        let today = LocalDate(2026, 11, 30)
        func status(_ date: LocalDate) -> String {
            DueRowView(
                DueItem(reference: CaseReference(number: 1), kind: .annualContact, dueDate: date, officer: nil),
                today: today,
                dueSoonDays: 14
            ).status
        }
        #expect(status(LocalDate(2026, 11, 29)) == "Overdue")
        #expect(status(today) == "Due")
        #expect(status(LocalDate(2026, 12, 14)) == "Due")
        #expect(status(LocalDate(2026, 12, 15)) == "Upcoming")
        #expect(status(LocalDate(2027, 11, 30)) == "Upcoming", "a year away is not 'Due'")
    }
}
