extension CaseDocument {
    /// Turns the document into a case record, or throws `RegisterError.invalid` with every problem found:
    /// missing and malformed fields, unknown codes, and every domain rule of `CaseRecord.problems(today:)`.
    public func record(today: LocalDate) throws(RegisterError) -> CaseRecord {
        var reader = FieldReader()
        let record = reader.read(self)
        // Domain rules on the fields that could be read; a field with a reading problem is reported once.
        let unreadable = Set(reader.problems.problems.map(\.field))
        var problems = reader.problems
        problems.append(
            contentsOf: record.problems(today: today, standIns: unreadable).filter { problem in
                // Plausibility of the date of birth cannot be judged when it could not be read.
                if problem.rule == "plausible_dob", unreadable.contains("child.dateOfBirth") { return false }
                return !unreadable.contains(where: { problem.field == $0 || problem.field.hasPrefix($0 + ".") })
            }
        )
        try problems.throwIfAny()
        return record
    }

    /// The document for a stored case, with derived facts as of `asOf`.
    public init(_ stored: StoredCase, asOf: LocalDate) {
        let record = stored.record
        self.reference = stored.reference.description
        self.version = stored.version
        self.status = record.status.rawValue
        let child = record.child
        self.child = ChildDTO(
            forenames: child.forenames,
            surname: child.surname,
            preferredName: child.preferredName,
            dateOfBirth: child.dateOfBirth.iso,
            sex: child.sex.rawValue,
            upn: child.upn,
            address: child.address.map(AddressDTO.init)
        )
        self.parents = record.parents.map {
            ParentDTO(
                name: $0.name,
                relationship: $0.relationship,
                address: $0.address.map(AddressDTO.init),
                livesWithChild: $0.livesWithChild,
                parentalResponsibility: $0.parentalResponsibility,
                phones: $0.phones,
                email: $0.email,
                providesEducation: $0.providesEducation,
                hoursPerWeek: $0.hoursPerWeek
            )
        }
        self.providers = record.providers.map {
            ProviderDTO(
                name: $0.name,
                type: $0.type.rawValue,
                address: $0.address.map(AddressDTO.init),
                website: $0.website,
                email: $0.email,
                hoursPerWeek: $0.hoursPerWeek,
                hoursWithoutParentPerWeek: $0.hoursWithoutParentPerWeek,
                from: $0.from?.iso,
                to: $0.to?.iso
            )
        }
        self.senProvision = record.senProvision.rawValue
        self.ehcp = record.ehcp.map { plan in
            EHCPDTO(
                issueDate: plan.issueDate.iso,
                maintainingLA: plan.maintainingLA,
                reviews: plan.reviews.map {
                    ReviewDTO(meetingDate: $0.meetingDate.iso, decisionDate: $0.decisionDate?.iso, decision: $0.decision?.rawValue)
                }
            )
        }
        self.socialCare = record.socialCare.map {
            SocialCareDTO(flag: $0.flag.rawValue, from: $0.from.iso, to: $0.to?.iso)
        }
        self.episodes = record.episodes.map { episode in
            EpisodeDTO(
                startDate: episode.startDate.iso,
                notificationSource: episode.notificationSource.rawValue,
                notificationDate: episode.notificationDate?.iso,
                previousSchool: episode.previousSchool.map { PreviousSchoolDTO(urn: $0.urn, type: $0.type.rawValue) },
                deletionReturn: episode.deletionReturn.map {
                    DeletionReturnDTO(
                        ground: $0.ground,
                        groundMetDate: $0.groundMetDate?.iso,
                        removedFromRollDate: $0.removedFromRollDate?.iso,
                        returnReceivedDate: $0.returnReceivedDate?.iso
                    )
                },
                consent: ConsentDTO(
                    requirement: episode.consent.requirement.rawValue,
                    requestDate: episode.consent.requestDate?.iso,
                    decision: episode.consent.decision?.rawValue,
                    decisionDate: episode.consent.decisionDate?.iso
                ),
                primaryReason: episode.primaryReason.rawValue,
                additionalReasons: episode.additionalReasons.map(\.rawValue),
                reasonNotes: episode.reasonNotes,
                endDate: episode.endDate?.iso,
                endReason: episode.endReason?.rawValue,
                returnSchoolURN: episode.returnSchoolURN
            )
        }
        self.contacts = record.contacts.map {
            ContactDTO(
                date: $0.date.iso,
                method: $0.method.rawValue,
                officer: $0.officer,
                judgement: $0.judgement.rawValue,
                substantive: $0.substantive,
                homeVisitRequested: $0.homeVisitRequested,
                homeVisitDeclined: $0.homeVisitDeclined,
                notes: $0.notes
            )
        }
        self.returnPlans = record.returnPlans.map {
            ReturnPlanDTO(targetDate: $0.targetDate.iso, targetSchoolURN: $0.targetSchoolURN, status: $0.status.rawValue, notes: $0.notes)
        }
        self.enforcement = record.enforcement.map {
            EnforcementDTO(
                kind: $0.kind.rawValue,
                date: $0.date.iso,
                periodDays: $0.periodDays,
                outcome: $0.outcome?.rawValue,
                outcomeDate: $0.outcomeDate?.iso,
                namedSchoolURN: $0.namedSchoolURN,
                revocationReason: $0.revocationReason?.rawValue,
                notes: $0.notes
            )
        }
        self.assignedOfficer = record.assignedOfficer
        self.livesInLA = record.livesInLA
        self.planningArea = record.planningArea
        self.notes = record.notes
        let facts = SchoolAgeFacts(dateOfBirth: child.dateOfBirth, asOf: asOf)
        self.derived = DerivedDTO(
            asOf: asOf.iso,
            yearGroup: facts.yearGroup,
            yearGroupLabel: facts.yearGroupLabel,
            compulsorySchoolAgeStart: facts.compulsorySchoolAgeStart.iso,
            compulsorySchoolAgeEnd: facts.compulsorySchoolAgeEnd.iso,
            ofCompulsorySchoolAge: facts.ofCompulsorySchoolAge
        )
    }
}

