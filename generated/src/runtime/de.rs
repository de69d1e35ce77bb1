//! What the generated `Deserialize` impls of the models share: object keys read without
//! copying, required fields, date-times, and string enums read from a borrowed `&str`.
//!
//! The models' impls are written out by codegen rather than derived: one map visitor per
//! object that matches each key against the field names and ignores unknown ones. That is the
//! work `#[derive(Deserialize)]` does for JSON, without the code it also generates for other
//! shapes (sequences, byte and integer keys), which the crate would compile for nothing.

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// An object key as the decoder hands it over: borrowed from the input when it can be (a JSON
/// key without escapes), so that matching it against field names allocates nothing.
pub(crate) enum ObjectKey<'de> {
    /// A key borrowed from the input.
    Borrowed(&'de str),
    /// A key the decoder had to copy (it had escapes, or the input is a stream).
    Owned(String),
}

impl ObjectKey<'_> {
    /// The key.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            ObjectKey::Borrowed(key) => key,
            ObjectKey::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for ObjectKey<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = ObjectKey<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Self::Value, E> {
                Ok(ObjectKey::Borrowed(key))
            }

            fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(ObjectKey::Owned(key.to_owned()))
            }

            fn visit_string<E: Error>(self, key: String) -> Result<Self::Value, E> {
                Ok(ObjectKey::Owned(key))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of the key just read into `slot` as `Some(value)`. Not inlined on purpose:
/// a model with a hundred fields (a repository) would otherwise get a hundred inlined copies of
/// the decoder's value reading, which was most of the crate's compile time; one copy per value
/// type serves every field.
#[inline(never)]
pub(crate) fn value_into<'de, A, T>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of the key just read, which may be `null` (stored as `None`), into `slot`.
#[inline(never)]
pub(crate) fn nullable_into<'de, A, T>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *slot = map.next_value()?;
    Ok(())
}

/// [`value_into`] for a date-time (see [`Timestamp`]).
#[inline(never)]
pub(crate) fn date_time_into<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<DateTime<Utc>>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value::<Timestamp>()?.0);
    Ok(())
}

/// [`nullable_into`] for a date-time (see [`Timestamp`]).
#[inline(never)]
pub(crate) fn nullable_date_time_into<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<DateTime<Utc>>,
) -> Result<(), A::Error> {
    *slot = map
        .next_value::<Option<Timestamp>>()?
        .map(|timestamp| timestamp.0);
    Ok(())
}

