import Storage

extension DataKey {
    /// A new random key.
    public static func generate(id: String) throws -> DataKey {
        try DataKey(id: id, bytes: SecureRandom.bytes(32))
    }
}
