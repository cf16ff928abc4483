/// `GET /fapi/v3/account` and `GET /fapi/v2/account` (spec §4.9): account totals, `assets`
/// and `positions`. The v2-only keys are optional and omitted when `nil`, so one value
/// serves both versions. Every figure is a decimal string; every asset's `updateTime` must be
/// non-zero (ccxt drops assets whose `updateTime` is 0).
public struct BinanceAccount: Encodable, Sendable, Equatable {
    /// Binance's `totalInitialMargin` (§4.9).
    public var totalInitialMargin: String
    /// Binance's `totalMaintMargin` (§4.9).
    public var totalMaintMargin: String
    /// Binance's `totalWalletBalance` (§4.9).
    public var totalWalletBalance: String
    /// Binance's `totalUnrealizedProfit` (§4.9).
    public var totalUnrealizedProfit: String
    /// Binance's `totalMarginBalance` (§4.9).
    public var totalMarginBalance: String
    /// Binance's `totalPositionInitialMargin` (§4.9).
    public var totalPositionInitialMargin: String
    /// Binance's `totalOpenOrderInitialMargin` (§4.9).
    public var totalOpenOrderInitialMargin: String
    /// Binance's `totalCrossWalletBalance` (§4.9).
    public var totalCrossWalletBalance: String
    /// Binance's `totalCrossUnPnl` (§4.9).
    public var totalCrossUnPnl: String
    /// Binance's `availableBalance` (§4.9).
    public var availableBalance: String
    /// Binance's `maxWithdrawAmount` (§4.9).
    public var maxWithdrawAmount: String
    /// v2 only.
    public var feeTier: Int?
    /// v2 only.
    public var canTrade: Bool?
    /// v2 only.
    public var canDeposit: Bool?
    /// v2 only.
    public var canWithdraw: Bool?
    /// v2 only.
    public var multiAssetsMargin: Bool?
    /// v2 only.
    public var updateTime: Int64?
    /// Binance's `assets` (§4.9).
    public var assets: [Asset]
    /// Binance's `positions` (§4.9).
    public var positions: [Position]

    /// An account; pass `version: 2` to fill the v2-only keys.
    public init(totalInitialMargin: String, totalMaintMargin: String, totalWalletBalance: String,
                totalUnrealizedProfit: String, totalMarginBalance: String, totalPositionInitialMargin: String,
                totalOpenOrderInitialMargin: String, totalCrossWalletBalance: String, totalCrossUnPnl: String,
                availableBalance: String, maxWithdrawAmount: String, assets: [Asset], positions: [Position],
                version: Int = 3) {
        self.totalInitialMargin = totalInitialMargin
        self.totalMaintMargin = totalMaintMargin
        self.totalWalletBalance = totalWalletBalance
        self.totalUnrealizedProfit = totalUnrealizedProfit
        self.totalMarginBalance = totalMarginBalance
        self.totalPositionInitialMargin = totalPositionInitialMargin
        self.totalOpenOrderInitialMargin = totalOpenOrderInitialMargin
        self.totalCrossWalletBalance = totalCrossWalletBalance
        self.totalCrossUnPnl = totalCrossUnPnl
        self.availableBalance = availableBalance
        self.maxWithdrawAmount = maxWithdrawAmount
        if version == 2 {
            feeTier = 0
            canTrade = true
            canDeposit = true
            canWithdraw = true
            multiAssetsMargin = false
            updateTime = 0
        }
        self.assets = assets
        self.positions = positions
    }

