import Domain
import Testing

@Suite struct OperatorRoleTests {
    /// Least privilege, written out: each role and exactly what it may do.
    @Test func eachRoleHasOnlyTheRightsItsWorkNeeds() {
        let expected: [OperatorRole: Set<OperatorPermission>] = [
            .admin: [
                .manageOperators, .viewAccounts, .importLists, .controlWaitingRoom, .rotateKeys, .runProgramme,
                .managePartners, .curateCourses,
            ],
            .verifier: [.viewAccounts, .reviewIdentities, .importLists, .curateCourses],
            .finance: [.exportFigures, .moveMoney],
            .support: [.viewAccounts],
            .auditor: [.viewAuditLog, .exportFigures],
        ]
        for role in OperatorRole.allCases { #expect(role.permissions == expected[role], "\(role)") }
        // Nobody can both change data and read the log that would show it, except by two roles.
        #expect(!OperatorRole.admin.permissions.contains(.viewAuditLog))
        #expect(Set<OperatorRole>([.support, .finance]).allows(.exportFigures))
        #expect(!Set<OperatorRole>([.support]).allows(.manageOperators))
        // Whoever runs the draw cannot also move the money.
        #expect(!OperatorRole.admin.permissions.contains(.moveMoney))
    }

    @Test func roleListsAreParsedStrictly() {
        #expect(OperatorRole.parseList("admin, auditor") == [.admin, .auditor])
        #expect(OperatorRole.parseList("admin,root") == nil)
        #expect(OperatorRole.parseList("") == nil)
        #expect(Set<OperatorRole>([.support, .admin]).text == "admin,support")
    }
}
