import ArgumentParser

@main
struct Prakerja: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prakerja",
        abstract: "The Prakerja platform: registration, verification, waves, selection, training and incentives.",
        subcommands: [
            Serve.self, Migrate.self, Worker.self, Lists.self, Registry.self, RegistrySim.self, WaitingRoomCommand.self,
            Surge.self, Keys.self, Audit.self, OperatorCommand.self, Selection.self, Ledger.self, SchemeCommand.self,
            WaveCommand.self, SettlementCommand.self,
        ],
        defaultSubcommand: Serve.self)
}
