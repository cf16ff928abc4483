import Foundation
import HFTBinance

/// The `batchOrders` parameter of `POST /fapi/v1/batchOrders`: a JSON array of order
/// objects whose values are strings (Binance's format; numbers and booleans are accepted
/// and read as their text). Each object becomes the parameters of one NEW order; the
/// request's own signature covered the whole array.
enum BinanceBatchOrders {
    static func decode(_ text: String) throws(BinanceError) -> [BinanceParameters] {
        guard let data = text.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw .invalidParameter("batchOrders")
        }
        var result: [BinanceParameters] = []
        for object in array {
            var pairs: [(name: String, value: String)] = []
            for (name, value) in object.sorted(by: { $0.key < $1.key }) {
                switch value {
                case let s as String: pairs.append((name, s))
                case let b as Bool: pairs.append((name, b ? "true" : "false"))
                case let n as NSNumber: pairs.append((name, n.stringValue))
                default: throw .invalidParameter(name)
                }
            }
            result.append(try BinanceParameters(pairs: pairs, signature: nil, signedPayload: []))
        }
        return result
    }

    /// A list parameter of `DELETE /fapi/v1/batchOrders` (`orderIdList=[1,2]`,
    /// `origClientOrderIdList=["a","b"]`): a JSON array of numbers or strings, each as text.
    static func decodeList(_ text: String, name: String) throws(BinanceError) -> [String] {
        guard let data = text.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else {
            throw .invalidParameter(name)
        }
        return try array.map { value throws(BinanceError) in
            switch value {
            case let s as String: return s
            case let n as NSNumber where !(n is Bool): return n.stringValue
            default: throw .invalidParameter(name)
            }
        }
    }
}

/// One item of a batch reply: the order, or its refusal.
enum BinanceBatchItem: Encodable {
    case order(BinanceOrder)
    case error(BinanceCodeMessage)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .order(let order): try order.encode(to: encoder)
        case .error(let error): try error.encode(to: encoder)
        }
    }
}
