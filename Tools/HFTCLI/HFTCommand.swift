import ArgumentParser

/// `hft`: the engine's command-line tool. Each subcommand lives in its own file.
@main
struct HFTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hft",
        abstract: "Drive the swift-hft-engine from the command line.",
        subcommands: cliSubcommands
    )
}

/// Every subcommand of `hft`; each area of the engine adds its own here with one line.
let cliSubcommands: [any ParsableCommand.Type] = [
    OptionsCommand.self,
    ReplayCommand.self,
    StressCommand.self,
    IndexFeedCommand.self,
    RecoverCommand.self,
    CrashTestCommand.self,
    FuzzCommand.self,
    VenueApplyCommand.self,
    MarketMakerCommand.self,
]