    /// One asset of the account (§4.9 "Per asset").
    public struct Asset: Encodable, Sendable, Equatable {
        /// Binance's `asset` (§4.9).
        public var asset: String
        /// Binance's `walletBalance` (§4.9).
        public var walletBalance: String
        /// Binance's `unrealizedProfit` (§4.9).
        public var unrealizedProfit: String
        /// Binance's `marginBalance` (§4.9).
        public var marginBalance: String
        /// Binance's `maintMargin` (§4.9).
        public var maintMargin: String
        /// Binance's `initialMargin` (§4.9).
        public var initialMargin: String
        /// Binance's `positionInitialMargin` (§4.9).
        public var positionInitialMargin: String
        /// Binance's `openOrderInitialMargin` (§4.9).
        public var openOrderInitialMargin: String
        /// Binance's `crossWalletBalance` (§4.9).
        public var crossWalletBalance: String
        /// Binance's `crossUnPnl` (§4.9).
        public var crossUnPnl: String
        /// Binance's `availableBalance` (§4.9).
        public var availableBalance: String
        /// Binance's `maxWithdrawAmount` (§4.9).
        public var maxWithdrawAmount: String
        /// v2 only.
        public var marginAvailable: Bool?
        /// Non-zero, or ccxt drops the asset.
        public var updateTime: Int64

        /// An asset's figures.
        public init(asset: String, walletBalance: String, unrealizedProfit: String, marginBalance: String,
                    maintMargin: String, initialMargin: String, positionInitialMargin: String,
                    openOrderInitialMargin: String, crossWalletBalance: String, crossUnPnl: String,
                    availableBalance: String, maxWithdrawAmount: String, updateTime: Int64, version: Int = 3) {
            self.asset = asset
            self.walletBalance = walletBalance
            self.unrealizedProfit = unrealizedProfit
            self.marginBalance = marginBalance
            self.maintMargin = maintMargin
            self.initialMargin = initialMargin
            self.positionInitialMargin = positionInitialMargin
            self.openOrderInitialMargin = openOrderInitialMargin
            self.crossWalletBalance = crossWalletBalance
            self.crossUnPnl = crossUnPnl
            self.availableBalance = availableBalance
            self.maxWithdrawAmount = maxWithdrawAmount
            self.marginAvailable = version == 2 ? true : nil
            self.updateTime = updateTime
        }
    }

    /// One position of the account (§4.9 `positions[]`; v2 adds leverage and entry figures).
    public struct Position: Encodable, Sendable, Equatable {
        /// Binance's `symbol` (§4.9).
        public var symbol: String
        /// Binance's `positionSide` (§4.9).
        public var positionSide: String
        /// Binance's `positionAmt` (§4.9).
        public var positionAmt: String
        /// Binance's `unrealizedProfit` (§4.9).
        public var unrealizedProfit: String
        /// Binance's `isolatedMargin` (§4.9).
        public var isolatedMargin: String
        /// Binance's `notional` (§4.9).
        public var notional: String
        /// Binance's `isolatedWallet` (§4.9).
        public var isolatedWallet: String
        /// Binance's `initialMargin` (§4.9).
        public var initialMargin: String
        /// Binance's `maintMargin` (§4.9).
        public var maintMargin: String
        /// Binance's `positionInitialMargin` (§4.9).
        public var positionInitialMargin: String
        /// Binance's `openOrderInitialMargin` (§4.9).
        public var openOrderInitialMargin: String
        /// v2 only.
        public var leverage: String?
        /// v2 only.
        public var isolated: Bool?
        /// v2 only.
        public var entryPrice: String?
        /// v2 only.
        public var maxNotional: String?
        /// Binance's `updateTime` (§4.9).
        public var updateTime: Int64

        /// A position's figures; `leverage`, `isolated`, `entryPrice` and `maxNotional` only for v2.
        public init(symbol: String, positionAmt: String, unrealizedProfit: String, isolatedMargin: String,
                    notional: String, isolatedWallet: String, initialMargin: String, maintMargin: String,
                    positionInitialMargin: String, openOrderInitialMargin: String, updateTime: Int64,
                    leverage: String? = nil, isolated: Bool? = nil, entryPrice: String? = nil, maxNotional: String? = nil) {
            self.symbol = symbol
            self.positionSide = "BOTH"
            self.positionAmt = positionAmt
            self.unrealizedProfit = unrealizedProfit
            self.isolatedMargin = isolatedMargin
            self.notional = notional
            self.isolatedWallet = isolatedWallet
            self.initialMargin = initialMargin
            self.maintMargin = maintMargin
            self.positionInitialMargin = positionInitialMargin
            self.openOrderInitialMargin = openOrderInitialMargin
            self.leverage = leverage
            self.isolated = isolated
            self.entryPrice = entryPrice
            self.maxNotional = maxNotional
            self.updateTime = updateTime
        }
    }
}

