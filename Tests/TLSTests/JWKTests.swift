import KubeLegoTLS
import Testing

@Suite struct JWKTests {
    /// RFC 7638 §3.1's example RSA key.
    static let rfc7638Modulus = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"

    @Test func rfc7638ExampleThumbprint() throws {
        let modulus = try #require(Base64URL.decode(Self.rfc7638Modulus))
        let jwk = JWK.rsa(modulus: modulus, exponent: [0x01, 0x00, 0x01])
        #expect(jwk.json == "{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"\(Self.rfc7638Modulus)\"}")
        #expect(jwk.thumbprint == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    @Test func rsaNumbersHaveNoLeadingZeroBytes() {
        let jwk = JWK.rsa(modulus: [0x00, 0x00, 0xc1, 0x02], exponent: [0x00, 0x01, 0x00, 0x01])
        #expect(jwk.members.map(\.name) == ["e", "kty", "n"])
        #expect(jwk.members[0].value == "AQAB")
        #expect(jwk.members[2].value == "wQI")
    }

    @Test func ecMembersAreSortedAndCoordinatesKeepTheirSize() {
        let x = [UInt8](repeating: 0, count: 31) + [1]
        let y = [UInt8](repeating: 0xff, count: 32)
        let jwk = JWK.ec(curve: "P-256", x: x, y: y)
        #expect(jwk.kty == "EC")
        #expect(jwk.json == "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"\(Base64URL.encode(x))\",\"y\":\"\(Base64URL.encode(y))\"}")
        #expect(Base64URL.decode(jwk.members[2].value)?.count == 32)
    }

    @Test(arguments: KeyType.allCases)
    func generatedKeysHaveStableThumbprints(_ type: KeyType) throws {
        let key = try PrivateKey.generate(type)
        let reread = try PrivateKey(pem: try key.pemTraditional())
        #expect(reread.publicJWK.thumbprint == key.publicJWK.thumbprint)
        #expect(key.publicJWK.thumbprint.count == 43)
        #expect(!key.publicJWK.json.contains(" "))
        if let size = key.algorithm == .ecdsaP256 ? 32 : key.algorithm == .ecdsaP384 ? 48 : nil {
            #expect(Base64URL.decode(key.publicJWK.members[2].value)?.count == size)
            #expect(Base64URL.decode(key.publicJWK.members[3].value)?.count == size)
        }
    }
}
