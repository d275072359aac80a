import Application
import Domain
import Testing

@Suite struct StringTableTests {
    /// Templates name a text with `_` for each `.`; every text is there under that name.
    @Test func everyTextIsNamedForTemplatesWithUnderscores() {
        let strings = StringTable(tables: [.indonesian: ["waiting.title.register": "Antre", "a": "b"]])
        #expect(strings.templateTables[.indonesian] == ["waiting_title_register": "Antre", "a": "b"])
        let bundled = StringTable.bundled
        for locale in AppLocale.allCases {
            #expect(bundled.templateTables[locale]?.count == bundled.table(locale).count)
            #expect(bundled.templateTables[locale]?["landing_title"] == bundled.text("landing.title", locale))
        }
    }
}
