// Harness (a), whole connection: raw bytes from a client through the HTTP-01 responder's real pipeline
// (RequestHeadGuard, NIO's HTTP/1.1 server decoder and encoder with error handling, ResponderHTTPHandler) on an
// EmbeddedChannel, so nothing touches a socket.
//
// Input: byte 0 sets the chunk size the stream is delivered in (0: all at once); byte 1 says after which chunk
// the responder is told to stop (255: never); the rest is what the client sends. After the stream the clock
// runs past the head timeout and the connection closes.
// Properties: nothing traps (NIO's own assertions included: this is a debug build); whatever the server
// writes starts as an HTTP/1.x response.
import FuzzSupport
@testable import KubeLegoChallengeSolvers
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1

/// Small enough for the fuzzer to reach the 431 refusal; the logic is the one the 8 KiB default runs.
private let maxHeadBytes = 256
private let headTimeout = TimeAmount.seconds(10)

private let router: ResponderRouter = {
    let store = ChallengeTokenStore()
    store.register(host: "example.com", token: "tok", keyAuthorization: "tok.thumb")
    return ResponderRouter(instanceID: "fuzz-instance", version: "0.0.0-fuzz", tokens: store)
}()

private let logger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponderPipeline(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard bytes.count >= 2 else { return 0 }
    let chunkSize = Int(bytes[0] % 64)
    let stopAfter = Int(bytes[1])
    let stream = bytes.dropFirst(2)

    let channel = EmbeddedChannel()
    do {
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(RequestHeadGuard(maxHeadBytes: maxHeadBytes, headTimeout: headTimeout))
        try sync.configureHTTPServerPipeline(withErrorHandling: true)
        try sync.addHandler(ResponderHTTPHandler(router: router, isReady: { true }, logger: logger))
        channel.connect(to: try SocketAddress(ipAddress: "192.0.2.1", port: 40000), promise: nil)
    } catch {
        require(false, "the pipeline could not be set up: \(error)")
    }
    channel.embeddedEventLoop.run()

    var output: [UInt8] = []
    var chunkIndex = 0
    var offset = stream.startIndex
    while offset < stream.endIndex, channel.isActive {
        let end = chunkSize == 0 ? stream.endIndex : min(offset + chunkSize, stream.endIndex)
        _ = try? channel.writeInbound(channel.allocator.buffer(bytes: stream[offset..<end]))
        offset = end
        drain(channel, into: &output)
        if chunkIndex == stopAfter, channel.isActive {
            channel.pipeline.fireUserInboundEventTriggered(ResponderHTTPHandler.StopEvent())
            channel.embeddedEventLoop.run()
        }
        chunkIndex += 1
    }
    channel.embeddedEventLoop.advanceTime(by: headTimeout + .seconds(1))
    drain(channel, into: &output)
    _ = try? channel.finish(acceptAlreadyClosed: true)
    drain(channel, into: &output)
    require(output.isEmpty || output.starts(with: Array("HTTP/1.".utf8)), "the server wrote something that is no response")
    return 0
}

/// Moves everything the server wrote so far into `output`.
private func drain(_ channel: EmbeddedChannel, into output: inout [UInt8]) {
    while let part = try? channel.readOutbound(as: IOData.self) {
        guard case .byteBuffer(let buffer) = part else {
            require(false, "the responder wrote a file region")
            return
        }
        output += buffer.readableBytesView
    }
}

@_cdecl("FuzzResponderPipeline_main")
func fuzzResponderPipelineMain(_ argc: CInt, _ argv: CArguments?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, target: fuzzResponderPipeline)
}