extension CaseDocument.AddressDTO {
    init(_ address: PostalAddress) {
        self.init(line1: address.line1, line2: address.line2, town: address.town, postcode: address.postcode)
    }
}

/// Reads DTO fields into domain values, noting each problem. A missing or unreadable value is replaced
/// by a stand-in (empty text, year 1, a neutral code) so that reading can go on; the problem recorded
/// for that field is what gets reported.
struct FieldReader {
    var problems = ProblemList()
    static let standInDate = LocalDate(1, 1, 1)

    mutating func text(_ value: String?, _ path: String) -> String {
        guard let value, !value.trimmingWhitespace.isEmpty else {
            problems.add(path, "required", "is required")
            return ""
        }
        return value.trimmingWhitespace
    }

    func optionalText(_ value: String?) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    mutating func date(_ value: String?, _ path: String) -> LocalDate {
        guard let value else {
            problems.add(path, "required", "is required (a date as YYYY-MM-DD)")
            return Self.standInDate
        }
        return optionalDate(value, path) ?? Self.standInDate
    }

    mutating func optionalDate(_ value: String?, _ path: String) -> LocalDate? {
        guard let value = optionalText(value) else { return nil }
        guard let date = LocalDate(iso: value) else {
            problems.add(path, "date_format", "must be a real date written YYYY-MM-DD")
            return nil
        }
        guard LocalDate.registerRange.contains(date) else {
            problems.add(path, "date_range", LocalDate.registerRangeMessage)
            return nil
        }
        return date
    }

    mutating func code<C: CodeList>(_ type: C.Type, _ value: String?, _ path: String, standIn: C) -> C {
        guard let value = optionalText(value) else {
            problems.add(path, "required", "is required (one of: \(C.allCodes.joined(separator: ", ")))")
            return standIn
        }
        return optionalCode(type, value, path) ?? standIn
    }

    mutating func optionalCode<C: CodeList>(_ type: C.Type, _ value: String?, _ path: String) -> C? {
        guard let value = optionalText(value) else { return nil }
        guard let code = C(rawValue: value) else {
            problems.add(path, "code", "is not a \(C.listName) code (one of: \(C.allCodes.joined(separator: ", ")))")
            return nil
        }
        return code
    }

    mutating func address(_ dto: CaseDocument.AddressDTO?, _ path: String) -> PostalAddress? {
        guard let dto else { return nil }
        return PostalAddress(
            line1: text(dto.line1, "\(path).line1"),
            line2: optionalText(dto.line2),
            town: optionalText(dto.town),
            postcode: {
                let raw = text(dto.postcode, "\(path).postcode")
                return Identifiers.normalisedPostcode(raw) ?? raw
            }()
        )
    }

