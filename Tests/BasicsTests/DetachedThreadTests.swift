import KubeLegoBasics
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("DetachedThread")
struct DetachedThreadTests {
    @Test("runs the body on a thread of its own, named as asked (cut to Linux's 15 bytes)")
    func runsNamed() async throws {
        let (name, caller) = await withCheckedContinuation { (continuation: CheckedContinuation<(String, UInt), Never>) in
            let caller = UInt(pthread_self())
            let started = DetachedThread.start(name: "kube-lego-named-thread") {
                let text = (try? FileContents.text(atPath: "/proc/thread-self/comm")) ?? ""
                continuation.resume(returning: (text.trimmed(), UInt(pthread_self()) == caller ? 0 : 1))
            }
            #expect(started)
        }
        #expect(name == "kube-lego-named")
        #expect(caller == 1, "the body ran on the caller's thread")
    }

    @Test("many threads all run and end (detached: nothing to join, nothing leaks a joinable thread)")
    func manyThreads() async {
        let count = 200
        let done = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        let started = DetachedThread.start(name: "t\(index)") { continuation.resume(returning: true) }
                        if !started { continuation.resume(returning: false) }
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(done == count)
    }
}
