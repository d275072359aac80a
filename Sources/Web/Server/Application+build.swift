import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import Storage
import Synchronization

/// The whole web application for a platform: routes, middleware and background services.
public func buildApplication(
    platform: Platform, logger: Logger, metrics: PrometheusCollectorRegistry?,
    onListening: @escaping @Sendable (Int) -> Void = { _ in }
) -> some ApplicationProtocol {
    let configuration = platform.configuration
    let gauge = LoadGauge()
    let admission = AdmissionController(
        policy: configuration.admission, gauge: gauge, waitingRoom: WaitingRoom(database: platform.database),
        logger: logger)
    var services: [any Service] = []
    if configuration.waitingRoomEnabled { services.append(admission) }
    if configuration.runWorker {
        services.append(WorkerService(worker: platform.worker, maintenance: platform.maintenance))
    }
    return Application(
        router: buildRouter(platform: platform, metrics: metrics, gauge: gauge, admission: admission),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: services,
        onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// The routes and middleware.
func buildRouter(
    platform: Platform, metrics: PrometheusCollectorRegistry?, gauge: LoadGauge, admission: AdmissionController
) -> Router<AppRequestContext> {
    let configuration = platform.configuration
    let secure = configuration.publicBaseURL.hasPrefix("https:")
    let router = Router(context: AppRequestContext.self)
    let issuer = ChallengeIssuer(
        proofOfWork: platform.proofOfWork, policy: configuration.proofOfWork, load: { admission.load })
    router.add(middleware: LoadGaugeMiddleware(gauge: gauge))
    if !configuration.forwardedClient.trustedProxies.isEmpty {
        router.add(middleware: ClientAddressMiddleware(forwarded: configuration.forwardedClient))
    }
    router.add(middleware: RequestLogMiddleware())
    if metrics != nil { router.add(middleware: MetricsMiddleware()) }
    router.add(middleware: SecurityHeadersMiddleware(https: secure))
    router.add(middleware: LocaleMiddleware(secureCookies: secure))
    router.add(middleware: ErrorPageMiddleware(strings: platform.strings, audit: platform.audit))
    router.add(middleware: SessionMiddleware(accounts: platform.accounts))
    router.add(middleware: OperatorMiddleware(operators: platform.operators))
    if configuration.waitingRoomEnabled {
        router.add(
            middleware: AdmissionMiddleware(
                controller: admission, tickets: AdmissionTickets(key: platform.keys.admission),
                strings: platform.strings, secureCookies: secure))
    }
    router.add(middleware: CSRFMiddleware(key: platform.keys.forms, secureCookies: secure, strings: platform.strings))

    let api = router.group("api/v1")
    AccountsAPI(platform: platform).add(to: api)
    SessionsAPI(platform: platform).add(to: api)
    StatisticsAPI(platform: platform).add(to: api)
    IdentityAPI(platform: platform).add(to: api)
    PhoneAPI(platform: platform).add(to: api)
    ChallengesAPI(issuer: issuer).add(to: api)
    RegionsAPI().add(to: api)
    OperatorAPI(platform: platform).add(to: api)

    RegistrationPages(platform: platform, issuer: issuer).add(to: router)
    SessionPages(platform: platform).add(to: router)
    IdentityPages(platform: platform).add(to: router)
    PhonePages(platform: platform).add(to: router)
    PasswordPages(platform: platform).add(to: router)
    StatisticsPage(platform: platform).add(to: router)
    OperationsRoutes(platform: platform, metrics: metrics).add(to: router)
    if configuration.developmentToolsEnabled {
        if configuration.mail == .local { DevMailboxRoutes(platform: platform).add(to: router) }
        if configuration.sms == .local { DevSMSRoutes(platform: platform).add(to: router) }
        DevIdentitiesRoutes(platform: platform).add(to: router)
        // Lets the OpenAPI test compare the document with what is really served.
        let served = ServedRoutes()
        router.get("/dev/routes.json") { _, _ in try JSONBody.response(served.list.withLock { $0 }) }
        let routes = router.routes.map { route -> [String: String] in
            let path = "\(route.path)"
            return ["route": "\(route.method) \(path.hasPrefix("/") ? path : "/" + path)"]
        }
        served.list.withLock { $0 = routes }
    }
    return router
}

/// The routes the router answers, captured once it is built.
final class ServedRoutes: Sendable {
    let list = Mutex<[[String: String]]>([])
}