    mutating func read(_ document: CaseDocument) -> CaseRecord {
        let childDTO = document.child ?? CaseDocument.ChildDTO()
        if document.child == nil { problems.add("child", "required", "is required") }
        let child = Child(
            forenames: text(childDTO.forenames, "child.forenames"),
            surname: text(childDTO.surname, "child.surname"),
            preferredName: optionalText(childDTO.preferredName),
            dateOfBirth: date(childDTO.dateOfBirth, "child.dateOfBirth"),
            sex: code(Sex.self, childDTO.sex, "child.sex", standIn: .unknown),
            upn: optionalText(childDTO.upn).map(Identifiers.normalisedUPN),
            address: address(childDTO.address, "child.address")
        )
        let parents = (document.parents ?? []).enumerated().map { index, dto in
            let path = "parents[\(index)]"
            return ParentCarer(
                name: text(dto.name, "\(path).name"),
                relationship: optionalText(dto.relationship),
                address: address(dto.address, "\(path).address"),
                livesWithChild: dto.livesWithChild ?? true,
                parentalResponsibility: dto.parentalResponsibility ?? true,
                phones: (dto.phones ?? []).map(\.trimmingWhitespace),
                email: optionalText(dto.email),
                providesEducation: dto.providesEducation ?? true,
                hoursPerWeek: dto.hoursPerWeek
            )
        }
        let providers = (document.providers ?? []).enumerated().map { index, dto in
            let path = "providers[\(index)]"
            return EducationProvider(
                name: text(dto.name, "\(path).name"),
                type: code(ProviderType.self, dto.type, "\(path).type", standIn: .other),
                address: address(dto.address, "\(path).address"),
                website: optionalText(dto.website),
                email: optionalText(dto.email),
                hoursPerWeek: dto.hoursPerWeek,
                hoursWithoutParentPerWeek: dto.hoursWithoutParentPerWeek,
                from: optionalDate(dto.from, "\(path).from"),
                to: optionalDate(dto.to, "\(path).to")
            )
        }
        let sen = optionalCode(SENProvision.self, document.senProvision, "senProvision") ?? .unknown
        let ehcp = document.ehcp.map { dto in
            EHCP(
                issueDate: date(dto.issueDate, "ehcp.issueDate"),
                maintainingLA: optionalText(dto.maintainingLA),
                reviews: (dto.reviews ?? []).enumerated().map { index, review in
                    self.review(review, "ehcp.reviews[\(index)]")
                }
            )
        }
        let socialCare = (document.socialCare ?? []).enumerated().map { index, dto in
            let path = "socialCare[\(index)]"
            return SocialCareStatus(
                flag: code(SocialCareFlag.self, dto.flag, "\(path).flag", standIn: .childInNeed),
                from: date(dto.from, "\(path).from"),
                to: optionalDate(dto.to, "\(path).to")
            )
        }
        if document.episodes == nil { problems.add("episodes", "required", "a case needs at least one EHE episode") }
        let episodes = (document.episodes ?? []).enumerated().map { index, dto in
            episode(dto, "episodes[\(index)]")
        }
        let contacts = (document.contacts ?? []).enumerated().map { index, dto in contact(dto, "contacts[\(index)]") }
        let returnPlans = (document.returnPlans ?? []).enumerated().map { index, dto in returnPlan(dto, "returnPlans[\(index)]") }
        let enforcement = (document.enforcement ?? []).enumerated().map { index, dto in
            enforcementStep(dto, "enforcement[\(index)]")
        }
        return CaseRecord(
            child: child,
            parents: parents,
            providers: providers,
            senProvision: sen,
            ehcp: ehcp,
            socialCare: socialCare,
            episodes: episodes,
            contacts: contacts,
            returnPlans: returnPlans,
            enforcement: enforcement,
            assignedOfficer: document.assignedOfficer.map(\.trimmingWhitespace),
            planningArea: nil,
            livesInLA: document.livesInLA ?? true,
            notes: optionalText(document.notes)
        )
    }

