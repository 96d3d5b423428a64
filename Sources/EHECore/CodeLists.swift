// Code lists (DOMAIN.md §3, §14). Internal codes are stable snake_case; labels are DfE's where DfE has one.

/// Primary reason for elective home education: DfE's national list of 19 (DOMAIN.md §3.1).
public enum PrimaryReason: String, CodeList {
    case mentalHealth = "mental_health"
    case physicalHealth = "physical_health"
    case covidHealth = "covid_health"
    case dissatisfactionGeneral = "dissatisfaction_general"
    case dissatisfactionSEND = "dissatisfaction_send"
    case dissatisfactionBullying = "dissatisfaction_bullying"
    case lifestyle = "lifestyle"
    case philosophicalPreferential = "philosophical_preferential"
    case religious = "religious"
    case riskOfExclusion = "risk_of_exclusion"
    case permanentExclusion = "permanent_exclusion"
    case didNotGetPreference = "did_not_get_preference"
    case difficultyAccessingPlace = "difficulty_accessing_place"
    case offeredPlaceNotAccepted = "offered_place_not_accepted"
    case didNotApply = "did_not_apply"
    case schoolSuggestion = "school_suggestion"
    case other = "other"
    case noReasonGiven = "no_reason_given"
    case unknown = "unknown"

    public static let listName = "primary reason"

    /// The label in the DfE `ehe_census.csv` (Autumn 2025/26).
    public var label: String {
        switch self {
        case .mentalHealth: "Mental health"
        case .physicalHealth: "Physical health"
        case .covidHealth: "Health concerns related to COVID19"
        case .dissatisfactionGeneral: "School dissatisfaction general"
        case .dissatisfactionSEND: "School dissatisfaction SEND"
        case .dissatisfactionBullying: "School dissatisfaction bullying"
        case .lifestyle: "Lifestyle"
        case .philosophicalPreferential: "Philosophical or preferential"
        case .religious: "Religious"
        case .riskOfExclusion: "Risk of school exclusion"
        case .permanentExclusion: "Permanent exclusion"
        case .didNotGetPreference: "Did not get school preference"
        case .difficultyAccessingPlace: "Difficulty accessing suitable school place"
        case .offeredPlaceNotAccepted: "Offered school place but not yet accepted"
        case .didNotApply: "Did not apply for school place at compulsory school age"
        case .schoolSuggestion: "School suggestion"
        case .other: "Other"
        case .noReasonGiven: "No reason given"
        case .unknown: "Unknown"
        }
    }
}

/// Legal sex as DfE reports it (DOMAIN.md §3.2).
public enum Sex: String, CodeList {
    case female, male, unknown
    public static let listName = "sex"
    public var label: String {
        switch self {
        case .female: "Female"
        case .male: "Male"
        case .unknown: "Unknown"
        }
    }
}

/// Type of the school a child attended before EHE (DOMAIN.md §3.3, DfE indicator suffixes).
public enum PreviousSchoolType: String, CodeList {
    case academy
    case laMaintained = "la_maintained"
    case freeSchool = "free_school"
    case independent
    case alreadyHomeEducated = "already_home_educated"
    case notPreviouslyInSchool = "not_previously_in_school"
    case pupilReferralUnit = "pupil_referral_unit"
    case earlyYears = "early_years"
    case special
    case alternativeProvision = "alternative_provision"
    case otherOrUnknown = "other_or_unknown"

    public static let listName = "previous school type"

    public var label: String {
        switch self {
        case .academy: "Academy"
        case .laMaintained: "LA-maintained school"
        case .freeSchool: "Free school"
        case .independent: "Independent school"
        case .alreadyHomeEducated: "Already home educated"
        case .notPreviouslyInSchool: "Not previously in school"
        case .pupilReferralUnit: "Pupil referral unit"
        case .earlyYears: "Early years"
        case .special: "Special school"
        case .alternativeProvision: "Alternative provision"
        case .otherOrUnknown: "Other / unknown"
        }
    }

    /// The suffix of the DfE `ehe_schtype_<suffix>` indicator.
    public var dfeSuffix: String {
        switch self {
        case .academy: "acad"
        case .laMaintained: "lamain"
        case .freeSchool: "free"
        case .independent: "ind"
        case .alreadyHomeEducated: "ehe"
        case .notPreviouslyInSchool: "none"
        case .pupilReferralUnit: "pru"
        case .earlyYears: "ey"
        case .special: "spec"
        case .alternativeProvision: "ap"
        case .otherOrUnknown: "else_unk"
        }
    }
}

