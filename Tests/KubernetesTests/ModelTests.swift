import Foundation
@testable import KubeLegoKube
import Testing

@Suite("models read and write through their raw JSON")
struct ModelTests {
    static let ingressJSON = #"""
        {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"shop","uid":"u-1","resourceVersion":"41","generation":3,"creationTimestamp":"2024-05-01T10:00:00Z","labels":{"app":"web"},"annotations":{"z-first":"1","kubernetes.io/tls-acme":"true","a-last":"2"},"managedFields":[{"manager":"kubectl"}]},"spec":{"ingressClassName":"nginx","tls":[{"hosts":["shop.example.com","www.shop.example.com"],"secretName":"shop-tls"}],"rules":[{"host":"shop.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":8080}}}},{"path":"/api","pathType":"Exact","backend":{"service":{"name":"api","port":{"name":"http"}}}}]}}],"defaultBackend":{"service":{"name":"fallback","port":{"number":80}}},"futureField":{"x":[1,2.50,true]}},"status":{"loadBalancer":{"ingress":[{"ip":"10.0.0.9"}]}}}
        """#

    static func ingress() throws -> Ingress {
        Ingress(raw: try #require(try JSONValue(parsing: Array(ingressJSON.utf8)).objectValue))
    }

    @Test func ingressAccessors() throws {
        let ingress = try Self.ingress()
        #expect(ingress.key.description == "shop/web")
        #expect(ingress.metadata.uid == "u-1")
        #expect(ingress.metadata.resourceVersion == "41")
        #expect(ingress.metadata.generation == 3)
        #expect(ingress.metadata.creationTimestamp == "2024-05-01T10:00:00Z")
        #expect(ingress.metadata.labels["app"] == "web")
        #expect(ingress.metadata.annotations.keys == ["z-first", "kubernetes.io/tls-acme", "a-last"])
        #expect(ingress.ingressClassName == "nginx")
        #expect(ingress.tls.map(\.hosts) == [["shop.example.com", "www.shop.example.com"]])
        #expect(ingress.tls.first?.secretName == "shop-tls")
        #expect(ingress.rules.first?.host == "shop.example.com")
        let paths = try #require(ingress.rules.first?.paths)
        #expect(paths.map(\.path) == ["/", "/api"])
        #expect(paths.map(\.pathType) == ["Prefix", "Exact"])
        #expect(paths[0].backend.serviceName == "web")
        #expect(paths[0].backend.servicePort == .number(8080))
        #expect(paths[1].backend.servicePort == .name("http"))
        #expect(ingress.defaultBackend?.serviceName == "fallback")
    }

    @Test func editingAnAnnotationChangesOnlyThatAnnotation() throws {
        var ingress = try Self.ingress()
        ingress.metadata.annotations["kubernetes.io/tls-acme"] = "false"
        ingress.metadata.annotations["added"] = "yes"
        let expected = Self.ingressJSON.replacingOccurrences(
            of: #""kubernetes.io/tls-acme":"true","a-last":"2"}"#, with: #""kubernetes.io/tls-acme":"false","a-last":"2","added":"yes"}"#)
        #expect(String(decoding: ingress.serialized(), as: UTF8.self) == expected)
        ingress.metadata.annotations["added"] = nil
        ingress.metadata.annotations["kubernetes.io/tls-acme"] = "true"
        #expect(String(decoding: ingress.serialized(), as: UTF8.self) == Self.ingressJSON)
    }

    @Test func editingSpecKeepsUnknownSpecFields() throws {
        var ingress = try Self.ingress()
        ingress.tls.append(IngressTLS(hosts: ["new.example.com"], secretName: "new-tls"))
        ingress.rules[0].paths[0].backend.servicePort = .name("web")
        let reread = Ingress(raw: try #require(try JSONValue(parsing: ingress.serialized()).objectValue))
        #expect(reread.tls.map(\.secretName) == ["shop-tls", "new-tls"])
        #expect(reread.rules[0].paths[0].backend.servicePort == .name("web"))
        #expect(reread.raw["spec"]?["futureField"] == ingress.raw["spec"]?["futureField"])
        #expect(reread.raw["status"] != nil)
        #expect(reread.spec.keys == ["ingressClassName", "tls", "rules", "defaultBackend", "futureField"])
    }

    @Test func newObjectsCarryKindAndMetadata() {
        var map = ConfigMap(name: "state", namespace: "kube-lego")
        map.data["a"] = "1"
        #expect(String(decoding: map.serialized(), as: UTF8.self)
            == #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"state","namespace":"kube-lego"},"data":{"a":"1"}}"#)
        let ingressClass = IngressClass(name: "nginx", namespace: "ignored")
        #expect(ingressClass.namespace == nil)
        #expect(ingressClass.raw["apiVersion"] == "networking.k8s.io/v1")
    }

    @Test func secretDataIsBase64OnTheWireAndBytesInSwift() throws {
        var secret = Secret(name: "tls", namespace: "shop")
        secret.type = "kubernetes.io/tls"
        secret.data["tls.crt"] = Array("cert".utf8)
        secret.data["tls.key"] = [0, 255, 10]
        #expect(secret.raw["data"]?["tls.crt"] == "Y2VydA==")
        #expect(secret.data["tls.key"] == [0, 255, 10])
        #expect(secret.data.keys == ["tls.crt", "tls.key"])
        secret.raw["data"] = ["bad": "not base64!"]
        #expect(secret.data["bad"] == nil)
        secret.stringData["plain"] = "text"
        #expect(secret.raw["stringData"]?["plain"] == "text")
    }

    @Test func ingressClassDefaultAnnotation() {
        var ingressClass = IngressClass(name: "nginx")
        #expect(!ingressClass.isDefaultClass)
        ingressClass.controller = "k8s.io/ingress-nginx"
        ingressClass.isDefaultClass = true
        #expect(ingressClass.metadata.annotations[IngressClass.isDefaultClassAnnotation] == "true")
        #expect(ingressClass.raw["spec"]?["controller"] == "k8s.io/ingress-nginx")
    }

    @Test func serviceEndpointsLeaseEvent() throws {
        var service = Service(name: "web", namespace: "shop")
        service.type = "NodePort"
        service.selector = ["app": "web"]
        service.ports = [ServicePort(name: "http", port: 80, targetPort: 8080)]
        service.ports[0].nodePort = 30080
        #expect(service.ports.first?.nodePort == 30080)
        #expect(service.ports.first?.targetPort == .number(8080))
        #expect(service.selector["app"] == "web")

        let endpoints = Endpoints(raw: try #require(try JSONValue(parsing: Array(#"""
            {"kind":"Endpoints","metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.1.0.5"}],"notReadyAddresses":[{"ip":"10.1.0.6"}],"ports":[{"name":"http","port":8080}]}]}
            """#.utf8)).objectValue))
        #expect(endpoints.subsets.first?.addresses == ["10.1.0.5"])
        #expect(endpoints.subsets.first?.notReadyAddresses == ["10.1.0.6"])
        #expect(endpoints.subsets.first?.ports.first?.port == 8080)

        var lease = Lease(name: "kube-lego", namespace: "kube-lego")
        lease.holderIdentity = "pod-a"
        lease.leaseDurationSeconds = 15
        lease.leaseTransitions = 2
        lease.renewTime = KubeTime.format(Date(timeIntervalSince1970: 1.5), microseconds: true)
        #expect(lease.raw["spec"]?["renewTime"] == "1970-01-01T00:00:01.500000Z")
        #expect(lease.leaseDurationSeconds == 15)

        let ingress = try Self.ingress()
        let event = Event(
            name: "web.1", about: ingress, type: "Normal", reason: "CertificateIssued", message: "issued",
            component: "kube-lego", at: Date(timeIntervalSince1970: 86_400))
        #expect(event.namespace == "shop")
        #expect(event.involvedObject["kind"] == "Ingress")
        #expect(event.involvedObject["uid"] == "u-1")
        #expect(event.firstTimestamp == "1970-01-02T00:00:00Z")
        #expect(event.sourceComponent == "kube-lego")
        #expect(event.count == 1)
    }

    @Test func timestampsRoundTrip() throws {
        let date = try #require(KubeTime.parse("2024-02-29T23:59:58.123456Z"))
        #expect(KubeTime.format(date, microseconds: true) == "2024-02-29T23:59:58.123456Z")
        #expect(KubeTime.format(date) == "2024-02-29T23:59:58Z")
        #expect(KubeTime.parse("2024-03-01T01:59:58+02:00") == KubeTime.parse("2024-02-29T23:59:58Z"))
        #expect(KubeTime.parse("1969-12-31T23:59:59Z")?.timeIntervalSince1970 == -1)
        for bad in ["", "2024-02-29", "2024-13-01T00:00:00Z", "2024-02-29T23:59:58", "2024-02-29T23:59:58Zjunk"] {
            #expect(KubeTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("timestamps outside 0001-9999, infinite or NaN are written as the nearest bound", arguments: [
        (1e300, "9999-12-31T23:59:59Z"), (Double.infinity, "9999-12-31T23:59:59Z"),
        (253_402_300_800, "9999-12-31T23:59:59Z"), (-1e300, "0001-01-01T00:00:00Z"),
        (-Double.infinity, "0001-01-01T00:00:00Z"), (Double.nan, "0001-01-01T00:00:00Z"),
    ])
    func timestampsSaturate(interval: Double, expected: String) {
        #expect(KubeTime.format(Date(timeIntervalSince1970: interval)) == expected)
        #expect(KubeTime.format(Date(timeIntervalSince1970: interval), microseconds: true).hasPrefix(String(expected.dropLast())))
    }

    @Test("the bounds themselves, distantFuture and a year-9999 date keep their exact form")
    func timestampBounds() throws {
        let last = try #require(KubeTime.parse("9999-12-31T23:59:59Z"))
        #expect(KubeTime.format(last) == "9999-12-31T23:59:59Z")
        #expect(KubeTime.format(try #require(KubeTime.parse("0001-01-01T00:00:00Z"))) == "0001-01-01T00:00:00Z")
        #expect(KubeTime.format(.distantFuture) == "4001-01-01T00:00:00Z")
        #expect(KubeTime.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func resourcePaths() {
        #expect(ResourceKind.ingress.collectionPath(namespace: "shop") == "/apis/networking.k8s.io/v1/namespaces/shop/ingresses")
        #expect(ResourceKind.ingress.collectionPath(namespace: nil) == "/apis/networking.k8s.io/v1/ingresses")
        #expect(ResourceKind.secret.objectPath(namespace: "a", name: "b.c") == "/api/v1/namespaces/a/secrets/b.c")
        #expect(ResourceKind.ingressClass.objectPath(namespace: "ignored", name: "nginx") == "/apis/networking.k8s.io/v1/ingressclasses/nginx")
        #expect(ResourceKind.configMap.objectPath(namespace: "a", name: "x/../y") == "/api/v1/namespaces/a/configmaps/x%2F..%2Fy")
        #expect(ResourceKind.lease.apiVersion == "coordination.k8s.io/v1")
    }

    @Test func selectors() {
        let selector = LabelSelector([.equals("app", "web"), .notEquals("tier", "db"), .isIn("env", ["a", "b"]), .exists("managed"), .doesNotExist("legacy")])
        #expect(selector.description == "app=web,tier!=db,env in (a,b),managed,!legacy")
        #expect(selector.matches(["app": "web", "env": "b", "managed": ""]))
        #expect(!selector.matches(["app": "web", "env": "c", "managed": ""]))
        #expect(!selector.matches(["app": "web", "env": "a", "managed": "", "legacy": "1"]))
        #expect(!selector.matches(["app": "web", "env": "a", "managed": "", "tier": "db"]))
        #expect(LabelSelector(matching: ["b": "2", "a": "1"]).description == "a=1,b=2")
        #expect(LabelSelector([.notIn("x", ["1"])]).matches([:]))
        let query = ListOptions(labelSelector: selector.description, limit: 5).queryItems
        #expect(PathSegment.query(query) == "?labelSelector=app%3Dweb%2Ctier%21%3Ddb%2Cenv%20in%20%28a%2Cb%29%2Cmanaged%2C%21legacy&limit=5")
    }

    @Test func storeDiffsAFreshList() {
        let store = ObjectStore<ConfigMap>()
        func map(_ name: String, _ version: String) -> ConfigMap {
            var map = ConfigMap(name: name, namespace: "n")
            map.metadata.resourceVersion = version
            return map
        }
        _ = store.replaceAll(with: [map("keep", "1"), map("change", "1"), map("vanish", "1")])
        let events = store.replaceAll(with: [map("keep", "1"), map("change", "2"), map("new", "3")])
        let summary = events.map { event -> String in
            switch event {
            case .added(let object): "added \(object.name)"
            case .updated(let old, let new): "updated \(old.name) \(old.metadata.resourceVersion ?? "") -> \(new.metadata.resourceVersion ?? "")"
            case .deleted(let object): "deleted \(object.name)"
            }
        }
        #expect(summary == ["updated change 1 -> 2", "added new", "deleted vanish"])
        #expect(store.keys.map(\.name) == ["change", "keep", "new"])
        #expect(store.upsert(map("keep", "1"))?.key == nil)
        #expect(store.remove(map("nothing", "9"))?.key == nil)
        #expect(store.list(namespace: "other").isEmpty)
    }
}
