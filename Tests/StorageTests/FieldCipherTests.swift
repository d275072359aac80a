import Foundation
import Storage
import Testing

@Suite struct FieldCipherTests {
    let old = try! DataKey(id: "k1", bytes: Array(repeating: 1, count: 32))
    let new = try! DataKey(id: "k2", bytes: Array(repeating: 2, count: 32))
    let index: [UInt8] = Array(repeating: 9, count: 32)

    @Test func sealedValuesOpenAndNameTheirKey() throws {
        let cipher = FieldCipher(keys: [old], indexKey: index)
        let sealed = cipher.seal("3171234567890123", column: .profileDetails)
        #expect(sealed.hasPrefix("enc1:k1:"))
        #expect(!sealed.contains("3171234567890123"))
        #expect(try cipher.open(sealed, column: .profileDetails) == "3171234567890123")
        #expect(FieldCipher.keyID(of: sealed) == "k1")
        // A fresh nonce every time: equal values do not look equal.
        #expect(cipher.seal("same", column: .phoneNumber) != cipher.seal("same", column: .phoneNumber))
    }

    @Test func aValueMovedToAnotherColumnOrAlteredDoesNotOpen() throws {
        let cipher = FieldCipher(keys: [old], indexKey: index)
        let sealed = cipher.seal("+6281234567890", column: .phoneNumber)
        #expect(throws: FieldCipher.Failure.self) { try cipher.open(sealed, column: .registryRecord) }
        var bytes = Array(sealed.utf8)
        bytes[bytes.count - 3] = bytes[bytes.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: FieldCipher.Failure.self) {
            try cipher.open(String(decoding: bytes, as: UTF8.self), column: .phoneNumber)
        }
        #expect(throws: FieldCipher.Failure.self) { try cipher.open("enc1:k1:notbase64!", column: .phoneNumber) }
    }

    @Test func oldKeysStillOpenButNewDataUsesTheFirst() throws {
        let before = FieldCipher(keys: [old], indexKey: index).seal("Siti Aminah", column: .registryRecord)
        let rotated = FieldCipher(keys: [new, old], indexKey: index)
        #expect(try rotated.open(before, column: .registryRecord) == "Siti Aminah")
        #expect(!rotated.isCurrent(before))
        #expect(rotated.isCurrent(rotated.seal("x", column: .registryRecord)))
        #expect(throws: FieldCipher.Failure.unknownKey("k1")) {
            try FieldCipher(keys: [new], indexKey: index).open(before, column: .registryRecord)
        }
    }

    @Test func valuesFromBeforeEncryptionReadAsTheyAre() throws {
        #expect(
            try FieldCipher(keys: [old], indexKey: index).open("{\"nik\":\"1\"}", column: .profileDetails)
                == "{\"nik\":\"1\"}")
    }

    @Test func keyListsAreParsedStrictly() throws {
        let keys = try DataKey.parseList("\(new.line), \(old.line)")
        #expect(keys.map(\.id) == ["k2", "k1"])
        #expect(try DataKey.parseList("# current first\n\(new.line)\n").map(\.id) == ["k2"])
        #expect(throws: DataKey.Invalid.self) { try DataKey.parseList("") }
        #expect(throws: DataKey.Invalid.self) { try DataKey.parseList("k1") }
        #expect(throws: DataKey.Invalid.self) { try DataKey.parseList("k1=c2hvcnQ=") }
        #expect(throws: DataKey.Invalid.self) { try DataKey.parseList("\(old.line),\(old.line)") }
        #expect(throws: DataKey.Invalid.self) {
            try DataKey.parseList("bad id=\(Data(old.bytes).base64EncodedString())")
        }
    }
}
