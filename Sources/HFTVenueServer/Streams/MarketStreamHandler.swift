import HFTBinance
import HFTService

/// The stream connections' control frames (spec §5): SUBSCRIBE / UNSUBSCRIBE of market
/// stream names or of a listen key (its account's user data), LIST_SUBSCRIPTIONS,
/// SET/GET_PROPERTY, each acknowledged with its id; malformed frames get Binance's error
/// frame and the connection stays open.
struct MarketStreamHandler: WebSocketMessageHandler {
    let state: VenueServerState

    func opened(_ session: StreamSession, names: [String]) async {
        _ = subscribe(session, names)
    }

    func received(_ text: String, session: StreamSession) async {
        switch BinanceStreamControl.decode(Array(text.utf8)) {
        case .failure(let failure):
            _ = session.send(Self.text(failure.json))
        case .success(let request):
            switch request {
            case .subscribe(let names, let id):
                if let bad = subscribe(session, names) {
                    _ = session.send(Self.text(BinanceStreamControl.Failure.invalidRequest("invalid stream name \(bad)", id: id).json))
                } else {
                    _ = session.send(Self.text(BinanceStreamControl.acknowledgement(id: id)))
                }
            case .unsubscribe(let names, let id):
                state.hub.unsubscribe(session, from: names)
                _ = session.send(Self.text(BinanceStreamControl.acknowledgement(id: id)))
            case .listSubscriptions(let id):
                _ = session.send(Self.text(BinanceStreamControl.subscriptions(session.streams(), id: id)))
            case .setProperty(_, _, let id):
                _ = session.send(Self.text(BinanceStreamControl.acknowledgement(id: id)))
            case .getProperty(_, let id):
                _ = session.send(Self.text(BinanceStreamControl.property(session.combined, id: id)))
            }
        }
    }

    /// Subscribes to market streams and attaches listen keys; returns the first name that
    /// is neither (nothing is subscribed then).
    func subscribe(_ session: StreamSession, _ names: [String]) -> String? {
        var streams: [String] = []
        var accounts: [Int64] = []
        for name in names {
            if let account = state.listenKeys.account(of: name, now: state.nowMilliseconds) {
                accounts.append(account)
            } else if let parsed = BinanceStreamName(name), state.knows(parsed) {
                streams.append(parsed.description)
            } else {
                return name
            }
        }
        state.hub.subscribe(session, to: streams)
        for account in accounts { state.hub.attach(session, account: account) }
        return nil
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}

extension VenueServerState {
    /// Whether a market stream names one of the venue's symbols.
    func knows(_ name: BinanceStreamName) -> Bool {
        switch name {
        case .allBookTickers, .allMarkPrices: true
        case .listenKey: false
        default: name.symbol.map { symbolsByName[$0.uppercased()] != nil } ?? false
        }
    }
}
