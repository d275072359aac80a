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
        policy: configuration.admission, gauge: gauge, waitingRoom: platform.waitingRoom, clock: platform.clock,
        logger: logger)
    var services: [any Service] = []
    if configuration.waitingRoomEnabled { services.append(admission) }
    if configuration.runWorker {
        services.append(WorkerService(worker: platform.worker, maintenance: platform.services.maintenance))
    }
    let door = AdmissionDoor(
        controller: admission, tickets: AdmissionTickets(key: platform.keys.admission), strings: platform.strings)
    // The waiting room's answers to the API's newcomers, written below the router.
    let earlyAnswers =
        configuration.waitingRoomEnabled
        ? EarlyWaitingAnswers(
            door: door, https: configuration.secureCookies, logger: logger, recordsMetrics: metrics != nil) : nil
    let connections = configuration.connections
    let tracker = ConnectionTracker(cap: connections.connectionCap(openFileLimit: OpenFileLimit.current))
    return Application(
        router: buildRouter(platform: platform, metrics: metrics, gauge: gauge, door: door),
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [ConnectionDeadlineHandler(policy: connections, tracker: tracker)]
                    + (earlyAnswers.map { [AdmissionDoorHandler(answers: $0)] } ?? []))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: nil,
            availableConnectionsDelegate: tracker.delegate),
        services: services,
        onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// The routes, each declared on the group that gives it its protection:
