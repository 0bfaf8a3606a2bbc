//! Counts that start again each day (Asia/Shanghai): look-up misses per
//! credit code, bytes declared per client address. Bounded: past `max_keys`
//! the days gone by are forgotten first, and then a new key is not counted
//! (callers refuse on what they can count, never on a key they cannot).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

use chrono::NaiveDate;

pub struct DailyTally<K> {
    max_keys: usize,
    by_key: Mutex<HashMap<K, (NaiveDate, u64)>>,
}

impl<K: Hash + Eq + Clone> DailyTally<K> {
    pub fn new(max_keys: usize) -> DailyTally<K> {
        DailyTally {
            max_keys,
            by_key: Mutex::new(HashMap::new()),
        }
    }

    /// The count of `key` on `today`.
    pub fn get(&self, key: &K, today: NaiveDate) -> u64 {
        let map = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(key) {
            Some((day, n)) if *day == today => *n,
            _ => 0,
        }
    }

    /// Adds `n` to `key`'s count on `today`, unless it would pass `cap`:
    /// then nothing is added and the count stays. Returns the count after.
    pub fn add_within(&self, key: &K, today: NaiveDate, n: u64, cap: u64) -> Result<u64, u64> {
        let mut map = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= self.max_keys && !map.contains_key(key) {
            map.retain(|_, (day, _)| *day == today);
            if map.len() >= self.max_keys {
                return Ok(n);
            }
        }
        let entry = map.entry(key.clone()).or_insert((today, 0));
        if entry.0 != today {
            *entry = (today, 0);
        }
        match entry.1.checked_add(n).filter(|sum| *sum <= cap) {
            Some(sum) => {
                entry.1 = sum;
                Ok(sum)
            }
            None => Err(entry.1),
        }
    }

    /// Adds `n` to `key`'s count on `today` (saturating).
    pub fn add(&self, key: &K, today: NaiveDate, n: u64) -> u64 {
        self.add_within(key, today, n, u64::MAX).unwrap_or(u64::MAX)
    }

    pub fn tracked(&self) -> usize {
        self.by_key.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn counts_start_again_each_day_and_a_cap_is_never_passed() {
        let t = DailyTally::new(10);
        assert_eq!(t.add_within(&"a", day(6), 60, 100), Ok(60));
        assert_eq!(
            t.add_within(&"a", day(6), 50, 100),
            Err(60),
            "would pass the cap"
        );
        assert_eq!(t.add_within(&"a", day(6), 40, 100), Ok(100));
        assert_eq!(t.get(&"a", day(6)), 100);
        assert_eq!(t.get(&"a", day(7)), 0);
        assert_eq!(t.add_within(&"a", day(7), 100, 100), Ok(100), "a new day");
        assert_eq!(t.get(&"b", day(7)), 0);
    }

    #[test]
    fn past_its_size_the_days_gone_by_are_forgotten() {
        let t = DailyTally::new(3);
        for k in 0..3 {
            t.add(&k, day(6), 1);
        }
        t.add(&9, day(7), 1);
        assert_eq!(t.tracked(), 1, "yesterday's keys were dropped");
        t.add(&10, day(7), 1);
        t.add(&11, day(7), 1);
        t.add(&12, day(7), 1);
        assert_eq!(
            t.tracked(),
            3,
            "full of today's keys: a new one is not kept"
        );
        assert_eq!(t.get(&12, day(7)), 0);
    }
}
