using System.Globalization;
using System.Numerics;
using System.Text;

namespace AkkaKv.Redis;

/// <summary>
/// Redis's rules for reading and writing numbers held in string values (INCR, INCRBYFLOAT, and friends), so that
/// what a client may store, increment and read back is what Redis would allow and reply.
/// </summary>
public static class RedisNumbers
{
    /// <summary>Redis's LONG_STR_SIZE: strings this long or longer are never integers.</summary>
    private const int MaxInt64Chars = 21;

    /// <summary>Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses anything this long or longer.</summary>
    private const int MaxDoubleChars = 5 * 1024;

    /// <summary>Redis's human-friendly format prints "%.17Lf": never more than this many decimals.</summary>
    private const int MaxFractionDigits = 17;

    /// <summary>
    /// Reads a 64-bit integer as strictly as Redis's <c>string2ll</c>: an optional '-', then digits, nothing else;
    /// no '+', no spaces, no leading zeros (but "0" itself), no "-0", and within <see cref="long"/>'s range.
    /// </summary>
    /// <remarks>The strictness means a value that parses formats back to exactly the same text, which is what lets
    /// Redis (and us) treat such values as integers without changing what GET returns.</remarks>
    public static bool TryParseInt64(ReadOnlySpan<byte> utf8, out long value) => TryParseInt64Core(utf8, out value);

    /// <inheritdoc cref="TryParseInt64(ReadOnlySpan{byte}, out long)"/>
    public static bool TryParseInt64(ReadOnlySpan<char> text, out long value) => TryParseInt64Core(text, out value);

    /// <summary>Reads a SCAN cursor as Redis does (C's <c>strtoul</c>, refusing a leading space or anything after the
    /// digits): an optional '+' or '-', then decimal digits up to 2^64 - 1. A '-' wraps around as <c>strtoul</c>'s does
    /// (so "-1" is the largest cursor), and the empty string is cursor 0.</summary>
    public static bool TryParseCursor(ReadOnlySpan<byte> utf8, out ulong value)
    {
        value = 0;
        if (utf8.IsEmpty)
        {
            return true;
        }

        var negative = utf8[0] == (byte)'-';
        var digits = utf8[0] is (byte)'-' or (byte)'+' ? utf8[1..] : utf8;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            var next = (value * 10) + (ulong)(c - '0');
            if (value > ulong.MaxValue / 10 || next < value * 10)
            {
                return false; // over 2^64 - 1: strtoul's ERANGE
            }

            value = next;
        }

