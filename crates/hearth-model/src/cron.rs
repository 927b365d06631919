//! Standard five-field cron expressions (minute hour day-of-month month day-of-week, UTC), as
//! Cloudflare's Cron Triggers accept them: `*`, lists, ranges, steps, month and weekday names,
//! `7` as Sunday. When both day fields are restricted, either may match (Vixie cron's rule).

/// A parsed cron expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    minutes: u64,
    hours: u64,
    days: u64,
    months: u64,
    weekdays: u64,
    days_restricted: bool,
    weekdays_restricted: bool,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn value(s: &str, names: &[&str], base: u32) -> Result<u32, String> {
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
        return Ok(i as u32 + base);
    }
    s.parse::<u32>()
        .map_err(|_| format!("'{s}' is not a number"))
}

/// Parses one field into a bit set of allowed values in `min..=max`.
fn field(spec: &str, min: u32, max: u32, names: &[&str], name_base: u32) -> Result<u64, String> {
    let mut bits = 0u64;
    for part in spec.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .map_err(|_| format!("bad step in '{part}'"))?,
            ),
            None => (part, 1),
        };
        if step == 0 {
            return Err(format!("step 0 in '{part}'"));
        }
        let (lo, hi) = if range == "*" || range == "?" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a, names, name_base)?, value(b, names, name_base)?)
        } else {
            let v = value(range, names, name_base)?;
            (v, if part.contains('/') { max } else { v })
        };
        if lo < min || hi > max || lo > hi {
            return Err(format!("'{part}' is outside {min}-{max}"));
        }
        let mut v = lo;
        while v <= hi {
            bits |= 1 << v;
            v += step;
        }
    }
    Ok(bits)
}

impl Cron {
    /// Parses `minute hour day month weekday`.
    pub fn parse(expr: &str) -> Result<Cron, String> {
        let f: Vec<&str> = expr.split_whitespace().collect();
        if f.len() != 5 {
            return Err(format!(
                "'{expr}' must have 5 fields: minute hour day-of-month month day-of-week"
            ));
        }
        let bad = |e: String| format!("invalid cron expression '{expr}': {e}");
        let mut weekdays = field(f[4], 0, 7, &WEEKDAYS, 0).map_err(bad)?;
        if weekdays & (1 << 7) != 0 {
            weekdays |= 1; // 7 is Sunday too
        }
        Ok(Cron {
            minutes: field(f[0], 0, 59, &[], 0).map_err(bad)?,
            hours: field(f[1], 0, 23, &[], 0).map_err(bad)?,
            days: field(f[2], 1, 31, &[], 0).map_err(bad)?,
            months: field(f[3], 1, 12, &MONTHS, 1).map_err(bad)?,
            weekdays,
            days_restricted: !matches!(f[2], "*" | "?"),
            weekdays_restricted: !matches!(f[4], "*" | "?"),
        })
    }

    /// Does the expression fire at this UTC minute (`minutes` since the Unix epoch)?
    pub fn matches(&self, epoch_minute: i64) -> bool {
        let secs = epoch_minute * 60;
        let days_since_epoch = secs.div_euclid(86_400);
        let minute_of_day = secs.rem_euclid(86_400) / 60;
        let (minute, hour) = ((minute_of_day % 60) as u32, (minute_of_day / 60) as u32);
        let (_, month, day) = civil_from_days(days_since_epoch);
        let weekday = ((days_since_epoch + 4).rem_euclid(7)) as u32; // 1970-01-01 was a Thursday
        let bit = |set: u64, v: u32| set & (1 << v) != 0;
        let day_ok = match (self.days_restricted, self.weekdays_restricted) {
            (true, true) => bit(self.days, day) || bit(self.weekdays, weekday),
            _ => bit(self.days, day) && bit(self.weekdays, weekday),
        };
        bit(self.minutes, minute) && bit(self.hours, hour) && bit(self.months, month) && day_ok
    }
}

/// (year, month 1-12, day 1-31) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A UTC minute as RFC 3339 (`2026-12-02T10:35:00Z`), the key of a schedule's run.
pub fn minute_rfc3339(epoch_minute: i64) -> String {
    let days = epoch_minute.div_euclid(1440);
    let m = epoch_minute.rem_euclid(1440);
    let (y, mo, d) = civil_from_days(days);
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:00Z", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minutes since the epoch of a UTC date and time.
    fn at(y: i64, mo: i64, d: i64, h: i64, mi: i64) -> i64 {
        // days_from_civil, the inverse of civil_from_days
        let y = if mo <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (mo + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 1440 + h * 60 + mi
    }

    #[test]
    fn fields_and_days() {
        let every5 = Cron::parse("*/5 * * * *").unwrap();
        assert!(every5.matches(at(2026, 12, 2, 10, 35)));
        assert!(!every5.matches(at(2026, 12, 2, 10, 36)));
        let noon_monday = Cron::parse("0 12 * * MON").unwrap();
        assert!(noon_monday.matches(at(2026, 11, 30, 12, 0))); // a Monday
        assert!(!noon_monday.matches(at(2026, 12, 1, 12, 0)));
        let sunday7 = Cron::parse("0 0 * * 7").unwrap();
        assert!(sunday7.matches(at(2026, 11, 29, 0, 0))); // a Sunday
                                                          // Both day fields restricted: either matches.
        let either = Cron::parse("0 0 1 * FRI").unwrap();
        assert!(either.matches(at(2026, 12, 1, 0, 0))); // the 1st (a Tuesday)
        assert!(either.matches(at(2026, 12, 4, 0, 0))); // a Friday
        assert!(!either.matches(at(2026, 12, 2, 0, 0)));
        let ranges = Cron::parse("15,45 9-17/2 * jan-mar *").unwrap();
        assert!(ranges.matches(at(2027, 2, 10, 11, 45)));
        assert!(!ranges.matches(at(2027, 2, 10, 12, 45)));
        assert!(!ranges.matches(at(2027, 4, 10, 11, 45)));
        assert!(Cron::parse("* * *").is_err());
        assert!(Cron::parse("60 * * * *").is_err());
        assert!(Cron::parse("*/0 * * * *").is_err());
        assert!(Cron::parse("every minute").is_err());
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(at(2024, 2, 29, 0, 0) / 1440), (2024, 2, 29));
        assert_eq!(
            minute_rfc3339(at(2026, 12, 2, 10, 35)),
            "2026-12-02T10:35:00Z"
        );
    }
}
