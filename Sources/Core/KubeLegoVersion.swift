/// The version this build reports (User-Agent, 404 body of the responder, `kube-lego --version`).
public enum KubeLegoVersion {
    /// The version string.
    public static let current = "0.2.0-dev"
}
