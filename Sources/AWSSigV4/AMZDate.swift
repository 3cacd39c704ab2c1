import FoundationEssentials

/// A signing time in the two forms SigV4 uses, always in UTC. Computed from
/// the epoch by hand so no calendar, locale or time zone is consulted.
struct AMZDate: Equatable {
    /// `yyyyMMdd'T'HHmmss'Z'`, the `X-Amz-Date` value.
    var timestamp: String
    /// `yyyyMMdd`, the credential scope's date.
    var day: String

    init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days: days since 1970-01-01 to a
        // proleptic Gregorian year, month and day.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        day = Self.padded(year, 4) + Self.padded(month, 2) + Self.padded(dayOfMonth, 2)
        timestamp = day + "T" + Self.padded(secondOfDay / 3_600, 2) + Self.padded(secondOfDay / 60 % 60, 2)
            + Self.padded(secondOfDay % 60, 2) + "Z"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
