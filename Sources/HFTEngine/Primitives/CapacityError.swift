/// A fixed-capacity store is full. The caller sees it (as the `CAPACITY` reject in the
/// engine) and the store keeps working; capacity comes back as entries are released.
public enum CapacityError: Error, Hashable, Sendable {
    case capacityExhausted
}
