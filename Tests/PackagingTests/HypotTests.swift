import CGlibcCompat
import Foundation
import Glibc
import Testing

/// CGlibcCompat's hypot and hypotf, which the release bootstrap links instead
/// of glibc 2.35's, against glibc's own (loaded from libm.so.6 at run time).
@Suite struct HypotTests {
    typealias FloatHypot = @convention(c) (Float, Float) -> Float
    typealias DoubleHypot = @convention(c) (Double, Double) -> Double

    static func glibc<F>(_ name: String, as type: F.Type) throws -> F {
        let library = try #require(dlopen("libm.so.6", RTLD_NOW), "libm.so.6 loads")
        let symbol = try #require(dlsym(library, name), "libm.so.6 has \(name)")
        return unsafeBitCast(symbol, to: type)
    }

    /// Deterministic arguments across the whole range: an LCG's bits as
    /// floating-point numbers (any sign, exponent, significand; NaNs skipped).
    static func floats(_ count: Int) -> [(Float, Float)] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt32 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt32(truncatingIfNeeded: state >> 32)
        }
        var pairs: [(Float, Float)] = []
        while pairs.count < count {
            let x = Float(bitPattern: next()), y = Float(bitPattern: next())
            if !x.isNaN && !y.isNaN { pairs.append((x, y)) }
        }
        return pairs
    }

    static func doubles(_ count: Int) -> [(Double, Double)] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        var pairs: [(Double, Double)] = []
        while pairs.count < count {
            let x = Double(bitPattern: next()), y = Double(bitPattern: next())
            if !x.isNaN && !y.isNaN { pairs.append((x, y)) }
        }
        return pairs
    }

    /// Distance in units in the last place between two finite, non-negative doubles.
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        let (x, y) = (a.bitPattern, b.bitPattern)
        return x > y ? x - y : y - x
    }

    @Test func hypotfAgreesWithGlibcBitForBit() throws {
        let reference = try Self.glibc("hypotf", as: FloatHypot.self)
        var mismatches: [String] = []
        for (x, y) in Self.floats(200_000) {
            let ours = mapu_hypotf(x, y), theirs = reference(x, y)
            if ours.bitPattern != theirs.bitPattern { mismatches.append("hypotf(\(x), \(y)) = \(ours), glibc \(theirs)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(5))")
    }

    @Test func hypotIsWithinOneUlpOfGlibc() throws {
        let reference = try Self.glibc("hypot", as: DoubleHypot.self)
        var worse: [String] = []
        var exact = 0
        let pairs = Self.doubles(200_000)
        for (x, y) in pairs {
            let ours = mapu_hypot(x, y), theirs = reference(x, y)
            if ours.bitPattern == theirs.bitPattern { exact += 1; continue }
            if ours.isInfinite || theirs.isInfinite || Self.ulps(ours, theirs) > 1 { worse.append("hypot(\(x), \(y)) = \(ours), glibc \(theirs)") }
        }
        #expect(worse.isEmpty, "\(worse.count) results more than 1 ulp from glibc's, e.g. \(worse.prefix(5))")
        #expect(exact * 1000 >= pairs.count * 999, "only \(exact) of \(pairs.count) equal glibc's")
    }

    @Test func specialValuesFollowIEEE754() {
        let nan = Double.nan, infinity = Double.infinity
        #expect(mapu_hypot(infinity, nan) == infinity, "an infinity wins over a NaN")
        #expect(mapu_hypot(nan, -infinity) == infinity)
        #expect(mapu_hypot(nan, 1).isNaN)
        #expect(mapu_hypot(-3, 4) == 5)
        #expect(mapu_hypot(0, -0.0) == 0 && mapu_hypot(0, -0.0).sign == .plus)
        // Squares that a double cannot hold, below and above its range.
        #expect(mapu_hypot(Double(bitPattern: 3 * 2024), Double(bitPattern: 4 * 2024)) == Double(bitPattern: 5 * 2024),
                "subnormals keep their precision")
        #expect(mapu_hypot(3 * 0x1p1000, 4 * 0x1p1000) == 5 * 0x1p1000, "no overflow on the way to a finite result")

        #expect(mapu_hypotf(.infinity, .nan) == .infinity)
        #expect(mapu_hypotf(.nan, 2).isNaN)
        #expect(mapu_hypotf(-5, 12) == 13)
        #expect(mapu_hypotf(.greatestFiniteMagnitude, 1) == .greatestFiniteMagnitude)
        #expect(mapu_hypotf(.leastNonzeroMagnitude, 0) == .leastNonzeroMagnitude)
    }

    @Test func overflowGivesInfinityAndERANGE() {
        errno = 0
        #expect(mapu_hypot(.greatestFiniteMagnitude, .greatestFiniteMagnitude) == .infinity)
        #expect(errno == ERANGE)
        errno = 0
        #expect(mapu_hypotf(.greatestFiniteMagnitude, .greatestFiniteMagnitude) == .infinity)
        #expect(errno == ERANGE)
        errno = 0
        _ = mapu_hypotf(3, 4)
        #expect(errno == 0, "a finite result leaves errno alone")
    }
}
