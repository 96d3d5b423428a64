extension CaseRecord {
    /// Every rule the record breaks, with the field path of each (e.g. `contacts[2].date`).
    ///
    /// - Parameter today: the date "in the future" is judged against.
    public func problems(today: LocalDate) -> [ValidationProblem] { problems(today: today, standIns: []) }

    /// As `problems(today:)`; the dates at `standIns` are stand-ins for fields that could not be read
    /// (reported by the reader), not dates to hold to the register's range.
    func problems(today: LocalDate, standIns: Set<String>) -> [ValidationProblem] {
        var list = ProblemList()
        // Dates off the register's calendar first, and alone: every other rule reasons about real dates.
        for (path, date) in datedFields where !LocalDate.registerRange.contains(date) && !standIns.contains(path) {
            list.add(path, "date_range", LocalDate.registerRangeMessage)
        }
        guard list.problems.isEmpty else { return list.problems }
        validateChild(into: &list, today: today)
        validateEpisodes(into: &list, today: today)
        validateFamily(into: &list)
        validateSEN(into: &list, today: today)
        validateContacts(into: &list, today: today)
        validateOther(into: &list, today: today)
        return list.problems
    }

    /// Throws `RegisterError.invalid` listing every problem, or returns when the record is valid.
    public func validate(today: LocalDate) throws(RegisterError) {
        let found = problems(today: today)
        if !found.isEmpty { throw .invalid(found) }
    }

    private func validateChild(into list: inout ProblemList, today: LocalDate) {
        requireText(child.forenames, "child.forenames", &list)
        requireText(child.surname, "child.surname", &list)
        let dob = child.dateOfBirth
        if dob > today {
            list.add("child.dateOfBirth", "date_in_future", "date of birth cannot be in the future")
        } else if SchoolCalendar.yearGroup(dateOfBirth: dob, on: today) > 30 {
            list.add("child.dateOfBirth", "plausible_dob", "date of birth gives an age far beyond school age")
        }
        if let upn = child.upn, let problem = Identifiers.upnProblem(upn) {
            list.add("child.upn", problem.rule, problem.message)
        }
        if let address = child.address { validate(address, at: "child.address", &list) }
    }

    private func validateEpisodes(into list: inout ProblemList, today: LocalDate) {
        guard !episodes.isEmpty else {
            list.add("episodes", "required", "a case needs at least one EHE episode")
            return
        }
        let dob = child.dateOfBirth
        let csaEnd = SchoolCalendar.compulsorySchoolAgeEnd(dateOfBirth: dob)
        for (index, episode) in episodes.enumerated() {
            let path = "episodes[\(index)]"
            if episode.startDate > csaEnd {
                list.add(
                    "\(path).startDate",
                    "plausible_dob",
                    "the child's compulsory school age ended (\(csaEnd)) before this episode started"
                )
            } else if SchoolCalendar.yearGroup(dateOfBirth: dob, on: episode.startDate) < -1 {
                list.add(
                    "\(path).startDate",
                    "plausible_dob",
                    "the child would be more than a year below Reception age when this episode started"
                )
            }
            if let end = episode.endDate {
                if end < episode.startDate {
                    list.add("\(path).endDate", "date_order", "end date must not be before the start date")
                }
                if end > today { list.add("\(path).endDate", "date_in_future", "end date cannot be in the future") }
                if episode.endReason == nil {
                    list.add("\(path).endReason", "required", "an ended episode needs an end reason")
                }
            } else if episode.endReason != nil {
                list.add("\(path).endDate", "required", "an end reason needs an end date")
            }
            if index < episodes.count - 1 {
                if episode.isOpen {
                    list.add(
                        "\(path).endDate",
                        "single_open_episode",
                        "only the latest episode may be open; end this one before a later one starts"
                    )
                } else if let end = episode.endDate, episodes[index + 1].startDate <= end {
                    list.add(
                        "episodes[\(index + 1)].startDate",
                        "date_order",
                        "episodes must not overlap: this one starts on or before the previous one ended"
                    )
                }
            }
            if let notified = episode.notificationDate, notified > today {
                list.add("\(path).notificationDate", "date_in_future", "notification date cannot be in the future")
            }
            if let urn = episode.previousSchool?.urn, !Identifiers.isValidURN(urn) {
                list.add("\(path).previousSchool.urn", "urn_format", "a school URN is 6 digits")
            }
            if let urn = episode.returnSchoolURN, !Identifiers.isValidURN(urn) {
                list.add("\(path).returnSchoolURN", "urn_format", "a school URN is 6 digits")
            }
            if episode.returnSchoolURN != nil, episode.endReason != .returnedToSchool {
                list.add(
                    "\(path).returnSchoolURN",
                    "not_applicable",
                    "a return school is recorded only when the end reason is returned_to_school"
                )
            }
            if episode.additionalReasons.contains(episode.primaryReason) {
                list.add(
                    "\(path).additionalReasons",
                    "duplicate",
                    "additional reasons must not repeat the primary reason"
                )
            }
            let consent = episode.consent
            if let request = consent.requestDate, let decided = consent.decisionDate, decided < request {
                list.add(
                    "\(path).consent.decisionDate",
                    "date_order",
                    "a consent decision cannot come before the request"
                )
            }
            for (field, date) in [("requestDate", consent.requestDate), ("decisionDate", consent.decisionDate)] {
                if let date, date > today {
                    list.add("\(path).consent.\(field)", "date_in_future", "a consent date cannot be in the future")
                }
            }
            if consent.decisionDate != nil, consent.decision == nil || consent.decision == .pending {
                list.add("\(path).consent.decision", "required", "a decision date needs the decision made")
            }
            if consent.requirement == .notRequired, consent.decision != nil {
                list.add(
                    "\(path).consent.requirement",
                    "not_applicable",
                    "a consent decision is recorded only when consent is required"
                )
            }
            if let deletion = episode.deletionReturn, let met = deletion.groundMetDate,
                let removed = deletion.removedFromRollDate, removed < met
            {
                list.add(
                    "\(path).deletionReturn.removedFromRollDate",
                    "date_order",
                    "a child cannot be removed from roll before the deletion ground was met"
                )
            }
        }
    }

    private func validateFamily(into list: inout ProblemList) {
        for (index, parent) in parents.enumerated() {
            let path = "parents[\(index)]"
            requireText(parent.name, "\(path).name", &list)
            if let address = parent.address { validate(address, at: "\(path).address", &list) }
            if let email = parent.email { validateEmail(email, at: "\(path).email", &list) }
            for (phoneIndex, phone) in parent.phones.enumerated() {
                let digits = phone.filter(\.isASCIIDigit)
                if digits.count < 10 || digits.count > 13
                    || !phone.allSatisfy({ $0.isASCIIDigit || " +-()".contains($0) })
                {
                    list.add(
                        "\(path).phones[\(phoneIndex)]",
                        "phone_format",
                        "a phone number has 10 to 13 digits (spaces, +, - and brackets allowed)"
                    )
                }
            }
            if let hours = parent.hoursPerWeek, !(0...168).contains(hours) {
                list.add("\(path).hoursPerWeek", "range", "hours a week must be between 0 and 168")
            }
        }
        for (index, provider) in providers.enumerated() {
            let path = "providers[\(index)]"
            requireText(provider.name, "\(path).name", &list)
            if let address = provider.address { validate(address, at: "\(path).address", &list) }
            if let email = provider.email { validateEmail(email, at: "\(path).email", &list) }
            for (value, field) in [
                (provider.hoursPerWeek, "hoursPerWeek"), (provider.hoursWithoutParentPerWeek, "hoursWithoutParentPerWeek"),
            ] {
                if let hours = value, !(0...168).contains(hours) {
                    list.add("\(path).\(field)", "range", "hours a week must be between 0 and 168")
                }
            }
            if let total = provider.hoursPerWeek, let alone = provider.hoursWithoutParentPerWeek, alone > total {
                list.add(
                    "\(path).hoursWithoutParentPerWeek",
                    "range",
                    "hours without a parent present cannot exceed the provider's total hours"
                )
            }
            if let from = provider.from, let to = provider.to, to < from {
                list.add("\(path).to", "date_order", "'to' must not be before 'from'")
            }
        }
    }

    private func validateSEN(into list: inout ProblemList, today: LocalDate) {
        switch (senProvision, ehcp) {
        case (.ehcp, nil):
            list.add("ehcp", "required", "SEN provision 'ehcp' needs the plan's issue date")
        case (let provision, .some) where provision != .ehcp:
            list.add("ehcp", "not_applicable", "EHCP details are recorded only when SEN provision is 'ehcp'")
        default:
            break
        }
        if let plan = ehcp {
            if plan.issueDate > today {
                list.add("ehcp.issueDate", "date_in_future", "the plan's issue date cannot be in the future")
            }
            // Meetings in date order among themselves. The issue date may be later than the last meeting: a
            // plan is re-issued after amendment, and the clock then runs from the re-issue (DOMAIN.md §7).
            var previous: LocalDate?
            for (index, review) in plan.reviews.enumerated() {
                let path = "ehcp.reviews[\(index)]"
                if let previous, review.meetingDate < previous {
                    list.add("\(path).meetingDate", "date_order", "review meetings must be in date order")
                }
                if review.meetingDate > today {
                    list.add("\(path).meetingDate", "date_in_future", "a review meeting date cannot be in the future")
                }
                if let decided = review.decisionDate, decided < review.meetingDate {
                    list.add("\(path).decisionDate", "date_order", "a decision cannot come before its meeting")
                }
                if review.decision != nil, review.decisionDate == nil {
                    list.add("\(path).decisionDate", "required", "a review decision needs its date")
                }
                previous = review.meetingDate
            }
        }
        for (index, status) in socialCare.enumerated() {
            if let to = status.to, to < status.from {
                list.add("socialCare[\(index)].to", "date_order", "'to' must not be before 'from'")
            }
        }
    }

    private func validateContacts(into list: inout ProblemList, today: LocalDate) {
        let firstStart = episodes.map(\.startDate).min()
        for (index, contact) in contacts.enumerated() {
            let path = "contacts[\(index)]"
            requireText(contact.officer, "\(path).officer", &list)
            if let start = firstStart, contact.date < start {
                list.add("\(path).date", "date_order", "a contact cannot be before the child's EHE episode started")
            }
            if contact.date > today {
                list.add("\(path).date", "date_in_future", "a contact date cannot be in the future")
            }
            if contact.homeVisitDeclined, !contact.homeVisitRequested {
                list.add(
                    "\(path).homeVisitDeclined",
                    "not_applicable",
                    "a home visit can be declined only if one was requested"
                )
            }
        }
    }

    /// How far ahead a forward-looking date (a return plan's target) may be: five years.
    static let planningHorizonMonths = 60

    private func validateOther(into list: inout ProblemList, today: LocalDate) {
        let horizon = today.adding(months: CaseRecord.planningHorizonMonths)
        for (index, plan) in returnPlans.enumerated() where plan.targetDate > horizon {
            list.add("returnPlans[\(index)].targetDate", "plausible_date", "a return plan's target date must be within five years")
        }
        for (index, event) in enforcement.enumerated() where event.date > today {
            list.add("enforcement[\(index)].date", "date_in_future", "an enforcement step cannot be dated in the future")
        }
        for (index, status) in socialCare.enumerated() where status.from > today {
            list.add("socialCare[\(index)].from", "date_in_future", "a social care status cannot start in the future")
        }
        for (index, plan) in returnPlans.enumerated() {
            if let urn = plan.targetSchoolURN, !Identifiers.isValidURN(urn) {
                list.add("returnPlans[\(index)].targetSchoolURN", "urn_format", "a school URN is 6 digits")
            }
        }
        for (index, event) in enforcement.enumerated() {
            let path = "enforcement[\(index)]"
            if event.kind == .s437Notice {
                if let days = event.periodDays {
                    if days > 366 {
                        list.add(
                            "\(path).periodDays",
                            "s437_period",
                            "a s.437(1) notice period is at least 15 days and, on the register, at most 366"
                        )
                    } else if days < 15 {
                        list.add(
                            "\(path).periodDays",
                            "s437_period",
                            "a s.437(1) notice must give at least 15 days (EA 1996 s.437(2))"
                        )
                    }
                } else {
                    list.add("\(path).periodDays", "required", "a s.437(1) notice needs the period it gives")
                }
            } else if event.periodDays != nil {
                list.add("\(path).periodDays", "not_applicable", "a period is recorded only for a s.437(1) notice")
            }
            validateOutcome(of: event, at: path, today: today, into: &list)
            // The order's named school and the reason it was revoked (issue 16 item 8), each on its own kind.
            if let urn = event.namedSchoolURN {
                if event.kind != .saoIssued {
                    list.add(
                        "\(path).namedSchoolURN",
                        "not_applicable",
                        "a named school is recorded only for a school attendance order issued"
                    )
                } else if !Identifiers.isValidURN(urn) {
                    list.add("\(path).namedSchoolURN", "urn_format", "a school URN is 6 digits")
                }
            }
            if event.revocationReason != nil, event.kind != .saoRevoked {
                list.add(
                    "\(path).revocationReason",
                    "not_applicable",
                    "a revocation reason is recorded only for a school attendance order revoked"
                )
            }
        }
        if let officer = assignedOfficer, officer.trimmingWhitespace.isEmpty {
            list.add("assignedOfficer", "required", "an assigned officer must be named, or the field left out")
        }
    }

    /// A s.437(1) notice's outcome: only on a notice, with its date, on or after the day the notice was
    /// served and not in the future.
    private func validateOutcome(of event: EnforcementEvent, at path: String, today: LocalDate, into list: inout ProblemList) {
        guard event.outcome != nil || event.outcomeDate != nil else { return }
        guard event.kind == .s437Notice else {
            list.add("\(path).outcome", "not_applicable", "an outcome is recorded only for a s.437(1) notice")
            return
        }
        if event.outcome == nil {
            list.add("\(path).outcome", "required", "an outcome date needs the outcome it dates")
        }
        guard let decided = event.outcomeDate else {
            list.add("\(path).outcomeDate", "required", "an outcome needs the date it was decided")
            return
        }
        if decided < event.date {
            list.add("\(path).outcomeDate", "before_notice", "the outcome cannot be decided before the notice was served")
        } else if decided > today {
            list.add("\(path).outcomeDate", "date_in_future", "the outcome date cannot be in the future")
        }
    }

    private func validate(_ address: PostalAddress, at path: String, _ list: inout ProblemList) {
        requireText(address.line1, "\(path).line1", &list)
        if Identifiers.normalisedPostcode(address.postcode) == nil {
            list.add("\(path).postcode", "postcode_format", "not a valid UK postcode (e.g. SW1A 1AA)")
        }
    }

    private func validateEmail(_ email: String, at path: String, _ list: inout ProblemList) {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || email.contains(where: \.isWhitespace) {
            list.add(path, "email_format", "not a valid email address")
        }
    }

    private func requireText(_ value: String, _ path: String, _ list: inout ProblemList) {
        if value.trimmingWhitespace.isEmpty { list.add(path, "required", "must not be empty") }
    }
}

