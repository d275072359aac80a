import NIOCore
import NIOHTTPTypes

/// Closes a connection that is too slow: one that has not sent a whole request (head and body)
/// within the request timeout of opening or of starting it, or that stays idle between requests
/// longer than the idle timeout. It also tells the tracker when the connection is idle, which
/// makes it the first to go when the server is at its connection cap.
///
/// Each request moves the deadline twice (its head, then its answer), so the deadline is a
/// value and one timer per connection checks it, never scheduled further ahead than the
/// shorter timeout: moving the deadline costs no timer. A timer scheduled and cancelled for
/// each move cost two operations on the event loop's timer heap per request, and a cancel
/// searches the heap, which holds every connection's timer.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let policy: ConnectionPolicy
    private let tracker: ConnectionTracker
    /// When the connection is closed unless it moves on; nil while a request is being answered.
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
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
        stopTimer()
        tracker.becameBusy(context.channel)
    }

    private func becomeIdle(_ context: ChannelHandlerContext, timeout: Duration) {
        tracker.becameIdle(context.channel, at: .now())
        arm(context, after: timeout)
    }

    /// The longest a timer is scheduled ahead: every deadline set later is at least this far
    /// from its moment, so a running timer always fires before the deadline it must check.
    private var checkInterval: TimeAmount {
        TimeAmount(min(policy.requestHeadTimeout, policy.idleTimeout))
    }

    private func arm(_ context: ChannelHandlerContext, after timeout: Duration) {
        let now = context.eventLoop.now
        let deadline = now + TimeAmount(timeout)
        self.deadline = deadline
        if timer == nil {
            schedule(at: min(deadline, now + checkInterval), channel: context.channel, on: context.eventLoop)
        }
    }

    private func disarm() {
        deadline = nil
    }

    private func schedule(at moment: NIODeadline, channel: any Channel, on loop: any EventLoop) {
        let handler = NIOLoopBound(self, eventLoop: loop)
        timer = loop.scheduleTask(deadline: moment) { handler.value.check(channel, on: loop) }
    }

    /// The timer's moment: closes the connection past its deadline, or checks again later;
    /// with no deadline (a request being answered) the next deadline starts a timer again.
    private func check(_ channel: any Channel, on loop: any EventLoop) {
        timer = nil
        guard let deadline else { return }
        let now = loop.now
        guard now < deadline else { return channel.close(promise: nil) }
        schedule(at: min(deadline, now + checkInterval), channel: channel, on: loop)
    }

    /// Stops the timer for good: the connection has gone or the handler was removed.
    private func stopTimer() {
        deadline = nil
        timer?.cancel()
        timer = nil
    }
}
