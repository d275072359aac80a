/// Number formatting as Indonesian readers expect it: "1.063.028" and "73,85%".
public enum NumberFormat {
    public static func grouped(_ value: Int, locale: AppLocale) -> String {
        let separator: Character = locale == .indonesian ? "." : ","
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(separator) }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// Formats hundredths of a percent: 7385 → "73,85%" (id) or "73.85%" (en).
    public static func percent(hundredths: Int, locale: AppLocale) -> String {
        let decimal = locale == .indonesian ? "," : "."
        let fraction = hundredths % 100
        return "\(hundredths / 100)\(decimal)\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}