/// SEN provision (DOMAIN.md §3.5), plus `unknown` for a register that does not yet know.
public enum SENProvision: String, CodeList {
    case ehcp
    case senSupport = "sen_support"
    case none, unknown
    public static let listName = "SEN provision"
    public var label: String {
        switch self {
        case .ehcp: "Education, health and care plan"
        case .senSupport: "SEN support / SEN without an EHC plan"
        case .none: "No SEN provision"
        case .unknown: "Unknown"
        }
    }
}

/// Dated, access-restricted social-care flags (DOMAIN.md §3.7).
public enum SocialCareFlag: String, CodeList {
    case childInNeed = "child_in_need"
    case childProtectionPlan = "child_protection_plan"
    case lookedAfter = "looked_after"
    case s47EnquiryOpen = "s47_enquiry_open"
    case s47_8Action = "s47_8_action"
    case cpPlanInLast5Years = "cp_plan_in_last_5_years"

    public static let listName = "social care flag"
    public var label: String {
        switch self {
        case .childInNeed: "Child in need"
        case .childProtectionPlan: "Child protection plan"
        case .lookedAfter: "Looked after"
        case .s47EnquiryOpen: "Section 47 enquiry open"
        case .s47_8Action: "Section 47(8) action"
        case .cpPlanInLast5Years: "Child protection plan in the past 5 years"
        }
    }
}

/// How the LA learnt of the home education (DOMAIN.md §14).
public enum NotificationSource: String, CodeList {
    case deletionReturn = "deletion_return"
    case parent
    case otherLA = "other_la"
    case otherAgency = "other_agency"
    case cnisSelfRegistration = "cnis_self_registration"
    public static let listName = "notification source"
    public var label: String {
        switch self {
        case .deletionReturn: "School deletion return"
        case .parent: "Parent or carer"
        case .otherLA: "Another local authority"
        case .otherAgency: "Another agency"
        case .cnisSelfRegistration: "Children not in school self-registration"
        }
    }
}

/// Why an EHE episode ended (DOMAIN.md §14).
public enum EndReason: String, CodeList {
    case returnedToSchool = "returned_to_school"
    case movedLA = "moved_la"
    case movedAbroad = "moved_abroad"
    case ceasedCompulsorySchoolAge = "ceased_csa"
    case unsuitableCME = "unsuitable_cme"
    case eotasByLA = "eotas_by_la"
    case saoCompliedWith = "sao_complied"
    case other
    case unknown

    public static let listName = "end reason"
    public var label: String {
        switch self {
        case .returnedToSchool: "Returned to school"
        case .movedLA: "Moved to another local authority"
        case .movedAbroad: "Moved abroad"
        case .ceasedCompulsorySchoolAge: "Ceased compulsory school age"
        case .unsuitableCME: "Education unsuitable: child missing education"
        case .eotasByLA: "Education otherwise than at school arranged by the LA"
        case .saoCompliedWith: "School attendance order complied with"
        case .other: "Other"
        case .unknown: "Unknown"
        }
    }
}

/// How a contact with the family was made (DOMAIN.md §14).
public enum ContactMethod: String, CodeList {
    case letter, email, phone
    case homeVisit = "home_visit"
    case virtual
    case meetingElsewhere = "meeting_elsewhere"
    public static let listName = "contact method"
    public var label: String {
        switch self {
        case .letter: "Letter"
        case .email: "Email"
        case .phone: "Phone"
        case .homeVisit: "Home visit"
        case .virtual: "Virtual meeting"
        case .meetingElsewhere: "Meeting elsewhere"
        }
    }
}

/// What the officer concluded about the education after a contact (DOMAIN.md §6, §14).
public enum SuitabilityJudgement: String, CodeList {
    case notYetAssessed = "not_yet_assessed"
    case suitable
    case concernsInformalEnquiry = "concerns_informal_enquiry"
    case notSuitable = "not_suitable"
    public static let listName = "suitability judgement"
    public var label: String {
        switch self {
        case .notYetAssessed: "Not yet assessed"
        case .suitable: "Suitable"
        case .concernsInformalEnquiry: "Concerns: informal enquiry"
        case .notSuitable: "Not suitable"
        }
    }
}

/// Why LA consent is needed before the child may be withdrawn (DOMAIN.md §4.2, §5).
public enum ConsentRequirement: String, CodeList {
    case notRequired = "not_required"
    /// Registered at a special school under LA arrangements (current law, and condition A of s.434A).
    case specialSchoolPlacement = "special_school_placement"
    /// Condition B of s.434A: s.47 enquiries or s.47(8) action.
    case safeguardingEnquiry = "safeguarding_enquiry"
    /// The child attends under a school attendance order: the LA must revoke it first.
    case schoolAttendanceOrder = "school_attendance_order"
    public static let listName = "consent requirement"
    public var label: String {
        switch self {
        case .notRequired: "Not required"
        case .specialSchoolPlacement: "Special school placement arranged by the LA"
        case .safeguardingEnquiry: "Section 47 enquiry or action"
        case .schoolAttendanceOrder: "School attendance order in force"
        }
    }
}

