import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Writes the waiting room's early answers (`EarlyWaitingAnswers`) on the connection's event
/// loop, so the router never sees those requests; every other request goes on to it unchanged.
/// A request answered here is read to its end (its body dropped) before the answer is written,
/// and only while the router has nothing in hand on this connection, so answers keep the order
/// of their requests however a client pipelines them.
final class AdmissionDoorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let answers: EarlyWaitingAnswers
    /// The request being answered here, read to its end before its answer is written.
    private var answering: (answer: EarlyWaitingAnswers.Answer, method: HTTPRequest.Method, started: NIODeadline)?
    /// Requests passed on to the router and not yet answered by it.
    private var passedOn = 0

    init(answers: EarlyWaitingAnswers) {
        self.answers = answers
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if passedOn == 0, answering == nil, let answer = answers.answer(request) {
                answering = (answer, request.method, .now())
                return
            }
            passedOn += 1
        case .body:
            if answering != nil { return }
        case .end:
            if let (answer, method, started) = answering {
                answering = nil
                context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
                context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                answers.record(
                    answer, method: method, nanoseconds: UInt64(max(0, (NIODeadline.now() - started).nanoseconds)))
                return
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { passedOn = max(0, passedOn - 1) }
        context.write(data, promise: promise)
    }
}
