import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// On the embedded default a secret and a data key are made once and kept in `var/secret.key`
/// and `var/data.keys`, so codes, sessions and encrypted data survive a restart without any
/// setup. Production must set PRAKERJA_SECRET_KEY and PRAKERJA_DATA_KEYS.
enum DevelopmentSecret {
    static func loadOrCreateDataKeys(at path: String) throws -> [DataKey] {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return try DataKey.parseList(text)
        }
        let key = try DataKey.generate(id: "dev1")
        try write(key.line + "\n", to: path)
        return [key]
    }

    private static func write(_ text: String, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
    }

    static func loadOrCreate(at path: String) throws -> [UInt8] {
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
            let bytes = AppConfiguration.decodeSecret(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            bytes.count >= 32
        {
            return bytes
        }
        let bytes = SecureRandom.bytes(32)
        try write(ByteEncoding.hex(bytes), to: path)
        return bytes
    }
}