extension String {
    /// The string without leading and trailing white space.
    public var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}

extension CaseRecord {
    /// Every date of the record with its field path, for the rules that hold all of them alike.
    public var datedFields: [(path: String, date: LocalDate)] {
        var dates: [(String, LocalDate?)] = [("child.dateOfBirth", child.dateOfBirth)]
        for (index, provider) in providers.enumerated() {
            dates += [("providers[\(index)].from", provider.from), ("providers[\(index)].to", provider.to)]
        }
        if let plan = ehcp {
            dates.append(("ehcp.issueDate", plan.issueDate))
            for (index, review) in plan.reviews.enumerated() {
                dates += [
                    ("ehcp.reviews[\(index)].meetingDate", review.meetingDate),
                    ("ehcp.reviews[\(index)].decisionDate", review.decisionDate),
                ]
            }
        }
        for (index, status) in socialCare.enumerated() {
            dates += [("socialCare[\(index)].from", status.from), ("socialCare[\(index)].to", status.to)]
        }
        for (index, episode) in episodes.enumerated() {
            let path = "episodes[\(index)]"
            dates += [
                ("\(path).startDate", episode.startDate), ("\(path).notificationDate", episode.notificationDate),
                ("\(path).endDate", episode.endDate), ("\(path).consent.requestDate", episode.consent.requestDate),
                ("\(path).consent.decisionDate", episode.consent.decisionDate),
                ("\(path).deletionReturn.groundMetDate", episode.deletionReturn?.groundMetDate),
                ("\(path).deletionReturn.removedFromRollDate", episode.deletionReturn?.removedFromRollDate),
                ("\(path).deletionReturn.returnReceivedDate", episode.deletionReturn?.returnReceivedDate),
            ]
        }
        for (index, contact) in contacts.enumerated() { dates.append(("contacts[\(index)].date", contact.date)) }
        for (index, plan) in returnPlans.enumerated() { dates.append(("returnPlans[\(index)].targetDate", plan.targetDate)) }
        for (index, event) in enforcement.enumerated() {
            dates += [("enforcement[\(index)].date", event.date), ("enforcement[\(index)].outcomeDate", event.outcomeDate)]
        }
        return dates.compactMap { path, date in date.map { (path, $0) } }
    }
}
