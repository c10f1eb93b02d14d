/// Object keys kept in list order (namespace, then name), maintained by binary search on every insert and delete.
struct SortedKeys: Sendable {
    /// The keys, ascending.
    private(set) var keys: [ObjectKey] = []

    /// Adds a key that is not present yet.
    mutating func insert(_ key: ObjectKey) {
        let index = Self.firstIndex(in: keys, atOrAfter: key)
        if index == keys.count || keys[index] != key { keys.insert(key, at: index) }
    }

    /// Removes a key if present.
    mutating func remove(_ key: ObjectKey) {
        let index = Self.firstIndex(in: keys, atOrAfter: key)
        if index < keys.count, keys[index] == key { keys.remove(at: index) }
    }

    /// The index of the first key not less than `key`.
    static func firstIndex(in keys: [ObjectKey], atOrAfter key: ObjectKey) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The index of the first key greater than `key`.
    static func firstIndex(in keys: [ObjectKey], after key: ObjectKey) -> Int {
        let index = firstIndex(in: keys, atOrAfter: key)
        return index < keys.count && keys[index] == key ? index + 1 : index
    }
}
