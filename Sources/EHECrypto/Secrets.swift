internal import Crypto
public import Foundation
internal import HummingbirdBcrypt

/// Passwords, tokens and session ids: how they are made and how they are stored.
///
/// Passwords are low-entropy, so they are stored as bcrypt hashes (slow on purpose). Tokens and session
/// ids are 256 random bits, so a SHA-256 digest is enough to make a stolen database useless for signing in.
public enum Secrets {
    /// A bcrypt hash of the password at this cost (4–31; each step doubles the work).
    public static func hashPassword(_ password: String, cost: Int) -> String {
        Bcrypt.hash(password, cost: UInt8(clamping: min(max(cost, 4), 31)))
    }

    /// Whether the password matches the bcrypt hash.
    public static func verifyPassword(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// A fresh random secret: `prefix` followed by 43 base64url characters (256 bits).
    public static func randomToken(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let text = bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// The SHA-256 digest under which a token or session id is stored.
    public static func digest(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Constant-time comparison of two strings (CSRF tokens).
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