/// The LA's consent decision.
public enum ConsentDecision: String, CodeList {
    case pending, granted, refused
    case secretaryOfStateDirection = "sos_direction"
    public static let listName = "consent decision"
    public var label: String {
        switch self {
        case .pending: "Pending"
        case .granted: "Granted"
        case .refused: "Refused"
        case .secretaryOfStateDirection: "Secretary of State direction"
        }
    }
}

/// Steps of the enforcement route (DOMAIN.md §4.4).
public enum EnforcementKind: String, CodeList {
    case informalEnquiry = "informal_enquiry"
    case s437Notice = "s437_notice"
    case saoIssued = "sao_issued"
    case saoRevoked = "sao_revoked"
    case prosecution
    case educationSupervisionOrder = "education_supervision_order"
    public static let listName = "enforcement kind"
    public var label: String {
        switch self {
        case .informalEnquiry: "Informal enquiry"
        case .s437Notice: "Section 437(1) notice"
        case .saoIssued: "School attendance order issued"
        case .saoRevoked: "School attendance order revoked"
        case .prosecution: "Prosecution"
        case .educationSupervisionOrder: "Education supervision order"
        }
    }
}

/// How a s.437(1) notice ended (DOMAIN.md §4.4): the parent satisfied the LA that the child is receiving
/// suitable education; the LA decided to take no further action; or a school attendance order is to follow.
public enum S437Outcome: String, CodeList {
    case parentSatisfiedLA = "satisfied"
    case noFurtherAction = "no_further_action"
    case saoToFollow = "sao_to_follow"
    public static let listName = "s.437 notice outcome"
    public var label: String {
        switch self {
        case .parentSatisfiedLA: "Parent satisfied the LA"
        case .noFurtherAction: "No further action"
        case .saoToFollow: "School attendance order to follow"
        }
    }
}

/// Why a school attendance order was revoked (DOMAIN.md §4.4, §5; EA 1996 ss.442–443). The DfE counts SAOs
/// revoked each year (§2.2); the reason says whether the family made their own arrangements.
public enum SAORevocationReason: String, CodeList {
    /// On the parent's application: arrangements made for suitable education otherwise than at school (s.442).
    case suitableEducationArranged = "suitable_education_arranged"
    /// The court directed that the order cease to be in force (s.443(3), on an acquittal).
    case directedByCourt = "directed_by_court"
    case movedAway = "moved_away"
    case ceasedCompulsorySchoolAge = "ceased_csa"
    case other
    public static let listName = "SAO revocation reason"
    public var label: String {
        switch self {
        case .suitableEducationArranged: "Suitable education arranged otherwise than at school"
        case .directedByCourt: "Directed by the court"
        case .movedAway: "Moved away"
        case .ceasedCompulsorySchoolAge: "Ceased compulsory school age"
        case .other: "Other"
        }
    }
}

/// Where a return-to-school plan has got to (DOMAIN.md §10, §14).
public enum ReturnPlanStatus: String, CodeList {
    case intended, applied
    case placeOffered = "place_offered"
    case placeAccepted = "place_accepted"
    case returned, withdrawn
    public static let listName = "return plan status"
    public var label: String {
        switch self {
        case .intended: "Intended"
        case .applied: "Applied"
        case .placeOffered: "Place offered"
        case .placeAccepted: "Place accepted"
        case .returned: "Returned"
        case .withdrawn: "Withdrawn"
        }
    }
}

/// Who else provides education (DOMAIN.md §4.3, 436C(1)(e)).
public enum ProviderType: String, CodeList {
    case tutor
    case onlineSchool = "online_school"
    case tuitionCentre = "tuition_centre"
    case college
    case flexiSchool = "flexi_school"
    case activityProvider = "activity_provider"
    case other
    public static let listName = "provider type"
    public var label: String {
        switch self {
        case .tutor: "Individual tutor"
        case .onlineSchool: "Online school"
        case .tuitionCentre: "Tuition centre"
        case .college: "College"
        case .flexiSchool: "Flexi-schooling at a school"
        case .activityProvider: "Activity provider"
        case .other: "Other"
        }
    }
}

/// Whether an EHCP annual review confirmed, changed or ended the plan.
public enum ReviewDecision: String, CodeList {
    case maintain, amend, cease
    public static let listName = "review decision"
    public var label: String {
        switch self {
        case .maintain: "Maintain the plan"
        case .amend: "Amend the plan"
        case .cease: "Cease the plan"
        }
    }
}
