import Adapters
import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// Everything the platform needs to start, from environment variables (overridden by flags).
/// A missing or malformed setting stops the start with one line that names it.
public struct AppConfiguration: Sendable {
    public enum Environment: String, Sendable { case development, production }

    public enum MailTransportSetting: Sendable, Equatable {
        case local
        case smtp(SMTPSettings)
    }

    public enum SMSTransportSetting: Sendable, Equatable {
        case local
        /// An HTTP gateway, with an optional bearer token.
        case http(url: String, token: String?)
    }

    public var environment: Environment
    public var host: String
    public var port: Int
    public var publicBaseURL: String
    /// Cookies are `Secure` (and HSTS is sent) when people reach the platform over https.
    public var secureCookies: Bool { publicBaseURL.hasPrefix("https:") }
    public var database: DatabaseURL
    public var mail: MailTransportSetting
    public var mailFrom: MailboxAddress
    /// Raw secret bytes; derived keys come from it.
    public var secretKey: [UInt8]
    /// Keys personal data is encrypted under, current first (`PRAKERJA_DATA_KEYS`).
    public var dataKeys: [DataKey]
    public var bcryptCost: UInt8
    public var runWorker: Bool
    /// How long a claimed outbox message is reserved for the worker that claimed it; a worker
    /// that dies leaves its messages to others after this (`PRAKERJA_OUTBOX_LEASE_SECONDS`).
    public var outboxLease: TimeInterval
    public var logLevel: String
    /// Limits on requests that send a message or check a secret (`PRAKERJA_LIMIT_…`).
    public var limits: RateLimits
    /// The civil registry's HTTP endpoint; nil means the local registry table (loaded with
    /// `prakerja registry import`, or with the demo population in development).
    public var registryURL: String?
    public var sms: SMSTransportSetting
    /// The scheme eligibility is decided under.
    public var scheme: Scheme
    /// Registration's proof of work.
    public var proofOfWork: ProofOfWorkPolicy
    /// This process's capacity and how fast the waiting room lets people in.
    public var admission: AdmissionPolicy
    /// Whether new visitors past capacity wait in line (`PRAKERJA_WAITING_ROOM`).
    public var waitingRoomEnabled: Bool
    /// The bearer token `/metrics` asks for (`PRAKERJA_METRICS_TOKEN`); without one, only
    /// clients on this machine may read it.
    public var metricsToken: String? = nil
    /// Where applicants write for help, shown on `/bantuan` (`PRAKERJA_CONTACT_EMAIL`).
    public var contactEmail = "bantuan@prakerja.localhost"
    /// Load balancers and proxies whose `X-Forwarded-For` names the client
    /// (`PRAKERJA_TRUSTED_PROXIES`); none by default.
    public var forwardedClient: ForwardedClient
    /// Timeouts and the cap on open connections (`PRAKERJA_REQUEST_HEAD_TIMEOUT_SECONDS`,
    /// `PRAKERJA_IDLE_TIMEOUT_SECONDS`, `PRAKERJA_MAX_CONNECTIONS`).
    public var connections = ConnectionPolicy()
    /// The name this process's outbox worker claims under (`PRAKERJA_WORKER_NAME`), by default
    /// the host name and the command; two workers must not share one.
    /// Auditors emailed each new signed checkpoint of the audit chain (`PRAKERJA_AUDITOR_EMAILS`,
    /// comma-separated), and minutes between checkpoints (`PRAKERJA_AUDIT_CHECKPOINT_MINUTES`).
    public var auditors: [EmailAddress] = []
    public var checkpointInterval: TimeInterval = 3600
    /// When a course's ratings suspend it: the average below which (`PRAKERJA_RATING_THRESHOLD`,
    /// 1–5), over how many ratings at least (`PRAKERJA_RATING_MINIMUM`), for how many days
    /// (`PRAKERJA_RATING_SUSPENSION_DAYS`).
    public var ratings = RatingPolicy()
    public var workerName = ProcessInfo.processInfo.hostName + "/" + (CommandLine.arguments.dropFirst().first ?? "")

    /// Development only: conveniences such as `/dev/mailbox`, `/dev/sms` and the demo population.
    public var developmentToolsEnabled: Bool { environment == .development }

    public struct Invalid: Error, CustomStringConvertible {
        public let setting: String
        public let problem: String
        public var description: String { "configuration error: \(setting): \(problem)" }
    }

