/// A reference to a Service port, by number or by name.
public enum ServicePortReference: Sendable, Hashable {
    /// The port number.
    case number(Int)
    /// The port's name.
    case name(String)
}
