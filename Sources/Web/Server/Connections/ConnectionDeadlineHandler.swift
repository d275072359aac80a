import NIOCore
import NIOHTTPTypes

/// Closes a connection that is too slow: one that has not sent a whole request (head and body)
/// within the request timeout of opening or of starting it, or that stays idle between requests
/// longer than the idle timeout. It also tells the tracker when the connection is idle, which
/// makes it the first to go when the server is at its connection cap.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let policy: ConnectionPolicy
    private let tracker: ConnectionTracker
    private var deadline: Scheduled<Void>?
    private var requestsInProgress = 0
    private var readingRequest = false
    private var started = false

    init(policy: ConnectionPolicy, tracker: ConnectionTracker) {
        self.policy = policy
        self.tracker = tracker
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop(context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestsInProgress += 1
            readingRequest = true
            tracker.becameBusy(context.channel)
            arm(context, after: policy.requestHeadTimeout)
        case .body:
            break
        case .end:
            readingRequest = false
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            requestsInProgress -= 1
            if requestsInProgress == 0, !readingRequest { becomeIdle(context, timeout: policy.idleTimeout) }
        }
        context.write(data, promise: promise)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        becomeIdle(context, timeout: policy.requestHeadTimeout)
    }

    private func stop(_ context: ChannelHandlerContext) {
        disarm()
        tracker.becameBusy(context.channel)
    }

    private func becomeIdle(_ context: ChannelHandlerContext, timeout: Duration) {
        tracker.becameIdle(context.channel, at: .now())
        arm(context, after: timeout)
    }

    private func arm(_ context: ChannelHandlerContext, after timeout: Duration) {
        disarm()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) { channel.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
