import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// On the embedded default a secret is made once and kept in `var/secret.key`, so codes and
/// sessions survive a restart without any setup. Production must set PRAKERJA_SECRET_KEY.
enum DevelopmentSecret {
    static func loadOrCreate(at path: String) throws -> [UInt8] {
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
            let bytes = AppConfiguration.decodeSecret(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            bytes.count >= 32
        {
            return bytes
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600])
        return bytes
    }
}