/// An item of `GET /fapi/v2/balance` (and v3).
public struct BinanceBalance: Encodable, Sendable, Equatable {
    /// An opaque alias of the account.
    public var accountAlias: String
    /// Binance's `asset` (§4.9).
    public var asset: String
    /// Binance's `balance` (§4.9).
    public var balance: String
    /// Binance's `crossWalletBalance` (§4.9).
    public var crossWalletBalance: String
    /// Binance's `crossUnPnl` (§4.9).
    public var crossUnPnl: String
    /// Binance's `availableBalance` (§4.9).
    public var availableBalance: String
    /// Binance's `maxWithdrawAmount` (§4.9).
    public var maxWithdrawAmount: String
    /// Binance's `marginAvailable` (§4.9).
    public var marginAvailable: Bool
    /// Binance's `updateTime` (§4.9).
    public var updateTime: Int64

    /// One asset's balance.
    public init(accountAlias: String, asset: String, balance: String, crossWalletBalance: String, crossUnPnl: String,
                availableBalance: String, maxWithdrawAmount: String, updateTime: Int64) {
        self.accountAlias = accountAlias
        self.asset = asset
        self.balance = balance
        self.crossWalletBalance = crossWalletBalance
        self.crossUnPnl = crossUnPnl
        self.availableBalance = availableBalance
        self.maxWithdrawAmount = maxWithdrawAmount
        self.marginAvailable = true
        self.updateTime = updateTime
    }
}

/// An item of `GET /fapi/v3/positionRisk` and `/fapi/v2/positionRisk` (spec §4.10). The
/// v3-only and v2-only keys are optional. ccxt: `entryPrice` "0" drops the entry, the side is
/// the sign of `notional`, `isolatedMargin` "0" means cross.
public struct BinancePositionRisk: Encodable, Sendable, Equatable {
    /// Binance's `symbol` (§4.10).
    public var symbol: String
    /// Binance's `positionSide` (§4.10).
    public var positionSide: String
    /// Binance's `positionAmt` (§4.10).
    public var positionAmt: String
    /// Binance's `entryPrice` (§4.10).
    public var entryPrice: String
    /// Binance's `breakEvenPrice` (§4.10).
    public var breakEvenPrice: String
    /// Binance's `markPrice` (§4.10).
    public var markPrice: String
    /// Binance's `unRealizedProfit` (§4.10).
    public var unRealizedProfit: String
    /// Binance's `liquidationPrice` (§4.10).
    public var liquidationPrice: String
    /// Binance's `isolatedMargin` (§4.10).
    public var isolatedMargin: String
    /// Signed.
    public var notional: String
    /// Binance's `marginAsset` (§4.10).
    public var marginAsset: String?
    /// Binance's `isolatedWallet` (§4.10).
    public var isolatedWallet: String
    /// Binance's `initialMargin` (§4.10).
    public var initialMargin: String?
    /// Binance's `maintMargin` (§4.10).
    public var maintMargin: String?
    /// Binance's `positionInitialMargin` (§4.10).
    public var positionInitialMargin: String?
    /// Binance's `openOrderInitialMargin` (§4.10).
    public var openOrderInitialMargin: String?
    /// Binance's `adl` (§4.10).
    public var adl: Int?
    /// Binance's `bidNotional` (§4.10).
    public var bidNotional: String?
    /// Binance's `askNotional` (§4.10).
    public var askNotional: String?
    /// v2 only.
    public var leverage: String?
    /// v2 only.
    public var maxNotionalValue: String?
    /// v2 only: `"cross"` or `"isolated"`.
    public var marginType: String?
    /// v2 only: `"true"`/`"false"` as a string, as Binance sends it.
    public var isAutoAddMargin: String?
    /// Binance's `updateTime` (§4.10).
    public var updateTime: Int64

