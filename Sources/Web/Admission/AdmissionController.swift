import Application
import Domain
import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// This process's view of its capacity and of the shared line. Measures requests in flight
/// and how long admitted requests take; four times a second it moves the line by the room it
/// has, and keeps a snapshot so that deciding on a new visitor costs no database call.
final class AdmissionController: Service, Sendable {
    let policy: AdmissionPolicy
    let gauge: LoadGauge
    let waitingRoom: WaitingRoom
    let logger: Logger
    let clock: any AppClock
    static let tick: TimeInterval = 0.25

    private struct Measured {
        var snapshot = WaitingRoom.Snapshot(
            state: .initial, unplaced: 0)
        /// The median time of recent admitted requests, in seconds, as of the last tick.
        var latency: TimeInterval = 0
        /// Recent admitted requests' times, read into `latency` once a tick.
        var window = LatencyWindow()
        var lastSample = Date.distantPast
        /// How fast the line moved over the last half minute, across all processes.
        var lineRate = LineRate(interval: AdmissionController.tick)
        /// Admissions owed from earlier ticks (fractions add up).
        var owed: Double = 0
        /// People whose turn had come, told at the door for the first time since the last tick
        /// to wait a moment.
        var turnedBack = 0
        /// The door's counts over the current second: told to wait, and let through.
        var toldToWaitThisSecond = 0
        var letThroughThisSecond = 0
        var ticksThisSecond = 0
        /// How long the next person told at the door to wait is asked to wait, in seconds.
        var doorRetry = Double(AdmissionPolicy.firstRefreshSeconds)
        /// Since start: turns given by this process, people let through the door and told to wait there.
        var turnsGiven = 0
        var letThrough = 0
        var toldToWait = 0
        /// How long the last pass of the line took, in seconds.
        var passSeconds: TimeInterval = 0
    }

    /// What an operator watches while a line forms (published on `/metrics`).
    struct Readings: Sendable, Equatable {
        var load: Double
        var latency: TimeInterval
        var lineRate: Double
        var doorRetrySeconds: Double
        var turnsGiven: Int
        var letThrough: Int
        var toldToWait: Int
        var passSeconds: TimeInterval
    }
    private let measured = Mutex(Measured())

    init(policy: AdmissionPolicy, gauge: LoadGauge, waitingRoom: WaitingRoom, clock: any AppClock, logger: Logger) {
        self.policy = policy
        self.clock = clock
        self.gauge = gauge
        self.waitingRoom = waitingRoom
        self.logger = logger
    }

    var snapshot: WaitingRoom.Snapshot { measured.withLock { $0.snapshot } }
    var readings: Readings {
        measured.withLock { state in
            Readings(
                load: policy.load(inFlight: gauge.current, latency: state.latency), latency: state.latency,
                lineRate: state.lineRate.perSecond, doorRetrySeconds: state.doorRetry, turnsGiven: state.turnsGiven,
                letThrough: state.letThrough, toldToWait: state.toldToWait, passSeconds: state.passSeconds)
        }
    }
    var admissionRate: Double { measured.withLock { $0.lineRate.perSecond } }
    /// When someone told at the door to wait comes back (`AdmissionPolicy.doorRetry`).
    var doorRetrySeconds: Int { measured.withLock { Int($0.doorRetry.rounded()) } }

    var load: Double {
        let latency = measured.withLock { $0.latency }
        return policy.load(inFlight: gauge.current, latency: latency)
    }

    /// Whether someone whose turn has come goes in now: when the server has room for one more
    /// request (the one asking is not work yet). One told no for the first time is counted: the
    /// next tick gives one new turn fewer, or the line would run ahead of the room and leave
    /// the people whose turn had come coming back every few seconds, the polling becoming the
    /// load. Counted again each time they came back, a crowd at the door held the line far
    /// longer than it took to go through. Every refusal and everyone let through also say how
    /// long the next one told no is asked to wait (`doorRetrySeconds`).
    func opensTheDoor(firstTime: Bool = true) -> Bool {
        measured.withLock { state in
            let room = policy.load(inFlight: gauge.current, latency: state.latency) < 1
            if room {
                state.letThroughThisSecond += 1
                state.letThrough += 1
            } else {
                state.toldToWaitThisSecond += 1
                state.toldToWait += 1
                if firstTime { state.turnedBack += 1 }
            }
            return room
        }
    }

    /// Records how long an admitted request took.
    func record(duration: TimeInterval) {
        measured.withLock { state in
            state.window.record(duration)
            state.lastSample = clock.now()
        }
    }

    func decide(now: Date) -> AdmissionPolicy.Decision {
        let snapshot = snapshot
        return policy.decide(
            load: load, peopleWaiting: snapshot.peopleWaiting, openingInFuture: snapshot.openingInFuture(now: now))
    }

    /// Adds someone who just joined to the snapshot, so the next visitor does not overtake them
    /// before the next tick; returns the people now waiting, them included.
    func noteJoined() -> Int {
        measured.withLock { state in
            state.snapshot.unplaced += 1
            return state.snapshot.peopleWaiting
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.step(now: self.clock.now())
                try? await Task.sleep(for: .milliseconds(Int(Self.tick * 1000)))
            }
        }
    }

    /// One tick: read the line, and move it when someone waits.
    func step(now: Date) async {
        let (admit, waiting, previous) = measured.withLock { state -> (Int, Bool, Int64) in
            // Without admitted traffic for a second the samples are forgotten, or a quiet
            // process would stay "slow" forever.
            if now.timeIntervalSince(state.lastSample) > 1 { state.window.clear() }
            state.latency = state.window.median
            let load = policy.load(inFlight: gauge.current, latency: state.latency)
            // Each person told at the door to wait (for the first time) comes back soon to use a
            // turn already given: that many fewer new turns are given. The door's wait is
            // reconsidered once a second.
            state.owed = max(0, state.owed + policy.admissions(load: load, over: Self.tick) - Double(state.turnedBack))
            state.turnedBack = 0
            state.ticksThisSecond += 1
            if Double(state.ticksThisSecond) * Self.tick >= 1 {
                state.doorRetry = AdmissionPolicy.doorRetry(
                    previous: state.doorRetry, toldToWait: state.toldToWaitThisSecond,
                    letThrough: state.letThroughThisSecond)
                (state.toldToWaitThisSecond, state.letThroughThisSecond, state.ticksThisSecond) = (0, 0, 0)
            }
            let whole = Int(state.owed)
            state.owed -= Double(whole)
            state.turnsGiven += whole
            // Newcomers this process numbered are written by the pass, however the snapshot reads.
            let waiting = state.snapshot.peopleWaiting > 0 || waitingRoom.pendingJoins > 0
            return (whole, waiting, state.snapshot.state.admittedThrough)
        }
        let started = ContinuousClock.now
        do {
            let fresh = try await waiting ? waitingRoom.advance(admit: admit, now: now) : waitingRoom.snapshot()
            measured.withLock { state in
                // Only passes with someone waiting say how fast the line moves.
                if waiting {
                    state.lineRate.record(moved: Int(max(0, fresh.state.admittedThrough - previous)))
                }
                if !waiting { state.owed = 0 }
                state.snapshot = fresh
                state.passSeconds = (ContinuousClock.now - started).seconds
            }
        } catch {
            logger.warning("waiting room tick failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
