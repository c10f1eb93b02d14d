import KubeLegoCore
import KubeLegoKube
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("per-Secret certificate series")
struct CertificateSeriesTableTests {
    @Test("an empty table writes nothing, not even HELP or TYPE lines")
    func empty() {
        #expect(CertificateSeriesTable().prometheusText() == "")
    }

    @Test("each family once, Secrets in namespace/name order, whole numbers without a fraction, labels escaped")
    func layout() {
        let table = CertificateSeriesTable()
        let metrics = ControllerMetrics(factory: nil, certificates: table)
        let odd = ObjectReference(namespace: "b", name: "we\"ird\\name\n")
        let shop = ObjectReference(namespace: "a", name: "shop-tls")
        metrics.certificateReady(odd, false)
        metrics.certificateNotAfter(shop, Date(timeIntervalSince1970: 1_900_000_000))
        metrics.certificateRenewal(shop, at: Date(timeIntervalSince1970: 1_897_408_000.5))
        metrics.certificateReady(shop, true)
        #expect(table.prometheusText() == """
            # HELP kube_lego_certificate_not_after_seconds When the certificate in the Secret expires (Unix seconds).
            # TYPE kube_lego_certificate_not_after_seconds gauge
            kube_lego_certificate_not_after_seconds{namespace="a",secret="shop-tls"} 1900000000
            # HELP kube_lego_certificate_renewal_timestamp_seconds When kube-lego renews the certificate in the Secret (Unix seconds; in the past while a renewal is due).
            # TYPE kube_lego_certificate_renewal_timestamp_seconds gauge
            kube_lego_certificate_renewal_timestamp_seconds{namespace="a",secret="shop-tls"} 1897408000.5
            # HELP kube_lego_certificate_ready 1 on the condition the certificate in the Secret is in (True: valid and not due).
            # TYPE kube_lego_certificate_ready gauge
            kube_lego_certificate_ready{namespace="a",secret="shop-tls",condition="True"} 1
            kube_lego_certificate_ready{namespace="a",secret="shop-tls",condition="False"} 0
            kube_lego_certificate_ready{namespace="b",secret="we\\"ird\\\\name\\n",condition="True"} 0
            kube_lego_certificate_ready{namespace="b",secret="we\\"ird\\\\name\\n",condition="False"} 1

            """)
        metrics.forgetCertificate(shop)
        metrics.forgetCertificate(odd)
        #expect(table.prometheusText() == "")
        #expect(table.count == 0)
    }

    @Test("10,000 Secrets: four recordings each, then forgotten, leave an empty table")
    func many() {
        let table = CertificateSeriesTable()
        let metrics = ControllerMetrics(factory: nil, certificates: table)
        let secrets = (0..<10_000).map { ObjectReference(namespace: "ns\($0 % 7)", name: "s\($0)") }
        for secret in secrets {
            metrics.certificateNotAfter(secret, Date(timeIntervalSince1970: 2_000_000_000))
            metrics.certificateRenewal(secret, at: Date(timeIntervalSince1970: 1_990_000_000))
            metrics.certificateReady(secret, true)
        }
        #expect(table.count == 10_000)
        let lines = table.prometheusText().split(separator: "\n")
        #expect(lines.count == 6 + 4 * 10_000)
        for secret in secrets { metrics.forgetCertificate(secret) }
        #expect(table.count == 0)
    }
}
