#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import KubeLegoBasics
import KubeLegoTLS

/// Files `kube-lego certonly` reads and writes: the account key and the issued tls.crt / tls.key.
///
/// The pair is written so that it is never seen half-replaced, the way Kubernetes writes Secret volumes:
///
/// ```
/// <directory>/..pair-<random>/tls.crt, tls.key   one complete pair per write, never changed afterwards
/// <directory>/..data    -> ..pair-<random>        switched to the new pair in one rename(2)
/// <directory>/tls.crt   -> ..data/tls.crt
/// <directory>/tls.key   -> ..data/tls.key
/// ```
///
/// A write creates a fresh pair directory, creates both files in it exclusively (`O_EXCL | O_NOFOLLOW`, the
/// key with mode 0600 from its first byte), writes and `fsync`s them and the directory, and only then
/// renames a new `..data` symlink over the old one and `fsync`s `<directory>`; the previous pair directory
/// is removed last. The guarantee: at every instant, and after a crash at any point, `..data` names a
/// complete pair whose key matches its certificate (the old one until the rename, the new one after).
/// A reader that resolves `..data` once (opening `<directory>/..data/` or its real path, then both files)
/// can never see a mismatch. A reader that opens `tls.crt` and then `tls.key` by their own names resolves
/// `..data` twice and can straddle a renewal landing between its two opens; no order of two renames can
/// close that window for separate paths, and this layout keeps it to that one moment (two plain files
/// renamed one after the other would show a mismatched pair between the renames, to every reader).
///
/// A failure anywhere before the rename leaves the previous pair as it was and removes the new directory.
/// Nothing planted in `<directory>` is followed: files are only ever created new, and `..data`, `tls.crt`
/// and `tls.key` are replaced by rename, never opened for writing. The first write over the plain-file
/// layout of earlier versions replaces `tls.crt` and then `tls.key` by symlinks, which shows a mismatched
/// pair between those two renames, once.
struct CertificateFiles {
    /// The output directory.
    let directory: String
    /// Called with "tls.key" and "tls.crt" before each is written, in that order; a seam for tests to fail
    /// a write deterministically.
    var beforeWriting: (String) throws -> Void = { _ in }

    /// The name of the symlink that selects the current pair.
    static let currentLink = "..data"
    /// The prefix of pair directory names.
    static let pairPrefix = "..pair-"

    /// Writes the chain and the key as a new pair and switches to it; returns the paths to hand to users.
    func write(chainPEM: String, keyPEM: String) throws -> (certificate: String, key: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pairName = Self.pairPrefix + SafeFile.randomName()
        let pair = SafeFile.join(directory, pairName)
        guard mkdir(pair, 0o755) == 0 else { throw AppError.system("create directory", pair) }
        do {
            try beforeWriting("tls.key")
            try SafeFile.createExclusive(SafeFile.join(pair, "tls.key"), contents: Array(keyPEM.utf8), mode: 0o600)
            try beforeWriting("tls.crt")
            try SafeFile.createExclusive(SafeFile.join(pair, "tls.crt"), contents: Array(chainPEM.utf8), mode: 0o644)
            try SafeFile.syncDirectory(pair)
        } catch {
            try? FileManager.default.removeItem(atPath: pair)
            throw error
        }
        let previous = SafeFile.linkTarget(SafeFile.join(directory, Self.currentLink))
        do {
            try SafeFile.pointSymlink(SafeFile.join(directory, Self.currentLink), to: pairName)
        } catch {
            try? FileManager.default.removeItem(atPath: pair)
            throw error
        }
        try SafeFile.syncDirectory(directory)
        for name in ["tls.crt", "tls.key"] {
            try SafeFile.pointSymlink(SafeFile.join(directory, name), to: Self.currentLink + "/" + name)
        }
        try SafeFile.syncDirectory(directory)
        if let previous, previous != pairName, previous.hasPrefix(Self.pairPrefix), !previous.contains("/") {
            try? FileManager.default.removeItem(atPath: SafeFile.join(directory, previous))
        }
        return (SafeFile.join(directory, "tls.crt"), SafeFile.join(directory, "tls.key"))
    }

    /// Reads the account key at `path`, or creates an EC P-256 key there (mode 0600) when the file is missing.
    static func loadOrCreateAccountKey(at path: String) throws -> PrivateKey {
        if FileManager.default.fileExists(atPath: path) {
            let text = try FileContents.text(atPath: path)
            return try PrivateKey(pem: text)
        }
        let key = try PrivateKey.generate(.ec256)
        try SafeFile.replace(path, contents: Array(try key.pemPKCS8().utf8), mode: 0o600)
        return key
    }
}