///
/// - every request: client address, request log, metrics, security headers, language;
/// - operations (`/health`, `/ready`, `/metrics`, `/openapi.json`, `/static/…`): nothing more
///   (not counted as load);
/// - `/api/v1`: the API's error shape; then
///   - the operator API (`/api/v1/operator`): the load gauge, the operator's bearer session;
///     past sign-in, only on an `OperatorRequestContext` (a signed-in operator);
///   - the applicant API: the bearer session and the waiting room, which counts as load only
///     what it lets through; `me…` routes only on a `SignedInRequestContext`;
/// - the partner API (`/api/partner/v1`): the load gauge, the API's error shape and the
///   partner's request signature, checked over the body before any handler; only on a
///   `PartnerRequestContext`;
/// - pages: error pages, the cookie session, the waiting room (as on the API) and CSRF on every
///   form; the dashboard and the forms behind it only on a `SignedInRequestContext`;
/// - the operator console (`/konsol`): the load gauge, error pages, the console's own cookie
///   session and CSRF, never the waiting room; past sign-in, only on a `ConsoleRequestContext`;
/// - development tools (`/dev/…`, development only): error pages.
func buildRouter(
    platform: Platform, metrics: PrometheusCollectorRegistry?, gauge: LoadGauge, door: AdmissionDoor
) -> Router<AppRequestContext> {
    let admission = door.controller
    let configuration = platform.configuration
    let secure = configuration.secureCookies
    let strings = platform.strings
    let errors = ErrorResponder(strings: strings, audit: platform.audit, clock: platform.clock)
    let router = Router(context: AppRequestContext.self)
    let issuer = ChallengeIssuer(
        proofOfWork: platform.proofOfWork, policy: configuration.proofOfWork, load: { admission.load })

    if !configuration.forwardedClient.trustedProxies.isEmpty {
        router.add(middleware: ClientAddressMiddleware(forwarded: configuration.forwardedClient))
    }
    router.add(middleware: RequestLogMiddleware())
    if metrics != nil { router.add(middleware: MetricsMiddleware()) }
    router.add(middleware: SecurityHeadersMiddleware(https: secure))
    router.add(middleware: LocaleMiddleware(secureCookies: secure))

    OperationsRoutes(platform: platform, metrics: metrics, admission: admission).add(to: router)

    let api = router.group("api/v1").add(middleware: ErrorMiddleware(answer: .api, errors: errors))
    OperatorAPI(platform: platform).add(to: api.group().add(middleware: LoadGaugeMiddleware(gauge: gauge)))

    // Partners sign each request; they never wait in the applicants' waiting room.
    let partnerAPI = router.group("api/partner/v1")
        .add(middleware: LoadGaugeMiddleware(gauge: gauge))
        .add(middleware: ErrorMiddleware(answer: .api, errors: errors))
        .add(middleware: PartnerSignatureMiddleware(partners: platform.services.partners))
        .group(context: PartnerRequestContext.self)
    PartnerCoursesAPI(platform: platform).add(to: partnerAPI)
    PartnerPurchasesAPI(platform: platform).add(to: partnerAPI)
    PartnerRedemptionsAPI(platform: platform).add(to: partnerAPI)

    let applicantAPI = api.group().add(middleware: SessionMiddleware(accounts: platform.accounts, credential: .bearer))
    if configuration.waitingRoomEnabled {
        applicantAPI.add(
            middleware: AdmissionMiddleware(door: door, strings: strings, secureCookies: secure, isAPI: true))
    } else {
        applicantAPI.add(middleware: LoadGaugeMiddleware(gauge: gauge))
    }
    let signedInAPI = applicantAPI.group(context: SignedInRequestContext.self)
    AccountsAPI(platform: platform, issuer: issuer).add(public: applicantAPI)
    SessionsAPI(platform: platform).add(public: applicantAPI, signedIn: signedInAPI)
    PasswordRecoveryAPI(platform: platform).add(public: applicantAPI)
    IdentityAPI(platform: platform).add(signedIn: signedInAPI)
    PhoneAPI(platform: platform).add(signedIn: signedInAPI)
    ChallengesAPI(issuer: issuer, clock: platform.clock).add(public: applicantAPI)
    RegionsAPI().add(public: applicantAPI)
    StatisticsAPI(platform: platform).add(public: applicantAPI)
    WavesAPI(platform: platform).add(public: applicantAPI, signedIn: signedInAPI)
    BasicTestAPI(platform: platform).add(signedIn: signedInAPI)

    let pages = router.group()
        .add(middleware: ErrorMiddleware(answer: .pages, errors: errors))
        .add(middleware: SessionMiddleware(accounts: platform.accounts, credential: .cookie))
    if configuration.waitingRoomEnabled {
        pages.add(
            middleware: AdmissionMiddleware(door: door, strings: strings, secureCookies: secure, isAPI: false))
    } else {
        pages.add(middleware: LoadGaugeMiddleware(gauge: gauge))
    }
    pages.add(middleware: CSRFMiddleware(key: platform.keys.forms, secureCookies: secure, strings: strings))
    let signedInPages = pages.group(context: SignedInRequestContext.self)
    RegistrationPages(platform: platform, issuer: issuer).add(public: pages)
    SessionPages(platform: platform).add(public: pages, signedIn: signedInPages)
    PasswordRecoveryPages(platform: platform).add(public: pages)
    WavePages(platform: platform).add(public: pages, signedIn: signedInPages)
    BasicTestPages(platform: platform).add(signedIn: signedInPages)
    PasswordPages(platform: platform).add(signedIn: signedInPages)
    IdentityPages(platform: platform).add(signedIn: signedInPages)
    PhonePages(platform: platform).add(signedIn: signedInPages)
    StatisticsPage(platform: platform).add(public: pages)
    CataloguePages(platform: platform).add(public: pages)
    RatingPages(platform: platform).add(signedIn: signedInPages)
    HelpPage(platform: platform).add(public: pages)

    // The console never waits in the waiting room: the programme office must get in during a surge.
    let console = router.group("konsol")
        .add(middleware: LoadGaugeMiddleware(gauge: gauge))
        .add(middleware: ErrorMiddleware(answer: .pages, errors: errors))
        .add(middleware: ConsoleSessionMiddleware(operators: platform.operators))
        .add(middleware: CSRFMiddleware(key: platform.keys.forms, secureCookies: secure, strings: strings))
    let signedInConsole = console.group(context: ConsoleRequestContext.self)
    ConsoleSignInPages(platform: platform).add(public: console, signedIn: signedInConsole)
    ConsoleWavePages(platform: platform).add(signedIn: signedInConsole)
    ConsoleWaitingRoomPage(platform: platform).add(signedIn: signedInConsole)
    ConsoleListsPage(platform: platform).add(signedIn: signedInConsole)
    ConsolePartnerPages(platform: platform).add(signedIn: signedInConsole)
    ConsoleCuratorPages(platform: platform).add(signedIn: signedInConsole)
    ConsoleReviewListPage(platform: platform).add(signedIn: signedInConsole)
    ConsoleSettlementPage(platform: platform).add(signedIn: signedInConsole)

    if configuration.developmentToolsEnabled {
        let dev = router.group("dev").add(middleware: ErrorMiddleware(answer: .pages, errors: errors))
        if configuration.mail == .local { DevMailboxRoutes(platform: platform).add(to: dev) }
        if configuration.sms == .local { DevSMSRoutes(platform: platform).add(to: dev) }
        DevIdentitiesRoutes(platform: platform).add(to: dev)
        DevPartnersRoutes(platform: platform).add(to: dev)
        // Lets the OpenAPI test compare the document with what is really served.
        let served = ServedRoutes()
        dev.get("routes.json") { _, _ in try JSONBody.response(served.list.withLock { $0 }) }
        let routes = router.routes.map { route -> [String: String] in
            let path = "\(route.path)"
            return ["route": "\(route.method) \(path.hasPrefix("/") ? path : "/" + path)"]
        }
        served.list.withLock { $0 = routes }
    }
    // Last, so that they wrap only the answer for requests no route matches: the session first,
    // so that a signed-in person's "page not found" shows their own menu.
    router.add(middleware: SessionMiddleware(accounts: platform.accounts, credential: .cookie))
    router.add(middleware: ErrorMiddleware(answer: .byPath(apiPrefix: "/api/"), errors: errors))
    return router
}

/// The routes the router answers, captured once it is built.
final class ServedRoutes: Sendable {
    let list = Mutex<[[String: String]]>([])
}
