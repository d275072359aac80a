import Application
import Domain
import Foundation
import Hummingbird
import Logging
import Storage

/// `/dev/identities` and `/dev/identities.json`: a few people of the demo population in the
/// local registry, so a newcomer can complete identity verification. Mounted in development
/// when the demo population is loaded.
struct DevIdentitiesRoutes {
    let platform: Platform

    func add(to router: some RouterMethods<AppRequestContext>) {
        guard let population = platform.syntheticPopulation else { return }
        let strings = platform.strings
        let regions = RegionTable.bundled
        let samples = Array(population.people.filter(\.isAlive).prefix(12))

        router.get("identities.json") { _, _ in try JSONBody.response(samples.map(RegistryRecordBody.init)) }

        router.get("identities") { _, context in
            let rows: [[String: String]] = samples.map { person in
                let district = regions.districts[String(person.nik.prefix(6))]
                let regency = district?.parentCode.flatMap { regions.regencies[$0] }
                return [
                    "nik": person.nik, "kk": person.familyCardNumber, "name": person.fullName,
                    "birthDate": DateText.dayFirst(person.birthDate),
                    "region": [district?.name, regency?.name].compactMap { $0 }.joined(separator: ", "),
                ]
            }
            return PageRenderer.shared.render(
                "identities", titleKey: "dev.identities_title", context: context, strings: strings,
                values: ["people": rows])
        }
    }
}