    mutating func contact(_ dto: CaseDocument.ContactDTO, _ path: String) -> Contact {
        Contact(
            date: date(dto.date, "\(path).date"),
            method: code(ContactMethod.self, dto.method, "\(path).method", standIn: .letter),
            officer: text(dto.officer, "\(path).officer"),
            judgement: optionalCode(SuitabilityJudgement.self, dto.judgement, "\(path).judgement") ?? .notYetAssessed,
            substantive: dto.substantive ?? true,
            homeVisitRequested: dto.homeVisitRequested ?? false,
            homeVisitDeclined: dto.homeVisitDeclined ?? false,
            notes: optionalText(dto.notes)
        )
    }

    mutating func review(_ dto: CaseDocument.ReviewDTO, _ path: String) -> AnnualReview {
        AnnualReview(
            meetingDate: date(dto.meetingDate, "\(path).meetingDate"),
            decisionDate: optionalDate(dto.decisionDate, "\(path).decisionDate"),
            decision: optionalCode(ReviewDecision.self, dto.decision, "\(path).decision")
        )
    }

    mutating func returnPlan(_ dto: CaseDocument.ReturnPlanDTO, _ path: String) -> ReturnPlan {
        ReturnPlan(
            targetDate: date(dto.targetDate, "\(path).targetDate"),
            targetSchoolURN: optionalText(dto.targetSchoolURN),
            status: code(ReturnPlanStatus.self, dto.status, "\(path).status", standIn: .intended),
            notes: optionalText(dto.notes)
        )
    }

    mutating func enforcementStep(_ dto: CaseDocument.EnforcementDTO, _ path: String) -> EnforcementEvent {
        EnforcementEvent(
            kind: code(EnforcementKind.self, dto.kind, "\(path).kind", standIn: .informalEnquiry),
            date: date(dto.date, "\(path).date"),
            periodDays: dto.periodDays,
            outcome: optionalCode(S437Outcome.self, dto.outcome, "\(path).outcome"),
            outcomeDate: optionalDate(dto.outcomeDate, "\(path).outcomeDate"),
            namedSchoolURN: optionalText(dto.namedSchoolURN),
            revocationReason: optionalCode(SAORevocationReason.self, dto.revocationReason, "\(path).revocationReason"),
            notes: optionalText(dto.notes)
        )
    }

    mutating func episode(_ dto: CaseDocument.EpisodeDTO, _ path: String) -> Episode {
        let consentDTO = dto.consent ?? CaseDocument.ConsentDTO()
        return Episode(
            startDate: date(dto.startDate, "\(path).startDate"),
            notificationSource: code(
                NotificationSource.self,
                dto.notificationSource,
                "\(path).notificationSource",
                standIn: .parent
            ),
            notificationDate: optionalDate(dto.notificationDate, "\(path).notificationDate"),
            previousSchool: dto.previousSchool.map {
                PreviousSchool(
                    urn: optionalText($0.urn),
                    type: code(PreviousSchoolType.self, $0.type, "\(path).previousSchool.type", standIn: .otherOrUnknown)
                )
            },
            deletionReturn: dto.deletionReturn.map {
                DeletionReturn(
                    ground: optionalText($0.ground),
                    groundMetDate: optionalDate($0.groundMetDate, "\(path).deletionReturn.groundMetDate"),
                    removedFromRollDate: optionalDate($0.removedFromRollDate, "\(path).deletionReturn.removedFromRollDate"),
                    returnReceivedDate: optionalDate($0.returnReceivedDate, "\(path).deletionReturn.returnReceivedDate")
                )
            },
            consent: Consent(
                requirement: optionalCode(ConsentRequirement.self, consentDTO.requirement, "\(path).consent.requirement")
                    ?? .notRequired,
                requestDate: optionalDate(consentDTO.requestDate, "\(path).consent.requestDate"),
                decision: optionalCode(ConsentDecision.self, consentDTO.decision, "\(path).consent.decision"),
                decisionDate: optionalDate(consentDTO.decisionDate, "\(path).consent.decisionDate")
            ),
            primaryReason: code(PrimaryReason.self, dto.primaryReason, "\(path).primaryReason", standIn: .unknown),
            additionalReasons: (dto.additionalReasons ?? []).enumerated().compactMap { index, raw in
                optionalCode(PrimaryReason.self, raw, "\(path).additionalReasons[\(index)]")
            },
            reasonNotes: optionalText(dto.reasonNotes),
            endDate: optionalDate(dto.endDate, "\(path).endDate"),
            endReason: optionalCode(EndReason.self, dto.endReason, "\(path).endReason"),
            returnSchoolURN: optionalText(dto.returnSchoolURN)
        )
    }
}
