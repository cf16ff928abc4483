import Foundation
import HFTEngine
@testable import HFTService
import HFTReplication
import Testing

extension NATSSuites {
    /// The primary's side of replication against a real `nats-server` with JetStream: every
    /// acknowledged command is in the stream first, the stream holds exactly the journal's
    /// commands, a newer primary fences the old one, and a lost log stops the host.
    @Suite("replicated primary on a real nats-server", .serialized, .timeLimit(.minutes(10)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct ReplicatedPrimaryTests {
        #if NATS
        static func names() -> CommandLogNames { CommandLogNames(shard: "t\(UInt32.random(in: 0 ... .max))")! }

        static func log(_ server: NATSServerProcess, _ names: CommandLogNames, holder: String,
                        acknowledgementTimeout: Int64 = 5_000) throws -> JetStreamCommandLog {
            var connection = NATSConnection.Options(servers: [server.url], name: holder)
            connection.maxReconnects = 2
            connection.reconnectWaitMilliseconds = 100
            return try JetStreamCommandLog(.init(connection: connection, names: names, holder: holder,
                                                 acknowledgementTimeoutMilliseconds: acknowledgementTimeout))
        }

        /// Every message of the log, in stream order.
        static func readAll(_ server: NATSServerProcess, _ names: CommandLogNames) throws -> [CommandLogMessage] {
            let reader = try CommandLogReader(NATSConnection.Options(servers: [server.url], name: "reader"), names: names, from: 1)
            var messages: [CommandLogMessage] = []
            while let m = try reader.next(timeoutMilliseconds: 300) { messages.append(m) }
            return messages
        }

        static func commands(in messages: [CommandLogMessage]) throws -> [VenueCommand] {
            var commands: [VenueCommand] = []
            var next: UInt64 = 1
            for m in messages where m.kind == .commands {
                next = try m.payload.withUnsafeBytes { try CommandBatchDecoder.decode($0, expected: next) { commands.append($0) } }
            }
            return commands
        }

        /// A single-node server; started again on a new port when the probed one was taken
        /// before the server bound it.
        static func server() throws -> NATSServerProcess {
            for attempt in 1... {
                let server = NATSServerProcess(port: try VenueProcess.freePort())
                do {
                    try server.start()
                    return server
                } catch NATSServerError.exited(let log) where log.contains("address already in use") && attempt < 5 {
                    server.remove()
                }
            }
            fatalError("unreachable")
        }
        #endif

        @Test("every acknowledged command is in the stream first; the stream holds exactly the journal's commands")
        func acknowledgedMeansReplicated() async throws {
            #if NATS
            let server = try Self.server()
            defer { server.remove() }
            let names = Self.names()
            let log = try Self.log(server, names, holder: "node-a")
            let sink = RecordingSink()
            let directory = HostFixture.directory("replicated")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let host = try VenueHost.start(HostFixture.configuration(directory), sink: sink, replicator: log)
            for command in HostFixture.setUp { _ = try await host.submit(command) }
            // Four concurrent clients: each acknowledgement finds its command already in the log.
            let late = try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<4 {
                    group.addTask {
                        var late = 0
                        for i in 0..<150 {
                            let outcome = try await host.submit(HostFixture.order(account: Int64(client), i % 2 == 0 ? .buy : .sell,
                                                                                  9_990 + Int64(i % 20), lots: 1))
                            if log.replicatedThrough < outcome.command.sequence { late += 1 }
                        }
                        return late
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(late == 0)
            let last = host.statistics.lastDurableSequence
            #expect(last == UInt64(HostFixture.setUp.count + 600))
            await host.shutdown()
            #expect(log.replicatedThrough == last)
            #expect(log.messagesSent > 0 && log.messagesSent < 600, "batched: \(log.messagesSent) messages for \(last) commands")

            let messages = try Self.readAll(server, names)
            #expect(messages.first?.kind == .epoch)
            #expect(messages.first.flatMap { m in m.payload.withUnsafeBytes { PrimaryEpoch($0) } }
                    == PrimaryEpoch(epoch: 1, nextSequence: 1, holder: "node-a"))
            #expect(messages.map(\.streamSequence) == Array(1...UInt64(messages.count)))
            #expect(try Self.commands(in: messages) == sink.all.map(\.command))
            #endif
        }

        @Test("a newer primary's epoch fences the old one: its next command is refused and it stops")
        func newerPrimaryFencesTheOld() async throws {
            #if NATS
            let server = try Self.server()
            defer { server.remove() }
            let names = Self.names()
            let directory = HostFixture.directory("fenced")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let old = try VenueHost.start(HostFixture.configuration(directory), sink: RecordingSink(),
                                          replicator: try Self.log(server, names, holder: "node-a"))
            for command in HostFixture.setUp { _ = try await old.submit(command) }
            let last = old.statistics.lastDurableSequence

            // A node that has applied the whole log takes over (what a standby does on failover).
            let newer = try Self.log(server, names, holder: "node-b")
            #expect(throws: JetStreamCommandLog.TakeoverError.localAhead(local: last + 3, stream: last)) {
                try newer.takeOver(lastSequence: last + 3)
            }
            #expect(throws: JetStreamCommandLog.TakeoverError.localBehind(local: last - 1, stream: last)) {
                try newer.takeOver(lastSequence: last - 1)
            }
            let epoch = try newer.takeOver(lastSequence: last)
            #expect(epoch == PrimaryEpoch(epoch: 2, nextSequence: last + 1, holder: "node-b"))

            await #expect(throws: EngineFailure.replicationFailed) {
                _ = try await old.submit(HostFixture.order(account: 0, .buy, 9_990, lots: 1))
            }
            await old.shutdown()
            guard case .replicationFailed(.fenced) = old.currentState else {
                Issue.record("the old primary is \(old.currentState), not fenced")
                return
            }
            await #expect(throws: EngineFailure.self) { _ = try await old.submit(HostFixture.order(account: 0, .buy, 9_990, lots: 1)) }
            // The log holds the old term's commands, then the new epoch, and nothing of the refused command.
            let messages = try Self.readAll(server, names)
            #expect(messages.filter { $0.kind == .epoch }.count == 2)
            #expect(try Self.commands(in: messages).count == Int(last))
            #endif
        }

        @Test("a primary whose log is gone stops: pending and later commands are refused, none acknowledged")
        func lostLogStopsThePrimary() async throws {
            #if NATS
            let server = try Self.server()
            defer { server.remove() }
            let names = Self.names()
            let directory = HostFixture.directory("lost")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let log = try Self.log(server, names, holder: "node-a", acknowledgementTimeout: 1_000)
            let host = try VenueHost.start(HostFixture.configuration(directory), sink: RecordingSink(), replicator: log)
            for command in HostFixture.setUp { _ = try await host.submit(command) }
            let acknowledged = host.statistics.lastDurableSequence
            server.stop(crash: true)
            let started = ContinuousClock.now
            await #expect(throws: EngineFailure.replicationFailed) {
                _ = try await host.submit(HostFixture.order(account: 0, .buy, 9_990, lots: 1))
            }
            #expect(ContinuousClock.now - started < .seconds(30))
            await host.shutdown()
            guard case .replicationFailed(.unavailable) = host.currentState else {
                Issue.record("the primary is \(host.currentState), not stopped for an unavailable log")
                return
            }
            #expect(host.statistics.lastDurableSequence == acknowledged)
            #endif
        }
    }
}
