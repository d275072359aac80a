import Foundation

/// The bundled list of passwords too common to allow.
public enum CommonPasswords {
    public static let bundled: Set<String> = {
        guard
            let url = Bundle.module.url(
                forResource: "common-passwords", withExtension: "txt", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("common-passwords.txt is missing from the bundle") }
        return Set(text.split(whereSeparator: \.isNewline).map { String($0) })
    }()
}