    /// A v3 item (set the v2 keys afterwards for `/fapi/v2/positionRisk`, and clear the v3 ones).
    public init(symbol: String, positionAmt: String, entryPrice: String, breakEvenPrice: String, markPrice: String,
                unRealizedProfit: String, liquidationPrice: String, isolatedMargin: String, notional: String,
                marginAsset: String, isolatedWallet: String, initialMargin: String, maintMargin: String,
                positionInitialMargin: String, openOrderInitialMargin: String, adl: Int,
                bidNotional: String, askNotional: String, updateTime: Int64) {
        self.symbol = symbol
        self.positionSide = "BOTH"
        self.positionAmt = positionAmt
        self.entryPrice = entryPrice
        self.breakEvenPrice = breakEvenPrice
        self.markPrice = markPrice
        self.unRealizedProfit = unRealizedProfit
        self.liquidationPrice = liquidationPrice
        self.isolatedMargin = isolatedMargin
        self.notional = notional
        self.marginAsset = marginAsset
        self.isolatedWallet = isolatedWallet
        self.initialMargin = initialMargin
        self.maintMargin = maintMargin
        self.positionInitialMargin = positionInitialMargin
        self.openOrderInitialMargin = openOrderInitialMargin
        self.adl = adl
        self.bidNotional = bidNotional
        self.askNotional = askNotional
        self.updateTime = updateTime
    }
}

/// An item of `GET /fapi/v1/leverageBracket` (spec §4.11): numbers are JSON numbers here.
public struct BinanceLeverageBracket: Encodable, Sendable, Equatable {
    /// Binance's `symbol` (§4.11).
    public var symbol: String
    /// Binance's `notionalCoef` (§4.11).
    public var notionalCoef: Double
    /// Binance's `brackets` (§4.11).
    public var brackets: [Bracket]

    /// The brackets of `symbol`.
    public init(symbol: String, brackets: [Bracket], notionalCoef: Double = 1.0) {
        self.symbol = symbol
        self.notionalCoef = notionalCoef
        self.brackets = brackets
    }

    /// One bracket.
    public struct Bracket: Encodable, Sendable, Equatable {
        /// Binance's `bracket` (§4.11).
        public var bracket: Int
        /// Binance's `initialLeverage` (§4.11).
        public var initialLeverage: Int
        /// Binance's `notionalCap` (§4.11).
        public var notionalCap: Double
        /// Binance's `notionalFloor` (§4.11).
        public var notionalFloor: Double
        /// Binance's `maintMarginRatio` (§4.11).
        public var maintMarginRatio: Double
        /// Binance's `cum` (§4.11).
        public var cum: Double

        /// A bracket.
        public init(bracket: Int, initialLeverage: Int, notionalCap: Double, notionalFloor: Double, maintMarginRatio: Double, cum: Double) {
            self.bracket = bracket
            self.initialLeverage = initialLeverage
            self.notionalCap = notionalCap
            self.notionalFloor = notionalFloor
            self.maintMarginRatio = maintMarginRatio
            self.cum = cum
        }
    }
}

/// The reply of `POST /fapi/v1/leverage` (spec §4.12).
public struct BinanceLeverageReply: Encodable, Sendable, Equatable {
    /// Binance's `leverage` (§4.12).
    public var leverage: Int
    /// Binance's `maxNotionalValue` (§4.12).
    public var maxNotionalValue: String
    /// Binance's `symbol` (§4.12).
    public var symbol: String

    /// The new leverage of `symbol`.
    public init(leverage: Int, maxNotionalValue: String, symbol: String) {
        self.leverage = leverage
        self.maxNotionalValue = maxNotionalValue
        self.symbol = symbol
    }
}

/// The reply of `POST`/`PUT /fapi/v1/listenKey` (spec §4.7, §4.8).
public struct BinanceListenKeyReply: Encodable, Sendable, Equatable {
    /// Binance's `listenKey` (§4.7).
    public var listenKey: String

    /// A listen key (non-empty).
    public init(listenKey: String) { self.listenKey = listenKey }
}

/// The reply of `GET /fapi/v1/time` (spec §4.1).
public struct BinanceServerTime: Encodable, Sendable, Equatable {
    /// Binance's `serverTime` (§4.1).
    public var serverTime: Int64

    /// The server's clock (ms).
    public init(serverTime: Int64) { self.serverTime = serverTime }
}
