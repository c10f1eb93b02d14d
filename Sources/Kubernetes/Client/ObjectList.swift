/// One page of a list, or all pages joined by `KubeClient.listAll`.
public struct ObjectList<Object: KubeResource>: Sendable {
    /// The objects in the page.
    public var items: [Object]
    /// The list's `metadata.resourceVersion`: watch from here to see every later change.
    public var resourceVersion: String
    /// The `metadata.continue` token for the next page; nil on the last page.
    public var continueToken: String?
}
