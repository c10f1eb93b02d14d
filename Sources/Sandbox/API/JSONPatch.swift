import Foundation
import KubeLegoKube

/// RFC 6902 JSON patch: add, remove, replace, move, copy and test, with RFC 6901 pointers.
enum JSONPatch {
    /// Applies a patch document (an array of operations); 422 for a failed `test` or a bad path,
    /// 400 for a malformed document.
    static func apply(_ patch: JSONValue, to target: JSONValue) throws(SandboxError) -> JSONValue {
        guard let operations = patch.arrayValue else {
            throw SandboxError(.badRequest, "a JSON patch must be an array of operations")
        }
        var document = target
        for operation in operations {
            guard let op = operation["op"]?.stringValue, let path = operation["path"]?.stringValue else {
                throw SandboxError(.badRequest, "a JSON patch operation needs \"op\" and \"path\"")
            }
            let pointer = try parse(path)
            switch op {
            case "add":
                document = try add(try value(of: operation), at: pointer, in: document)
            case "remove":
                document = try remove(at: pointer, in: document).document
            case "replace":
                document = try remove(at: pointer, in: document).document
                document = try add(try value(of: operation), at: pointer, in: document)
            case "move", "copy":
                guard let fromText = operation["from"]?.stringValue else {
                    throw SandboxError(.badRequest, "JSON patch \(op) needs \"from\"")
                }
                let from = try parse(fromText)
                let moved: JSONValue
                if op == "move" {
                    (document, moved) = try remove(at: from, in: document)
                } else {
                    moved = try read(from, in: document)
                }
                document = try add(moved, at: pointer, in: document)
            case "test":
                guard try read(pointer, in: document) == (try value(of: operation)) else {
                    throw SandboxError(.invalid, "the JSON patch test at \(path) failed")
                }
            default:
                throw SandboxError(.badRequest, "unknown JSON patch operation \"\(op)\"")
            }
        }
        return document
    }

    private static func value(of operation: JSONValue) throws(SandboxError) -> JSONValue {
        guard let value = operation["value"] else { throw SandboxError(.badRequest, "JSON patch operation needs \"value\"") }
        return value
    }

    /// Splits an RFC 6901 pointer into unescaped tokens.
    static func parse(_ pointer: String) throws(SandboxError) -> [String] {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { throw SandboxError(.badRequest, "invalid JSON pointer \"\(pointer)\"") }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func missing(_ tokens: [String]) -> SandboxError {
        SandboxError(.invalid, "JSON patch path /\(tokens.joined(separator: "/")) does not exist")
    }

    /// The value at a pointer.
    static func read(_ tokens: [String], in document: JSONValue) throws(SandboxError) -> JSONValue {
        var current = document
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { throw missing(tokens) }
                current = next
            case .array(let array):
                guard let index = Int(token), array.indices.contains(index) else { throw missing(tokens) }
                current = array[index]
            default:
                throw missing(tokens)
            }
        }
        return current
    }

    /// Adds (or for objects, sets) a value; `-` appends to an array.
    static func add(_ value: JSONValue, at tokens: [String], in document: JSONValue) throws(SandboxError) -> JSONValue {
        guard let token = tokens.first else { return value }
        let rest = Array(tokens.dropFirst())
        switch document {
        case .object(var object):
            if rest.isEmpty {
                object[token] = value
            } else {
                guard let child = object[token] else { throw missing(tokens) }
                object[token] = try add(value, at: rest, in: child)
            }
            return .object(object)
        case .array(var array):
            if rest.isEmpty {
                let index = token == "-" ? array.count : Int(token) ?? -1
                guard (0...array.count).contains(index) else { throw missing(tokens) }
                array.insert(value, at: index)
            } else {
                guard let index = Int(token), array.indices.contains(index) else { throw missing(tokens) }
                array[index] = try add(value, at: rest, in: array[index])
            }
            return .array(array)
        default:
            throw missing(tokens)
        }
    }

    /// Removes the value at a pointer; returns the new document and the removed value.
    static func remove(at tokens: [String], in document: JSONValue) throws(SandboxError) -> (document: JSONValue, removed: JSONValue) {
        guard let token = tokens.first else { throw SandboxError(.invalid, "cannot remove the whole document") }
        let rest = Array(tokens.dropFirst())
        switch document {
        case .object(var object):
            guard let child = object[token] else { throw missing(tokens) }
            if rest.isEmpty {
                object[token] = nil
                return (.object(object), child)
            }
            let (changed, removed) = try remove(at: rest, in: child)
            object[token] = changed
            return (.object(object), removed)
        case .array(var array):
            guard let index = Int(token), array.indices.contains(index) else { throw missing(tokens) }
            if rest.isEmpty {
                let removed = array.remove(at: index)
                return (.array(array), removed)
            }
            let (changed, removed) = try remove(at: rest, in: array[index])
            array[index] = changed
            return (.array(array), removed)
        default:
            throw missing(tokens)
        }
    }
}
