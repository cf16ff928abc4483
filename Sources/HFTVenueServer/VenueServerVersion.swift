/// The version of the `hft-venue` service and of its configuration-file format.
public enum VenueServerVersion {
    /// Printed by `hft-venue --version` and served in the `Server` header.
    public static let service = "0.1.0"
}