/// Reads and drops the value of a key the model does not know.
pub(crate) fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// A date-time as the models' fields hold it, decoded the way chrono's own `Deserialize`
/// decodes `DateTime<Utc>` (RFC 3339, any offset, converted to UTC), but with a fast path for
/// the strict forms GitHub sends (see [`fast_date_time`]): chrono's general parser was 40 % of
/// the time it took to decode a page of jobs. Anything else goes to chrono, errors included.
struct Timestamp(DateTime<Utc>);

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time")
            }

            fn visit_str<E: Error>(self, value: &str) -> Result<Timestamp, E> {
                match fast_date_time(value) {
                    Some(date_time) => Ok(Timestamp(date_time)),
                    None => value
                        .parse::<DateTime<FixedOffset>>()
                        .map(|date_time| Timestamp(date_time.with_timezone(&Utc)))
                        .map_err(E::custom),
                }
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// A strict RFC 3339 date-time read directly: `YYYY-MM-DDTHH:MM:SS`, then an optional fraction
/// of up to nine digits, then `Z` or `±HH:MM` (GitHub sends `2020-01-22T19:33:08Z` and, for job
/// steps, `2020-01-20T09:42:40.000-08:00`). `None` for anything else (a leap second, a date
/// that does not exist, a relaxed form), which chrono then reads or rejects.
///
/// Written with plain loops rather than iterator adapters: it is compiled into every build,
/// and each adapter with its closure is one more generic instance to compile.
fn fast_date_time(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    let number = |range| digits_value(bytes, range);
    // `YYYY-MM-DDTHH:MM:SS`: the separators in place (the digits are checked as they are read).
    let [_, _, _, _, b'-', _, _, b'-', _, _, b'T', _, _, b':', _, _, b':', ..] = bytes else {
        return None;
    };
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(0..4)?).ok()?,
        number(5..7)?,
        number(8..10)?,
    )?;
    let mut at = 19;
    let mut nanos = 0;
    if bytes.get(at) == Some(&b'.') {
        let mut end = at + 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        let digits = end - (at + 1);
        if !(1..=9).contains(&digits) {
            return None;
        }
        nanos = number(at + 1..end)? * 10u32.pow(9 - digits as u32);
        at = end;
    }
    let offset_seconds = match (bytes.get(at), bytes.len().checked_sub(at)?) {
        (Some(b'Z'), 1) => 0,
        (Some(&sign @ (b'+' | b'-')), 6) if bytes[at + 3] == b':' => {
            let (hours, minutes) = (number(at + 1..at + 3)?, number(at + 4..at + 6)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let local = date.and_hms_nano_opt(number(11..13)?, number(14..16)?, number(17..19)?, nanos)?;
    let utc = local.checked_sub_signed(TimeDelta::seconds(offset_seconds))?;
    Some(utc.and_utc())
}

/// The decimal number written in `bytes[range]`, if that range exists and is all ASCII digits.
fn digits_value(bytes: &[u8], range: std::ops::Range<usize>) -> Option<u32> {
    let mut value = 0;
    for &byte in bytes.get(range)? {
        if !byte.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(byte - b'0');
    }
    Some(value)
}

/// serde's "missing field" error for the first required field that was not in the object;
/// `fields` pairs each required field's name with whether it is missing.
pub(crate) fn missing_field<E: Error>(fields: &[(&'static str, bool)]) -> E {
    let name = fields
        .iter()
        .find(|(_, missing)| *missing)
        .map_or("?", |(name, _)| name);
    E::missing_field(name)
}

/// Decodes a string enum from a JSON string without allocating for the values it knows: the
/// string is matched borrowed (`From<&str>`), and only an unknown value is copied.
pub(crate) fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct EnumVisitor<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use serde::Deserialize;

    use super::{fast_date_time, Timestamp};

    /// The fast path and chrono agree: same value, or both an error with the same message.
    #[test]
    fn timestamps_decode_as_chrono_decodes_them() {
        let cases = [
            "2020-01-22T19:33:08Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2023-02-29T10:00:00Z",
            "2020-13-01T10:00:00Z",
            "2020-01-22T24:00:00Z",
            "2016-12-31T23:59:60Z",
            "2020-01-22T19:33:08.123Z",
            "2020-01-22T19:33:08.1Z",
            "2020-01-22T19:33:08.123456789Z",
            "2020-01-22T19:33:08.1234567891Z",
            "2020-01-22T19:33:08.Z",
            "2020-01-20T09:42:40.000-08:00",
            "2020-01-22T19:33:08+02:00",
            "2020-01-22T19:33:08-00:00",
            "2020-01-22T19:33:08+23:59",
            "2020-01-22T19:33:08+24:00",
            "2020-01-22T19:33:08+02:60",
            "2020-01-22T19:33:08+0200",
            "2020-01-22T19:33:08+02:00Z",
            "2020-01-22T19:33:08",
            "0000-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-23:59",
            "2020-01-22t19:33:08z",
            "2020-01-22 19:33:08Z",
            "2020-01-22T19:33:0xZ",
            "+020-01-22T19:33:08Z",
            "20200-1-22T19:33:08Z",
            "2020-01-22T19:33:0",
            "2020-01-22T19:33",
            "2020-01-22T",
            "",
            "yesterday",
        ];
        for case in cases {
            let json = serde_json::to_string(case).unwrap();
            let ours = serde_json::from_str::<Timestamp>(&json).map(|t| t.0);
            let chrono = serde_json::from_str::<DateTime<Utc>>(&json);
            match (ours, chrono) {
                (Ok(ours), Ok(chrono)) => assert_eq!(ours, chrono, "{case}"),
                (Err(ours), Err(chrono)) => {
                    assert_eq!(ours.to_string(), chrono.to_string(), "{case}")
                }
                (ours, chrono) => panic!("{case}: ours {ours:?}, chrono {chrono:?}"),
            }
        }
    }

    /// The forms GitHub sends take the fast path (the test above shows it agrees with chrono).
    #[test]
    fn githubs_forms_take_the_fast_path() {
        for text in ["2020-01-22T19:33:08Z", "2020-01-20T09:42:40.000-08:00"] {
            assert!(fast_date_time(text).is_some(), "{text}");
        }
    }

    /// `null` is accepted where the field may be null, as `Option<DateTime<Utc>>` accepts it.
    #[test]
    fn a_null_timestamp_is_none() {
        let value = Option::<Timestamp>::deserialize(serde_json::Value::Null).unwrap();
        assert!(value.is_none());
    }
}
