import Foundation

/// A company the programme works with: a digital platform (platform digital) sells trainings
/// against participants' balances; a training provider (lembaga pelatihan) teaches them,
/// redeems the codes and reports attendance and completion.
public struct Partner: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case platform
        case provider
    }

    /// Where its onboarding stands. Only an approved partner's requests are served.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case applied
        case approved
        case suspended
        case rejected
    }

    public var id: String
    public var kind: Kind
    /// The brand people know (`Pintar Kerja`).
    public var name: String
    /// The registered company (`PT Pintar Kerja Nusantara`).
    public var legalName: String
    public var contactEmail: String
    /// The documents the application came with (deed, tax number, business licence): names or
    /// references to where the programme office keeps them.
    public var documents: [String]
    public var status: Status
    /// Why it was suspended or rejected; empty otherwise.
    public var statusReason: String
    /// The public half of its API credentials, sent with every request.
    public var clientCode: String

    public init(
        id: String, kind: Kind, name: String, legalName: String, contactEmail: String, documents: [String],
        status: Status, statusReason: String = "", clientCode: String
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.legalName = legalName
        self.contactEmail = contactEmail
        self.documents = documents
        self.status = status
        self.statusReason = statusReason
        self.clientCode = clientCode
    }
}

/// What an operator types to onboard a partner; `validate` says what is wrong with it.
public struct PartnerApplication: Sendable, Equatable, Codable {
    public var kind: Partner.Kind
    public var name: String
    public var legalName: String
    public var contactEmail: String
    public var documents: [String]

    public init(kind: Partner.Kind, name: String, legalName: String, contactEmail: String, documents: [String]) {
        self.kind = kind
        self.name = name
        self.legalName = legalName
        self.contactEmail = contactEmail
        self.documents = documents
    }

    /// The fields that are missing or malformed, by name.
    public func problems() -> [String] {
        var problems: [String] = []
        let trimmedName = name.trimmingCharacters(in: .whitespaces)
        if trimmedName.isEmpty || trimmedName.count > 120 { problems.append("name") }
        let legal = legalName.trimmingCharacters(in: .whitespaces)
        if legal.isEmpty || legal.count > 200 { problems.append("legal_name") }
        if (try? EmailAddress(contactEmail)) == nil { problems.append("contact_email") }
        if documents.isEmpty || documents.count > 20
            || documents.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.count > 300 })
        {
            problems.append("documents")
        }
        return problems
    }
}