    /// Reads settings from `environment` (normally the process environment).
    public static func load(
        environment variables: [String: String], secretKeyFile: String = "var/secret.key",
        dataKeysFile: String = "var/data.keys"
    ) throws -> AppConfiguration {
        func value(_ name: String) -> String? {
            guard let value = variables[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        let environmentName = value("PRAKERJA_ENV") ?? "development"
        guard let environment = Environment(rawValue: environmentName) else {
            throw Invalid(setting: "PRAKERJA_ENV", problem: "must be development or production, got \(environmentName)")
        }
        let host = value("PRAKERJA_HOST") ?? "127.0.0.1"
        let portText = value("PRAKERJA_PORT") ?? "8080"
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw Invalid(setting: "PRAKERJA_PORT", problem: "must be a port number, got \(portText)")
        }
        let publicBaseURL = value("PRAKERJA_PUBLIC_URL") ?? "http://localhost:\(port)"
        guard let base = URLComponents(string: publicBaseURL), ["http", "https"].contains(base.scheme ?? ""),
            base.host != nil
        else { throw Invalid(setting: "PRAKERJA_PUBLIC_URL", problem: "must be an http(s) URL, got \(publicBaseURL)") }

        let database: DatabaseURL
        do {
            database = try DatabaseURL(value("PRAKERJA_DATABASE_URL") ?? "sqlite:var/prakerja.sqlite")
        } catch {
            throw Invalid(setting: "PRAKERJA_DATABASE_URL", problem: "\(error)")
        }

        let fromText = value("PRAKERJA_MAIL_FROM") ?? "Prakerja <no-reply@prakerja.localhost>"
        guard let mailFrom = MailboxAddress(fromText) else {
            throw Invalid(setting: "PRAKERJA_MAIL_FROM", problem: "must be an address or Name <address>")
        }
        let mail: MailTransportSetting
        if let smtp = value("PRAKERJA_SMTP_URL") {
            do {
                var settings = try SMTPSettings(url: smtp, from: mailFrom)
                settings.clientName = base.host ?? "localhost"
                settings.trustedCertificatesFile = value("PRAKERJA_SMTP_CA_FILE")
                mail = .smtp(settings)
            } catch {
                throw Invalid(setting: "PRAKERJA_SMTP_URL", problem: "\(error)")
            }
        } else if environment == .production {
            throw Invalid(setting: "PRAKERJA_SMTP_URL", problem: "is required when PRAKERJA_ENV=production")
        } else {
            mail = .local
        }

        let secretKey: [UInt8]
        if let text = value("PRAKERJA_SECRET_KEY") {
            guard let bytes = Self.decodeSecret(text), bytes.count >= 32 else {
                throw Invalid(setting: "PRAKERJA_SECRET_KEY", problem: "must be at least 32 bytes, hex or base64")
            }
            secretKey = bytes
        } else if environment == .production {
            throw Invalid(setting: "PRAKERJA_SECRET_KEY", problem: "is required when PRAKERJA_ENV=production")
        } else {
            secretKey = try DevelopmentSecret.loadOrCreate(at: secretKeyFile)
        }

        let dataKeys: [DataKey]
        do {
            if let text = value("PRAKERJA_DATA_KEYS") {
                dataKeys = try DataKey.parseList(text)
            } else if let path = value("PRAKERJA_DATA_KEYS_FILE") {
                dataKeys = try DataKey.parseList(try String(contentsOfFile: path, encoding: .utf8))
            } else if environment == .production {
                throw Invalid(
                    setting: "PRAKERJA_DATA_KEYS",
                    problem: "is required when PRAKERJA_ENV=production (or PRAKERJA_DATA_KEYS_FILE)")
            } else {
                dataKeys = try DevelopmentSecret.loadOrCreateDataKeys(at: dataKeysFile)
            }
        } catch let error as Invalid {
            throw error
        } catch {
            throw Invalid(setting: "PRAKERJA_DATA_KEYS", problem: "\(error)")
        }

        let costText = value("PRAKERJA_BCRYPT_COST") ?? "10"
        guard let cost = UInt8(costText), (4...16).contains(cost) else {
            throw Invalid(setting: "PRAKERJA_BCRYPT_COST", problem: "must be a number from 4 to 16, got \(costText)")
        }
        if environment == .production, cost < 10 {
            throw Invalid(setting: "PRAKERJA_BCRYPT_COST", problem: "must be at least 10 in production")
        }
        let workerText = value("PRAKERJA_WORKER") ?? "true"
        guard let runWorker = Bool(workerText) else {
            throw Invalid(setting: "PRAKERJA_WORKER", problem: "must be true or false, got \(workerText)")
        }
        let leaseText = value("PRAKERJA_OUTBOX_LEASE_SECONDS") ?? "120"
        guard let lease = Int(leaseText), (1...86_400).contains(lease) else {
            throw Invalid(
                setting: "PRAKERJA_OUTBOX_LEASE_SECONDS", problem: "must be seconds from 1 to 86400, got \(leaseText)")
        }
        let logLevel = value("PRAKERJA_LOG_LEVEL") ?? "info"
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw Invalid(
                setting: "PRAKERJA_LOG_LEVEL",
                problem: "must be one of trace, debug, info, notice, warning, error, critical")
        }
        var limits = RateLimits()
        for (variable, rule) in RateLimits.settings {
            guard let text = value(variable) else { continue }
            guard let parsed = RateLimitRule(name: limits[keyPath: rule].name, setting: text) else {
                throw Invalid(
                    setting: variable,
                    problem: "must be COUNT/WINDOW such as 30/1m, 600/60s, 5/1h or 10/1d, got \(text)")
            }
            limits[keyPath: rule] = parsed
        }
        let registryURL = value("PRAKERJA_REGISTRY_URL")
        if let registryURL {
            guard let url = URLComponents(string: registryURL), ["http", "https"].contains(url.scheme ?? ""),
                url.host != nil
            else { throw Invalid(setting: "PRAKERJA_REGISTRY_URL", problem: "must be an http(s) URL") }
        }
        let sms: SMSTransportSetting
        if let smsURL = value("PRAKERJA_SMS_URL") {
            guard let url = URLComponents(string: smsURL), ["http", "https"].contains(url.scheme ?? ""),
                url.host != nil
            else { throw Invalid(setting: "PRAKERJA_SMS_URL", problem: "must be an http(s) URL") }
            sms = .http(url: smsURL, token: value("PRAKERJA_SMS_TOKEN"))
        } else if environment == .production {
            throw Invalid(setting: "PRAKERJA_SMS_URL", problem: "is required when PRAKERJA_ENV=production")
        } else {
            sms = .local
        }
        let schemeText = value("PRAKERJA_SCHEME") ?? Scheme.y2023.code
        guard let scheme = Scheme.all.last(where: { $0.code == schemeText }) else {
            throw Invalid(
                setting: "PRAKERJA_SCHEME",
                problem: "must be one of \(Scheme.all.map(\.code).joined(separator: ", ")), got \(schemeText)")
        }
        var proofOfWork = ProofOfWorkPolicy()
        for (name, keyPath, range) in [
            ("PRAKERJA_POW_BITS", \ProofOfWorkPolicy.baseBits, 0...32),
            ("PRAKERJA_POW_MAX_BITS", \ProofOfWorkPolicy.maximumBits, 0...40),
        ] {
            guard let text = value(name) else { continue }
            guard let bits = Int(text), range.contains(bits) else {
                throw Invalid(
                    setting: name, problem: "must be a number of bits from \(range.lowerBound) to \(range.upperBound)")
            }
            proofOfWork[keyPath: keyPath] = bits
        }
        proofOfWork.maximumBits = max(proofOfWork.maximumBits, proofOfWork.baseBits)
        var admission = AdmissionPolicy()
        for (name, fallback) in [
            ("PRAKERJA_CAPACITY", "256"), ("PRAKERJA_TARGET_LATENCY_MS", "250"),
            ("PRAKERJA_ADMISSIONS_PER_SECOND", "4000"),
        ] {
            let text = value(name) ?? fallback
            guard let number = Int(text), number > 0 else {
                throw Invalid(setting: name, problem: "must be a positive number, got \(text)")
            }
            switch name {
            case "PRAKERJA_CAPACITY": admission.capacity = number
            case "PRAKERJA_TARGET_LATENCY_MS": admission.targetLatency = Double(number) / 1000
            default: admission.admissionsPerSecond = Double(number)
            }
        }
        let waitingText = value("PRAKERJA_WAITING_ROOM") ?? "true"
        guard let waitingRoomEnabled = Bool(waitingText) else {
            throw Invalid(setting: "PRAKERJA_WAITING_ROOM", problem: "must be true or false, got \(waitingText)")
        }
        var forwardedClient = ForwardedClient(trustedProxies: [])
        if let text = value("PRAKERJA_TRUSTED_PROXIES") {
            guard let parsed = ForwardedClient(list: text) else {
                throw Invalid(
                    setting: "PRAKERJA_TRUSTED_PROXIES",
                    problem: "must be IP addresses separated by commas, got \(text)")
            }
            forwardedClient = parsed
        }
        let metricsToken = value("PRAKERJA_METRICS_TOKEN")
        if let metricsToken, metricsToken.count < 16 {
            throw Invalid(setting: "PRAKERJA_METRICS_TOKEN", problem: "must be at least 16 characters")
        }
        var configuration = AppConfiguration(
            environment: environment, host: host, port: port, publicBaseURL: publicBaseURL, database: database,
            mail: mail, mailFrom: mailFrom, secretKey: secretKey, dataKeys: dataKeys, bcryptCost: cost,
            runWorker: runWorker,
            outboxLease: TimeInterval(lease),
            logLevel: logLevel, limits: limits, registryURL: registryURL, sms: sms,
            scheme: scheme, proofOfWork: proofOfWork, admission: admission,
            waitingRoomEnabled: waitingRoomEnabled, forwardedClient: forwardedClient)
        configuration.metricsToken = metricsToken
        if let contact = value("PRAKERJA_CONTACT_EMAIL") {
            guard let address = try? EmailAddress(contact) else {
                throw Invalid(setting: "PRAKERJA_CONTACT_EMAIL", problem: "must be an email address, got \(contact)")
            }
            configuration.contactEmail = address.value
        }
        if let name = value("PRAKERJA_WORKER_NAME") { configuration.workerName = name }
        if let list = value("PRAKERJA_AUDITOR_EMAILS") {
            do {
                configuration.auditors = try list.split(separator: ",").map { try EmailAddress(String($0)) }
            } catch {
                throw Invalid(
                    setting: "PRAKERJA_AUDITOR_EMAILS", problem: "must be email addresses separated by commas")
            }
        }
        if let text = value("PRAKERJA_AUDIT_CHECKPOINT_MINUTES") {
            guard let minutes = Int(text), (1...10_080).contains(minutes) else {
                throw Invalid(
                    setting: "PRAKERJA_AUDIT_CHECKPOINT_MINUTES",
                    problem: "must be minutes from 1 to 10080, got \(text)")
            }
            configuration.checkpointInterval = TimeInterval(minutes * 60)
        }
        if let text = value("PRAKERJA_RATING_THRESHOLD") {
            guard let threshold = Double(text), (1...5).contains(threshold) else {
                throw Invalid(
                    setting: "PRAKERJA_RATING_THRESHOLD", problem: "must be a number from 1 to 5, got \(text)")
            }
            configuration.ratings.threshold = threshold
        }
        if let text = value("PRAKERJA_RATING_MINIMUM") {
            guard let minimum = Int(text), (1...100_000).contains(minimum) else {
                throw Invalid(
                    setting: "PRAKERJA_RATING_MINIMUM", problem: "must be a number from 1 to 100000, got \(text)")
            }
            configuration.ratings.minimumRatings = minimum
        }
        if let text = value("PRAKERJA_RATING_SUSPENSION_DAYS") {
            guard let days = Int(text), (1...3_650).contains(days) else {
                throw Invalid(
                    setting: "PRAKERJA_RATING_SUSPENSION_DAYS", problem: "must be days from 1 to 3650, got \(text)")
            }
            configuration.ratings.suspension = TimeInterval(days * 86_400)
        }
        for (name, range) in [
            ("PRAKERJA_REQUEST_HEAD_TIMEOUT_SECONDS", 1...600), ("PRAKERJA_IDLE_TIMEOUT_SECONDS", 1...3600),
            ("PRAKERJA_MAX_CONNECTIONS", 1...1_000_000),
        ] {
            guard let text = value(name) else { continue }
            guard let number = Int(text), range.contains(number) else {
                throw Invalid(
                    setting: name,
                    problem: "must be a number from \(range.lowerBound) to \(range.upperBound), got \(text)")
            }
            switch name {
            case "PRAKERJA_REQUEST_HEAD_TIMEOUT_SECONDS":
                configuration.connections.requestHeadTimeout = .seconds(number)
            case "PRAKERJA_IDLE_TIMEOUT_SECONDS": configuration.connections.idleTimeout = .seconds(number)
            default: configuration.connections.maximumConnections = number
            }
        }
        return configuration
    }

    static func decodeSecret(_ text: String) -> [UInt8]? {
        if let bytes = ByteEncoding.bytes(hex: text) { return bytes }
        return Data(base64Encoded: text).map(Array.init)
    }
}
