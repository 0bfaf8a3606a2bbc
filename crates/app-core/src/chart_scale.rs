//! The arithmetic of the console's bar charts (统计): an axis that ends on a
//! round number, where a bar of a value ends, and which day labels fit.

/// The smallest of 1, 2, 5 × 10ⁿ (at least 1) that `max` does not exceed:
/// the axis's top, so its gridlines fall on round numbers.
pub fn nice_top(max: u32) -> u32 {
    let mut step = 1u32;
    loop {
        for m in [1, 2, 5] {
            let top = step.saturating_mul(m);
            if top >= max || top == u32::MAX {
                return top.max(1);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// The gridlines of an axis ending at `top`: nought, the middle when it is a
/// whole number, and the top.
pub fn axis_ticks(top: u32) -> Vec<u32> {
    let mut ticks = vec![0];
    if top.is_multiple_of(2) && top > 2 {
        ticks.push(top / 2);
    }
    if top > 0 {
        ticks.push(top);
    }
    ticks
}

/// The length of a bar of `value` on an axis of `length` ending at `top`.
pub fn scaled(value: u32, top: u32, length: f64) -> f64 {
    if top == 0 {
        return 0.0;
    }
    f64::from(value.min(top)) / f64::from(top) * length
}

/// Every how many categories one is labelled, so at most `room` labels show.
pub fn label_every(count: usize, room: usize) -> usize {
    count.div_ceil(room.max(1)).max(1)
}

/// `text` cut to `chars` characters with an ellipsis (the table beside has it whole).
pub fn clipped(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut s: String = text.chars().take(chars.saturating_sub(1)).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_is_round_and_holds_the_largest() {
        let tops: Vec<u32> = [0, 1, 2, 3, 5, 6, 11, 20, 21, 99, 101, 4999]
            .iter()
            .map(|&m| nice_top(m))
            .collect();
        assert_eq!(tops, [1, 1, 2, 5, 5, 10, 20, 20, 50, 100, 200, 5000]);
        assert!(nice_top(u32::MAX) >= 1);
    }

    #[test]
    fn gridlines_fall_on_whole_numbers() {
        assert_eq!(axis_ticks(1), [0, 1]);
        assert_eq!(axis_ticks(2), [0, 2]);
        assert_eq!(axis_ticks(5), [0, 5]);
        assert_eq!(axis_ticks(10), [0, 5, 10]);
        assert_eq!(axis_ticks(0), [0]);
    }

    #[test]
    fn bars_scale_within_the_axis() {
        assert_eq!(scaled(5, 10, 200.0), 100.0);
        assert_eq!(scaled(0, 10, 200.0), 0.0);
        assert_eq!(scaled(20, 10, 200.0), 200.0, "never past the axis");
        assert_eq!(scaled(3, 0, 200.0), 0.0);
    }

    #[test]
    fn labels_thin_out_and_long_names_are_clipped() {
        assert_eq!(label_every(14, 15), 1);
        assert_eq!(label_every(30, 15), 2);
        assert_eq!(label_every(366, 12), 31);
        assert_eq!(label_every(0, 0), 1);
        assert_eq!(clipped("营业执照不清晰", 10), "营业执照不清晰");
        assert_eq!(clipped("abcdefghijkl", 5), "abcd…");
    }
}
