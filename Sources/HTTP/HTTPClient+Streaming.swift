extension HTTPClient {
    /// Sends `request` and returns as soon as the final response's head has arrived; the body then arrives
    /// through `HTTPStreamingResponse.body` as it is received (e.g. a Kubernetes watch). `request.timeout` nil
    /// means no time limit. Dropping the body (or its iterator) or cancelling its reader aborts the transfer.
    public func stream(_ request: HTTPRequest) async throws(HTTPError) -> HTTPStreamingResponse {
        let engine = self.engine
        let id = engine.makeTransferID()
        let head = OneShot<ResponseHead>()
        let channel = StreamChannel(highWater: settings.streamHighWater) { engine.send(.resume(id)) }
        let transfer = try CurlTransfer(id: id, request: request, settings: settings,
                                        delivery: .streaming(head: head, body: channel))
        let lease = StreamLease(engine: engine, transferID: id, channel: channel, method: request.method,
                                url: request.url)
        let cancelled = lease.cancellation("the request was cancelled")
        let result = await withTaskCancellationHandler {
            engine.submit(transfer)
            return await head.value()
        } onCancel: {
            head.settle(.failure(cancelled))
            lease.abort(cancelled)
        }
        let responseHead = try result.get()
        return HTTPStreamingResponse(status: responseHead.status, headers: responseHead.headers,
                                     body: HTTPBodyStream(lease: lease))
    }
}