        value = negative ? unchecked(0 - value) : value;
        return true;
    }

    /// <summary>Formats an integer as Redis's <c>ll2string</c> does: plain invariant digits, '-' for negatives.</summary>
    public static string FormatInt64(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a floating-point operand as Redis's <c>string2ld</c> does for INCRBYFLOAT (a strict <c>strtold</c>).
    /// </summary>
    /// <remarks>
    /// <para>Accepted, as by strtold: an optional '+' or '-'; decimal digits with an optional '.' and optional
    /// exponent ("1", "-1.5", "+.5", "5.", "1e3", "2.5E-3"); C99 hexadecimal floats with an optional binary exponent
    /// ("0x1A", "0x1.8p1"); and "inf" or "infinity" in any letter case. Infinity is accepted because Redis accepts
    /// it: INCRBYFLOAT then refuses the infinite sum with "increment would produce NaN or Infinity", not "not a
    /// valid float", so callers must check the result with <see cref="double.IsFinite"/>.</para>
    /// <para>Refused, as by string2ld: the empty string and strings of 5120 characters or more; any leading or
    /// trailing space or other character (including NUL), so "1e", "1e+", "0x" and "1.2.3" are refused; NaN in any
    /// spelling; and literals that overflow to infinity or underflow to zero (subnormals are accepted).</para>
    /// <para>One deliberate difference: Redis parses into an x87 long double, so it accepts magnitudes up to about
    /// 1e4932 and down to about 1e-4951. We hold doubles, so literals beyond double's range (about 1.8e308, and
    /// 4.9e-324) are refused as out of range rather than silently turned into infinity or zero.</para>
    /// </remarks>
    public static bool TryParseDouble(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length >= MaxDoubleChars)
        {
            return false;
        }

        var negative = text[0] == '-';
        var body = text[0] is '-' or '+' ? text[1..] : text;

        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) ||
            body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        double magnitude;
        if (body.Length > 1 && body[0] == '0' && (body[1] | 0x20) == 'x')
        {
            if (!TryParseHexMagnitude(body[2..], out magnitude))
            {
                return false;
            }
        }
        else if (!TryParseDecimalMagnitude(body, out magnitude))
        {
            return false;
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>
    /// Formats an INCRBYFLOAT result as Redis replies and stores it (<c>ld2string</c> in human-friendly mode):
    /// plain decimal notation, never an exponent, no trailing zeros or trailing '.', at most 17 decimals, and
    /// never "-0". So 10.5 + 0.1 gives "10.6", 5.0e3 gives "5000", 3.0 gives "3", 1e20 gives "100000000000000000000".
    /// </summary>
    /// <remarks>
    /// <para>Redis prints its long double (about 19 significant digits) with "%.17Lf" and trims zeros, which rounds
    /// the printed value back to what the user typed. A double printed the same way would show binary noise
    /// ("10.59999999999999964" for 10.6), so we lay out the shortest digits that round-trip ("R") instead, padded with
    /// zeros for large magnitudes. Like Redis, digits past the 17th decimal are rounded away (half away from zero),
    /// so 1e-20 formats as "0".</para>
    /// <para>Because the sum itself is done in double rather than long double, some results still differ from
    /// Redis: 0.1 + 0.2 is "0.30000000000000004" here and "0.3" in Redis. Infinity and NaN, which INCRBYFLOAT never
    /// stores, format as ld2string writes them: "inf", "-inf", "nan".</para>
    /// </remarks>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return "0";
        }

        // Shortest round-trip digits, e.g. "10.6", "1E-05", "1.2345678901234568E+20"; split into the digit string
        // and the position of the decimal point relative to its start.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var exponent = e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = new StringBuilder(dot < 0 ? mantissa : mantissa.Remove(dot, 1));
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;

        var leadingZeros = 0;
        while (leadingZeros < digits.Length && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits.Remove(0, leadingZeros);
        point -= leadingZeros;

        // Keep at most 17 decimals, rounding the first dropped digit half away from zero.
        var keep = point + MaxFractionDigits;
        if (keep < digits.Length)
        {
            var roundUp = keep >= 0 && digits[keep] >= '5';
            digits.Length = Math.Max(keep, 0);
            if (roundUp)
            {
                var i = digits.Length - 1;
                while (i >= 0 && digits[i] == '9')
                {
                    digits[i--] = '0';
                }

                if (i >= 0)
                {
                    digits[i]++;
                }
                else
                {
                    digits.Insert(0, '1');
                    point++;
                }
            }
        }

        var significant = digits.Length;
        while (significant > 0 && digits[significant - 1] == '0')
        {
            significant--;
        }

        digits.Length = significant;
        if (significant == 0)
        {
            // Everything rounded away: Redis turns the resulting "-0" into "0" too.
            return "0";
        }

        var text = new StringBuilder(Math.Max(significant, point) + 4);
        if (value < 0)
        {
            text.Append('-');
        }

        if (point <= 0)
        {
            text.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= significant)
        {
            text.Append(digits).Append('0', point - significant);
        }
        else
        {
            text.Append(digits, 0, point).Append('.').Append(digits, point, significant - point);
        }

        return text.ToString();
    }

    private static bool TryParseInt64Core<T>(ReadOnlySpan<T> s, out long value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        if (s.IsEmpty || s.Length >= MaxInt64Chars)
        {
            return false;
        }

        if (s.Length == 1 && CharOf(s[0]) == '0')
        {
            return true;
        }

        var negative = CharOf(s[0]) == '-';
        var i = negative ? 1 : 0;

        // No leading zero (so no "-0" either), no '+', no space: the first digit must be 1-9.
        if (i == s.Length || CharOf(s[i]) is < '1' or > '9')
        {
            return false;
        }

        ulong magnitude = 0;
        for (; i < s.Length; i++)
        {
            var digit = (uint)(CharOf(s[i]) - '0');
            if (digit > 9 || magnitude > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked((long)(0 - magnitude));
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    private static int CharOf<T>(T c)
        where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(c);

    /// <summary>Decimal strtod syntax: digits with an optional '.', at least one digit, an optional complete exponent.</summary>
    private static bool TryParseDecimalMagnitude(ReadOnlySpan<char> s, out double magnitude)
    {
        magnitude = 0;
        var i = 0;
        var digits = 0;
        var nonZero = false;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
        {
            nonZero |= s[i] != '0';
        }

        if (i < s.Length && s[i] == '.')
        {
            for (i++; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
            {
                nonZero |= s[i] != '0';
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            var exponentStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            // strtold would stop before a bare 'e', leaving it as trailing junk.
            if (i == exponentStart)
            {
                return false;
            }
        }

        if (i != s.Length ||
            !double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out magnitude))
        {
            return false;
        }

        // Overflow to infinity or underflow of a non-zero literal to zero: strtold's ERANGE, which Redis refuses.
        return double.IsFinite(magnitude) && (magnitude != 0 || !nonZero);
    }

    /// <summary>The part after "0x" of a C99 hex float: hex digits with an optional '.', then an optional "p[+-]digits".</summary>
    private static bool TryParseHexMagnitude(ReadOnlySpan<char> s, out double magnitude)
    {
        magnitude = 0;

        // The value is mantissa × 2^binaryExponent. Sixteen hex digits fill the 64-bit mantissa; later non-zero
        // digits only matter as a "sticky" bit for rounding.
        ulong mantissa = 0;
        var significantDigits = 0;
        var binaryExponent = 0L;
        var sticky = false;
        var digits = 0;
        var i = 0;
        var inFraction = false;
        for (; i < s.Length; i++)
        {
            if (s[i] == '.' && !inFraction)
            {
                inFraction = true;
                continue;
            }

            if (!char.IsAsciiHexDigit(s[i]))
            {
                break;
            }

            digits++;
            var digit = (ulong)HexValue(s[i]);
            if (mantissa == 0 && digit == 0)
            {
                binaryExponent -= inFraction ? 4 : 0;
            }
            else if (significantDigits < 16)
            {
                mantissa = (mantissa << 4) | digit;
                significantDigits++;
                binaryExponent -= inFraction ? 4 : 0;
            }
            else
            {
                sticky |= digit != 0;
                binaryExponent += inFraction ? 0 : 4;
            }
        }

        // "0x" with no digit is a "0" followed by junk to strtold.
        if (digits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == 'p')
        {
            i++;
            var negativeExponent = false;
            if (i < s.Length && s[i] is '+' or '-')
            {
                negativeExponent = s[i] == '-';
                i++;
            }

            var exponentStart = i;
            var exponent = 0L;
            for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
            {
                // Anything past a million is out of range either way; saturating keeps the sum from overflowing.
                exponent = Math.Min((exponent * 10) + (s[i] - '0'), 1_000_000);
            }

            if (i == exponentStart)
            {
                return false;
            }

            binaryExponent += negativeExponent ? -exponent : exponent;
        }

        if (i != s.Length)
        {
            return false;
        }

        if (mantissa == 0)
        {
            return true;
        }

        if (sticky)
        {
            // At least 61 significant bits here, so bit 0 lies well below the rounding point: it just breaks ties.
            mantissa |= 1;
        }

        magnitude = RoundToDouble(mantissa, binaryExponent);

        // As for decimals: out of double's range either way is strtold's ERANGE.
        return double.IsFinite(magnitude) && magnitude != 0;
    }

    /// <summary>mantissa × 2^exponent, rounded once, half to even, to the nearest double (normal or subnormal).</summary>
    private static double RoundToDouble(ulong mantissa, long exponent)
    {
        var bits = 64 - BitOperations.LeadingZeroCount(mantissa);
        var leadingExponent = exponent + bits - 1;
        if (leadingExponent > 1023)
        {
            return double.PositiveInfinity;
        }

        // The weight of the last bit the double can keep: 52 bits below the leading one, but never below 2^-1074.
        var unitExponent = Math.Max(leadingExponent - 52, -1074);
        var shift = unitExponent - exponent;
        if (shift <= 0)
        {
            return Math.ScaleB(mantissa, (int)exponent);
        }

        ulong kept;
        bool roundUp;
        if (shift > 64)
        {
            kept = 0;
            roundUp = false;
        }
        else if (shift == 64)
        {
            kept = 0;
            roundUp = mantissa > 1UL << 63;
        }
        else
        {
            kept = mantissa >> (int)shift;
            var rest = mantissa & ((1UL << (int)shift) - 1);
            var half = 1UL << ((int)shift - 1);
            roundUp = rest > half || (rest == half && (kept & 1) == 1);
        }

        if (roundUp)
        {
            kept++;
        }

        // kept has at most 53 bits, so both steps are exact (or overflow to infinity after rounding up).
        return Math.ScaleB(kept, (int)unitExponent);
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
