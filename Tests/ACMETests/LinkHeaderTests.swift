@testable import KubeLegoACME
import Testing

@Suite("Link headers")
struct LinkHeaderTests {
    @Test("alternate links are found across several headers and in comma-separated lists")
    func alternates() {
        let values = [
            #"<https://ca/cert/1/alternate/1>;rel="alternate", <https://ca/dir>;rel="index""#,
            #"<https://ca/cert/1/alternate/2>; rel=alternate"#,
            #"<https://ca/x,y>; rel="up alternate"; title="a, b""#,
        ]
        #expect(LinkHeader.targets(values, relation: "alternate", base: "https://ca/cert/1")
                == ["https://ca/cert/1/alternate/1", "https://ca/cert/1/alternate/2", "https://ca/x,y"])
        #expect(LinkHeader.targets(values, relation: "index", base: "https://ca/cert/1") == ["https://ca/dir"])
    }

    @Test("relative targets resolve against the request URL; malformed links are skipped")
    func relativeAndMalformed() {
        #expect(LinkHeader.targets([#"</cert/2>;rel="alternate""#], relation: "alternate", base: "https://ca:14000/cert/1")
                == ["https://ca:14000/cert/2"])
        #expect(LinkHeader.targets(["https://ca/x; rel=alternate", #"<https://ca/y"#, ""], relation: "alternate", base: "https://ca/") == [])
    }
}
