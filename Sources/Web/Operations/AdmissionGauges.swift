import Metrics

/// The waiting room's controller as `/metrics` shows it: how loaded this process judges itself,
/// how fast the line moves, and what its door did, so a line that does not drain says why.
struct AdmissionGauges {
    private let load = Gauge(label: "prakerja_admission_load")
    private let latency = Gauge(label: "prakerja_admission_latency_median_seconds")
    private let lineRate = Gauge(label: "prakerja_admission_line_rate_per_second")
    private let doorRetry = Gauge(label: "prakerja_admission_door_retry_seconds")
    private let pass = Gauge(label: "prakerja_admission_pass_seconds")
    private let turnsGiven = Gauge(label: "prakerja_admission_turns_given")
    private let letThrough = Gauge(label: "prakerja_admission_door_let_through")
    private let toldToWait = Gauge(label: "prakerja_admission_door_told_to_wait")

    func record(_ readings: AdmissionController.Readings) {
        load.record(readings.load)
        latency.record(readings.latency)
        lineRate.record(readings.lineRate)
        doorRetry.record(readings.doorRetrySeconds)
        pass.record(readings.passSeconds)
        turnsGiven.record(readings.turnsGiven)
        letThrough.record(readings.letThrough)
        toldToWait.record(readings.toldToWait)
    }
}
