/// One quote the strategy wants resting on the exchange: what ``OrderManager/setQuotes(symbol:_:now:)``
/// takes, a full set per symbol at a time.
///
/// `quantity` is the open (remaining) quantity wanted; price and quantity are in the symbol's
/// integer units (see ``SymbolRules``).
///
/// - Complexity: O(1).
/// - Memory: a value type; owns its optional `tag`.
public struct QuoteIntent: Sendable, Hashable, Codable {
    /// Buy or sell.
    public var side: OMSSide
    /// The limit price, in price units; must be on the tick grid.
    public var price: Int64
    /// The open quantity wanted, in quantity units; must be on the step grid.
    public var quantity: Int64
    /// A free label the strategy uses to recognise the quote (e.g. `bid-2`); logged and kept on the order.
    public var tag: String?

    /// Creates an intent.
    public init(side: OMSSide, price: Int64, quantity: Int64, tag: String? = nil) {
        self.side = side
        self.price = price
        self.quantity = quantity
        self.tag = tag
    }
}
