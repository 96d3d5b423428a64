internal import EHECore
internal import Foundation

/// The plaintext layout of each sealed field group, written with `PayloadWriter` (format version 1).
enum SealedGroups {
    static func identity(_ child: Child) -> Data {
        var writer = PayloadWriter()
        writer.write(child.forenames)
        writer.write(child.surname)
        writer.write(child.preferredName)
        writer.write(child.dateOfBirth)
        writer.write(child.upn)
        return writer.data
    }

    static func readIdentity(_ data: Data, sex: Sex, address: PostalAddress?) throws(PayloadError) -> Child {
        var reader = try PayloadReader(data)
        let child = Child(
            forenames: try reader.requiredString(),
            surname: try reader.requiredString(),
            preferredName: try reader.string(),
            dateOfBirth: try { () throws(PayloadError) -> LocalDate in
                guard let date = try reader.date() else { throw PayloadError() }
                return date
            }(),
            sex: sex,
            upn: try reader.string(),
            address: address
        )
        guard reader.isAtEnd else { throw PayloadError() }
        return child
    }

    static func address(_ address: PostalAddress?) -> Data {
        var writer = PayloadWriter()
        write(address, &writer)
        return writer.data
    }

    static func readAddress(_ data: Data) throws(PayloadError) -> PostalAddress? {
        var reader = try PayloadReader(data)
        let address = try readAddress(&reader)
        guard reader.isAtEnd else { throw PayloadError() }
        return address
    }

    static func write(_ address: PostalAddress?, _ writer: inout PayloadWriter) {
        guard let address else {
            writer.write(count: 0)
            return
        }
        writer.write(count: 1)
        writer.write(address.line1)
        writer.write(address.line2)
        writer.write(address.town)
        writer.write(address.postcode)
    }

    static func readAddress(_ reader: inout PayloadReader) throws(PayloadError) -> PostalAddress? {
        guard try reader.count() == 1 else { return nil }
        return PostalAddress(
            line1: try reader.requiredString(),
            line2: try reader.string(),
            town: try reader.string(),
            postcode: try reader.requiredString()
        )
    }

    static func family(_ parents: [ParentCarer], _ providers: [EducationProvider]) -> Data {
        var writer = PayloadWriter()
        writer.write(count: parents.count)
        for parent in parents {
            writer.write(parent.name)
            writer.write(parent.relationship)
            write(parent.address, &writer)
            writer.write(parent.livesWithChild)
            writer.write(parent.parentalResponsibility)
            writer.write(count: parent.phones.count)
            for phone in parent.phones { writer.write(phone) }
            writer.write(parent.email)
            writer.write(parent.providesEducation)
            writer.write(parent.hoursPerWeek)
        }
        writer.write(count: providers.count)
        for provider in providers {
            writer.write(provider.name)
            writer.write(provider.type.rawValue)
            write(provider.address, &writer)
            writer.write(provider.website)
            writer.write(provider.email)
            writer.write(provider.hoursPerWeek)
            writer.write(provider.hoursWithoutParentPerWeek)
            writer.write(provider.from)
            writer.write(provider.to)
        }
        return writer.data
    }

    static func readFamily(_ data: Data) throws(PayloadError) -> ([ParentCarer], [EducationProvider]) {
        var reader = try PayloadReader(data)
        var parents: [ParentCarer] = []
        for _ in 0..<(try reader.count()) {
            let name = try reader.requiredString()
            let relationship = try reader.string()
            let address = try readAddress(&reader)
            let lives = try reader.bool()
            let responsibility = try reader.bool()
            var phones: [String] = []
            for _ in 0..<(try reader.count()) { phones.append(try reader.requiredString()) }
            parents.append(
                ParentCarer(
                    name: name,
                    relationship: relationship,
                    address: address,
                    livesWithChild: lives,
                    parentalResponsibility: responsibility,
                    phones: phones,
                    email: try reader.string(),
                    providesEducation: try reader.bool(),
                    hoursPerWeek: try reader.double()
                )
            )
        }
        var providers: [EducationProvider] = []
        for _ in 0..<(try reader.count()) {
            let name = try reader.requiredString()
            guard let type = ProviderType(rawValue: try reader.requiredString()) else { throw PayloadError() }
            providers.append(
                EducationProvider(
                    name: name,
                    type: type,
                    address: try readAddress(&reader),
                    website: try reader.string(),
                    email: try reader.string(),
                    hoursPerWeek: try reader.double(),
                    hoursWithoutParentPerWeek: try reader.double(),
                    from: try reader.date(),
                    to: try reader.date()
                )
            )
        }
        guard reader.isAtEnd else { throw PayloadError() }
        return (parents, providers)
    }

    static func text(_ value: String?) -> Data {
        var writer = PayloadWriter()
        writer.write(value)
        return writer.data
    }

    static func readText(_ data: Data) throws(PayloadError) -> String? {
        var reader = try PayloadReader(data)
        let value = try reader.string()
        guard reader.isAtEnd else { throw PayloadError() }
        return value
    }
}
