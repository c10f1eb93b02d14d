public import KubeLegoCore

/// An `EventSink` that keeps every Event, for checks that a provider reported a problem.
public actor RecordingEventSink: EventSink {
    /// The Events emitted so far, oldest first.
    public private(set) var events: [ObjectEvent] = []

    /// An empty sink.
    public init() {}

    /// Keeps `event`.
    public func emit(_ event: ObjectEvent) async {
        events.append(event)
    }
}
