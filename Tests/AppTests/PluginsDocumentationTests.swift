import Foundation
import Testing

/// Every Swift block in Plugins.md is an excerpt of code that is compiled: the repository's sources or the
/// out-of-tree example, which CI builds and tests. A block edited apart from the code (or code changed without
/// its block) fails here, so the page never shows code that does not build.
@Suite("Plugins.md code blocks")
struct PluginsDocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The lines of a text, trimmed, blank lines dropped: indentation and spacing may differ, nothing else.
    static func normalized(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The ```swift blocks of a Markdown text.
    static func swiftBlocks(_ markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```swift") {
                current = []
            } else if current != nil, line.hasPrefix("```") {
                blocks.append((current ?? []).joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The normalized lines of every Swift file under `Sources/` and `Examples/` (build directories skipped).
    static func compiledFiles() throws -> [String: [String]] {
        var files: [String: [String]] = [:]
        for folder in ["Sources", "Examples"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker {
                if url.lastPathComponent.hasPrefix(".build") { walker.skipDescendants(); continue }
                guard url.pathExtension == "swift" else { continue }
                files[url.path] = normalized(try String(contentsOf: url, encoding: .utf8))
            }
        }
        return files
    }

    static func contains(_ haystack: [String], _ needle: [String]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        return (0...(haystack.count - needle.count)).contains { start in
            Array(haystack[start..<(start + needle.count)]) == needle
        }
    }

    @Test("each Swift block is found, line for line, in a compiled file")
    func blocksAreExcerpts() throws {
        let markdown = try String(contentsOf: Self.root.appendingPathComponent("Plugins.md"), encoding: .utf8)
        let blocks = Self.swiftBlocks(markdown)
        #expect(blocks.count >= 4, "Plugins.md shows the provider, the solver, the settings and the entry point")
        let files = try Self.compiledFiles()
        #expect(files.keys.contains { $0.hasSuffix("Examples/traefik-provider/Sources/kube-lego-traefik/Main.swift") })
        for block in blocks {
            let lines = Self.normalized(block)
            #expect(files.values.contains { Self.contains($0, lines) }, "not an excerpt of compiled code:\n\(block)")
        }
    }

    @Test("the check notices a block that is not in the code")
    func detectsDrift() {
        let file = Self.normalized("struct A {\n    let x = 1\n    let y = 2\n}")
        #expect(Self.contains(file, Self.normalized("let x = 1\n  let y = 2")))
        #expect(!Self.contains(file, Self.normalized("let x = 1\nlet y = 3")))
    }
}
