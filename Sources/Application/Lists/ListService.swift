import Domain
import Foundation
import Storage

/// Importing exclusion and priority lists, for operators allowed to: the command line and the
/// console both come here, and every import is recorded in the audit trail with its counts.
public struct ListService: Sendable {
    let importer: ListImporter
    let operators: OperatorService
    let audit: AuditTrail

    public init(importer: ListImporter, operators: OperatorService, audit: AuditTrail) {
        self.importer = importer
        self.operators = operators
        self.audit = audit
    }

    public func importFile(at path: String, kind: ListKind, as principal: OperatorPrincipal) async throws
        -> ListImporter.Report
    {
        let actor = try await operators.authorize(principal, .importLists, action: "lists.import")
        let report = try await importer.importFile(at: path, kind: kind)
        try await audit.record(
            .listImported, actor: actor, subject: kind.rawValue,
            details: [
                "accepted": "\(report.accepted)", "duplicates": "\(report.duplicates)",
                "rejected": "\(report.rejected)",
            ])
        return report
    }

    /// A list sent as text (the console's form): written to a private temporary file and
    /// imported from there, as a file from the command line is.
    public func importText(_ text: String, kind: ListKind, as principal: OperatorPrincipal) async throws
        -> ListImporter.Report
    {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prakerja-list-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url, options: [.atomic])
        defer { try? FileManager.default.removeItem(at: url) }
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return try await importFile(at: url.path, kind: kind, as: principal)
    }
}
