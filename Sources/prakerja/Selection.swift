import Application
import ArgumentParser
import Foundation

/// Recomputing a wave's draw from its published selection file, with no database and no secret.
struct Selection: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check or compute a wave's lottery from files (SELECTION.md describes them).",
        subcommands: [Verify.self, Draw.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the draw in a selection file; exits 1 naming the first difference.")

        @Argument(help: "A selection file, as published for a wave.")
        var file: String

        func run() async throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let selection: SelectionFile
            do {
                selection = try JSONDecoder().decode(SelectionFile.self, from: data)
            } catch {
                print("not a selection file: \(error)")
                throw ExitCode(2)
            }
            switch selection.verify() {
            case .matches(let selected, let entries):
                print(
                    "selection of wave \(selection.wave) verified: \(entries) entries, \(selected) selected, "
                        + "entry list \(selection.entryListHash)")
            case .mismatch(let problem):
                print("selection of wave \(selection.wave) does NOT verify: \(problem)")
                throw ExitCode(1)
            }
        }
    }

    struct Draw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the draw on a request file (entries, quota, seed) and print the selection file.")

        @Argument(help: "A draw request: a selection file without ranks and outcomes.")
        var file: String

        func run() async throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let request = try JSONDecoder().decode(SelectionRequest.self, from: data)
            guard let selection = request.draw() else {
                print("platform_seed must be hex")
                throw ExitCode(2)
            }
            FileHandle.standardOutput.write(try selection.encoded())
            print()
        }
    }
}
